import { normalizeEmail, normalizePhone } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { changePreference, preferenceId } from './contact-compliance.ts';
import type { TContactPreferenceRecord, TDoNotContactRecord } from './contact-preference-record.ts';
import type { TContactPreferences, TUpdatePreferencesRequest } from './phone-number.schemas.ts';

/** A phone or email as stored: E.164 or lower case. */
export function normalizeAddress(value: string, field = 'value'): { value: string; kind: 'phone' | 'email' } {
  if (value.includes('@')) {
    const email = normalizeEmail(value);
    if (email.error !== undefined) throw invalid(field, email.error);
    return { value: email.value, kind: 'email' };
  }
  const phone = normalizePhone(value);
  if (phone.error !== undefined) throw invalid(field, phone.error);
  return { value: phone.value, kind: 'phone' };
}

/** Adds a phone or email to the do-not-contact list: every later send and call to it is refused. */
export async function addDoNotContact(ctx: TServiceContext, input: { value: string; reason?: string | undefined }) {
  const { value, kind } = normalizeAddress(input.value);
  const now = ctx.ports.clock.now();
  const record: TDoNotContactRecord = { _id: newId('dnc', now), tenant_id: ctx.tenant._id, value, kind, reason: input.reason ?? '', added_by: ctx.principal.uid, created_at: now };
  try {
    await ctx.db.collection<TDoNotContactRecord>('do_not_contact').insertOne(record);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', `${value} is already on the do-not-contact list`);
    throw error;
  }
  return toDoNotContact(record);
}

/** Admins take an entry off the list. */
export async function removeDoNotContact(ctx: TServiceContext, id: string): Promise<void> {
  const result = await ctx.db.collection<TDoNotContactRecord>('do_not_contact').deleteOne({ _id: id });
  if (result.deletedCount === 0) throw notFound('Do-not-contact entry');
}

export async function listDoNotContact(ctx: TServiceContext, query: { q?: string | undefined; cursor?: string | undefined; limit: number }): Promise<TPage<ReturnType<typeof toDoNotContact>>> {
  const filter = query.q ? { value: { $regex: `^${query.q.replace(/[^\w@.+-]/g, '').replace(/[.+]/g, '\\$&')}` } } : {};
  const page = await findPage(ctx.db.collection<TDoNotContactRecord>('do_not_contact'), filter, { sortField: 'created_at', direction: -1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(toDoNotContact), nextCursor: page.nextCursor };
}

export const toDoNotContact = (record: TDoNotContactRecord) => ({
  id: record._id,
  value: record.value,
  kind: record.kind,
  reason: record.reason,
  added_by: record.added_by,
  created_at: record.created_at.toISOString(),
});

/** Opt-out, consent and do-not-contact state of one phone or email, with its history. */
export async function getContactPreferences(ctx: TServiceContext, address: { phone: string } | { email: string }): Promise<TContactPreferences> {
  const { value, kind } = normalizeAddress('phone' in address ? address.phone : address.email, 'phone' in address ? 'phone' : 'email');
  const [preference, listed] = await Promise.all([
    ctx.db.collection<TContactPreferenceRecord>('contact_preferences').findOne({ _id: preferenceId(ctx.tenant._id, value) }),
    ctx.db.collection<TDoNotContactRecord>('do_not_contact').findOne({ value }),
  ]);
  return toPreferences(value, kind, preference, listed !== null);
}

/** Records consent, or opts a contact out on their word (people cannot opt anyone back in: that is the contact's START). */
export async function updateContactPreferences(ctx: TServiceContext, input: TUpdatePreferencesRequest): Promise<TContactPreferences> {
  const field = input.phone !== undefined ? 'phone' : 'email';
  const { value, kind } = normalizeAddress((input.phone ?? input.email) as string, field);
  if (input.consent) await changePreference(ctx, value, kind, { type: 'consent', consent: input.consent.status, source: input.consent.source });
  if (input.opted_out) await changePreference(ctx, value, kind, { type: 'opt_out', source: 'user' });
  return getContactPreferences(ctx, kind === 'phone' ? { phone: value } : { email: value });
}

function toPreferences(address: string, kind: 'phone' | 'email', record: TContactPreferenceRecord | null, listed: boolean): TContactPreferences {
  return {
    address,
    kind,
    opted_out: record?.opted_out ?? false,
    opted_out_at: record?.opted_out_at?.toISOString() ?? null,
    opt_out_source: record?.opt_out_source ?? null,
    consent: record?.consent ?? 'unknown',
    consent_at: record?.consent_at?.toISOString() ?? null,
    consent_source: record?.consent_source ?? '',
    do_not_contact: listed,
    history: (record?.history ?? []).map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}
