import type { TServiceContext, TSystemContext } from '../context/service-context.ts';
import { tenantSystemContext } from '../context/tenant-system-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';

/** The actor of everything a provider webhook does. */
export const TWILIO_ACTOR = 'twilio';

async function contextFor(system: TSystemContext, tenantId: string): Promise<TServiceContext> {
  const tenant = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: tenantId });
  if (!tenant) throw notFound('Organisation');
  return tenantSystemContext(system, tenant, TWILIO_ACTOR, 'Phone system');
}

/**
 * The organisation a webhook is for, from our number in it (`To` of inbound messages and
 * calls): the global unique index on `phone_numbers.number` makes it one lookup. 404 when no
 * organisation uses the number (Twilio logs it as a failed webhook).
 */
export async function findNumberTenant(system: TSystemContext, number: string): Promise<{ ctx: TServiceContext; number: TPhoneNumberRecord }> {
  const owned = await system.db.collection<TPhoneNumberRecord>('phone_numbers').findOne({ number });
  if (!owned) throw notFound(`Phone number ${number}`);
  return { ctx: await contextFor(system, owned.tenant_id), number: owned };
}

/**
 * The message or call a callback is about: by our `?ref=` when the URL carries it (callbacks of
 * what we started), else by its sid within the organisation of `number` (calls that came in).
 */
export async function findWebhookCommunication(
  system: TSystemContext,
  lookup: { ref?: string | undefined; sid: string; numbers: (string | undefined)[] },
): Promise<{ ctx: TServiceContext; record: TCommunicationRecord }> {
  if (lookup.ref) {
    const record = await system.db.collection<TCommunicationRecord>('communications').findOne({ _id: lookup.ref });
    if (!record || (record.provider_sid && record.provider_sid !== lookup.sid)) throw notFound('Communication');
    return { ctx: await contextFor(system, record.tenant_id), record };
  }
  for (const number of lookup.numbers) {
    if (!number) continue;
    const owned = await system.db.collection<TPhoneNumberRecord>('phone_numbers').findOne({ number });
    if (!owned) continue;
    const ctx = await contextFor(system, owned.tenant_id);
    const record = await ctx.db.collection<TCommunicationRecord>('communications').findOne({ provider_sid: lookup.sid });
    if (record) return { ctx, record };
  }
  throw notFound('Communication');
}
