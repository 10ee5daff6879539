import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TContactPreferenceRecord, TDoNotContactRecord } from './contact-preference-record.ts';

/**
 * Who may not be contacted, checked by the one sending path whoever asks (a person, a
 * workflow, a deal blast) and again when a scheduled message comes due:
 * - a number that texted STOP (or was marked opted out) gets no texts until it texts START;
 * - an email address that unsubscribed gets no email;
 * - anything on the organisation's do-not-contact list gets nothing, calls included.
 */
export type TContactChannel = 'sms' | 'call' | 'email';
export type TBlockReason = 'opted_out' | 'do_not_contact';

const HISTORY_LIMIT = 50;

export const preferenceId = (tenantId: string, address: string): string => `cp:${tenantId}:${address}`;

export async function findSendBlock(ctx: TServiceContext, channel: TContactChannel, address: string): Promise<{ reason: TBlockReason; detail: string } | null> {
  const [listed, preference] = await Promise.all([
    ctx.db.collection<TDoNotContactRecord>('do_not_contact').findOne({ value: address }),
    channel === 'call' ? null : ctx.db.collection<TContactPreferenceRecord>('contact_preferences').findOne({ _id: preferenceId(ctx.tenant._id, address) }),
  ]);
  if (listed) return { reason: 'do_not_contact', detail: `${address} is on your do-not-contact list${listed.reason ? ` (${listed.reason})` : ''}` };
  if (preference?.opted_out) {
    const how = preference.opt_out_source === 'keyword' ? 'replied STOP' : preference.opt_out_source === 'unsubscribe' ? 'unsubscribed' : 'was marked opted out';
    const when = preference.opted_out_at ? ` on ${preference.opted_out_at.toISOString().slice(0, 10)}` : '';
    return {
      reason: 'opted_out',
      detail: channel === 'sms' ? `${address} ${how}${when}; only they can opt back in by texting START` : `${address} ${how}${when}`,
    };
  }
  return null;
}

/** Refuses a send to a blocked address with 403 and `reason` (`opted_out` or `do_not_contact`). */
export async function assertMayContact(ctx: TServiceContext, channel: TContactChannel, address: string, who: string): Promise<void> {
  const block = await findSendBlock(ctx, channel, address);
  if (block) throw new AppError('forbidden', `Not sent: ${who} cannot be contacted — ${block.detail}`, { extensions: { reason: block.reason, address } });
}

/**
 * Applies an opt-out, opt-in or consent change to an address's preferences, with a history
 * line. Opting back in is the recipient's own act (START); people may only opt someone out.
 */
export async function changePreference(
  ctx: TServiceContext,
  address: string,
  kind: 'phone' | 'email',
  change:
    | { type: 'opt_out'; source: 'keyword' | 'user' | 'unsubscribe' }
    | { type: 'opt_in'; source: 'keyword' }
    | { type: 'consent'; consent: TContactPreferenceRecord['consent']; source: string }
    | { type: 'help'; source: 'keyword' },
): Promise<TContactPreferenceRecord> {
  const now = ctx.ports.clock.now();
  const set: Record<string, unknown> = { address, kind, updated_at: now };
  if (change.type === 'opt_out') Object.assign(set, { opted_out: true, opted_out_at: now, opt_out_source: change.source });
  if (change.type === 'opt_in') Object.assign(set, { opted_out: false, opted_out_at: null, opt_out_source: null });
  if (change.type === 'consent') Object.assign(set, { consent: change.consent, consent_at: now, consent_source: change.source });
  // A STOP also revokes consent to be texted; START restores what the number had before only by asking again.
  if (change.type === 'opt_out') Object.assign(set, { consent: 'revoked', consent_at: now, consent_source: change.source === 'keyword' ? 'Replied STOP' : 'Marked opted out' });
  const defaults = {
    opted_out: false,
    opted_out_at: null,
    opt_out_source: null,
    consent: 'unknown',
    consent_at: null,
    consent_source: '',
  };
  const setOnInsert = Object.fromEntries(Object.entries(defaults).filter(([field]) => !(field in set)));
  const source = change.source;
  const updated = await ctx.db.collection<TContactPreferenceRecord>('contact_preferences').findOneAndUpdate(
    { _id: preferenceId(ctx.tenant._id, address) },
    {
      $set: set,
      $setOnInsert: setOnInsert,
      $push: { history: { $each: [{ at: now, change: change.type, source, by: ctx.principal.uid }], $slice: -HISTORY_LIMIT } },
    },
    { upsert: true, returnDocument: 'after' },
  );
  if (!updated) throw new Error('Upserting a contact preference returned nothing');
  return updated;
}
