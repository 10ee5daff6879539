import { normalizePhone } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { LEAD_ASSIGNEE_ROLES } from '../leads/lead-access.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import { TelephonyError } from '../ports/telephony.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';
import type { TConnectNumberRequest, TPhoneNumber, TUpdateNumberRequest } from './phone-number.schemas.ts';

/**
 * An organisation's Twilio numbers (admins). Connecting one checks that the account owns it and
 * points its webhooks at this deployment (telephony port), then stores it; a number belongs to
 * one organisation at a time (409 otherwise). The first number becomes the default sender.
 */
const numbers = (ctx: TServiceContext) => ctx.db.collection<TPhoneNumberRecord>('phone_numbers');

async function assertOwner(ctx: TServiceContext, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const user = await ctx.db.collection<TUserRecord>('users').findOne({ _id: ownerId });
  if (!user || user.status !== 'active' || !LEAD_ASSIGNEE_ROLES.includes(user.role)) throw invalid('owner_id', 'A number can belong to an active admin or acquisition rep');
}

export async function connectPhoneNumber(ctx: TServiceContext, input: TConnectNumberRequest): Promise<TPhoneNumber> {
  const normalized = normalizePhone(input.number);
  if (normalized.error !== undefined) throw invalid('number', normalized.error);
  await assertOwner(ctx, input.owner_id);
  const existing = await numbers(ctx).countDocuments({});
  let details;
  try {
    details = await (await ctx.ports.telephony()).connectNumber(normalized.value);
  } catch (error) {
    if (!(error instanceof TelephonyError)) throw error;
    if (error.retryable) throw new AppError('unavailable', `Twilio could not be reached: ${error.message}`, { retryAfterSeconds: 10 });
    throw invalid('number', error.message);
  }
  const now = ctx.ports.clock.now();
  const isDefault = input.is_default ?? existing === 0;
  const record: TPhoneNumberRecord = {
    _id: newId('pn', now),
    tenant_id: ctx.tenant._id,
    number: normalized.value,
    label: input.label ?? '',
    provider_sid: details.sid,
    capabilities: details.capabilities,
    throughput_per_second: input.throughput_per_second,
    owner_id: input.owner_id ?? null,
    is_default: isDefault,
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
  };
  try {
    await numbers(ctx).insertOne(record);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', `${normalized.value} is already connected to an organisation`, { fieldErrors: [{ location: 'body', field: 'number', detail: 'Already connected' }] });
    throw error;
  }
  if (isDefault) await numbers(ctx).updateMany({ _id: { $ne: record._id } }, { $set: { is_default: false } });
  return toPhoneNumber(record);
}

export async function updatePhoneNumber(ctx: TServiceContext, id: string, input: TUpdateNumberRequest): Promise<TPhoneNumber> {
  await assertOwner(ctx, input.owner_id);
  const set: Record<string, unknown> = { updated_at: ctx.ports.clock.now() };
  for (const field of ['label', 'throughput_per_second', 'owner_id', 'is_default'] as const) if (input[field] !== undefined) set[field] = input[field];
  const updated = await numbers(ctx).findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('Phone number');
  if (input.is_default) await numbers(ctx).updateMany({ _id: { $ne: id } }, { $set: { is_default: false } });
  return toPhoneNumber(updated);
}

/** Disconnects a number: its messages stay; inbound webhooks to it answer 404 from now on. */
export async function removePhoneNumber(ctx: TServiceContext, id: string): Promise<void> {
  const removed = await numbers(ctx).findOne({ _id: id });
  if (!removed) throw notFound('Phone number');
  await numbers(ctx).deleteOne({ _id: id });
  if (removed.is_default) {
    const next = await numbers(ctx).findOne({}, { sort: { created_at: 1 } });
    if (next) await numbers(ctx).updateOne({ _id: next._id }, { $set: { is_default: true } });
  }
}

export async function listPhoneNumbers(ctx: TServiceContext): Promise<{ items: TPhoneNumber[] }> {
  return { items: (await numbers(ctx).find({}, { sort: { created_at: 1 } }).toArray()).map(toPhoneNumber) };
}

export const toPhoneNumber = (record: TPhoneNumberRecord): TPhoneNumber => ({
  id: record._id,
  number: record.number,
  label: record.label,
  capabilities: record.capabilities,
  throughput_per_second: record.throughput_per_second,
  owner_id: record.owner_id,
  is_default: record.is_default,
  created_at: record.created_at.toISOString(),
});
