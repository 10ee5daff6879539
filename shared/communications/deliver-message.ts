import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { TelephonyError } from '../ports/telephony.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { applyCommunicationEffects } from './apply-communication-effects.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';
import { reserveSendSlot } from './reserve-send-slot.ts';
import { scheduleSend } from './schedule-send.ts';

/** Provider outages are retried this many times, backing off from 30 s, before the message fails. */
export const MAX_SEND_ATTEMPTS = 4;
const RETRY_BASE_MS = 30_000;
/** How long a send waits when the number's next 30 seconds are full. */
const FULL_BACKOFF_MS = 30_000;

/**
 * Hands a `sending` message to its provider, respecting the sender number's throughput: a
 * send with no room in the current second is put back to `scheduled` for its slot. Success
 * stores the provider's sid and status and applies the message's effects; a refusal stores
 * `failed` with the provider's reason; an outage is retried later through the queue.
 */
export async function deliverMessage(
  ctx: TServiceContext,
  record: TCommunicationRecord,
  options: { lead?: TLeadRecord | null; buyer?: TBuyerRecord | null; sender?: TPhoneNumberRecord | null } = {},
): Promise<TCommunicationRecord> {
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  const now = ctx.ports.clock.now();

  // A message that waited for a slot reserved it already.
  const reserved = record.reserved_slot && record.reserved_slot.getTime() <= now.getTime() + 1_000;
  if (record.channel === 'sms' && !reserved) {
    const sender = options.sender ?? (await ctx.db.collection<TPhoneNumberRecord>('phone_numbers').findOne({ number: record.from }));
    const from = new Date(Math.max(now.getTime(), record.scheduled_for?.getTime() ?? 0));
    const slot = await reserveSendSlot(ctx.ports, record.from, sender?.throughput_per_second ?? 1, record.segments ?? 1, from);
    if (!slot) return reschedule(ctx, record, new Date(now.getTime() + FULL_BACKOFF_MS), { error: null });
    if (slot.getTime() > now.getTime()) return reschedule(ctx, record, slot, { error: null, reservedSlot: slot });
  }

  let accepted: { sid: string; status: string; segments: number | null };
  try {
    accepted = record.channel === 'sms' ? await sendSms(ctx, record) : await sendEmail(ctx, record);
  } catch (error) {
    const attempts = (record.attempts ?? 0) + 1;
    const retryable = error instanceof TelephonyError ? error.retryable : record.channel === 'email';
    const reason = error instanceof Error ? error.message : String(error);
    if (retryable && attempts < MAX_SEND_ATTEMPTS) {
      ctx.log.warn({ err: error, communication_id: record._id, attempts }, 'Send failed; retrying later');
      return reschedule(ctx, record, new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1)), { error: `Retrying: ${reason}`, attempts });
    }
    const failed = await communications.findOneAndUpdate(
      { _id: record._id },
      {
        $set: {
          status: 'failed',
          error: reason,
          error_code: error instanceof TelephonyError ? error.providerCode : null,
          attempts,
          scheduled_for: null,
          updated_at: ctx.ports.clock.now(),
        },
      },
      { returnDocument: 'after' },
    );
    if (!(error instanceof TelephonyError) && record.channel === 'sms') throw error;
    return failed ?? record;
  }

  const at = ctx.ports.clock.now();
  const fields = { provider_sid: accepted.sid, segments: accepted.segments ?? record.segments ?? null, scheduled_for: null, reserved_slot: null, error: null, updated_at: at };
  // A status callback may have overtaken us (sandbox, fast carriers): never move the status back.
  const sent =
    (await communications.findOneAndUpdate({ _id: record._id, status: 'sending' }, { $set: { ...fields, status: accepted.status } }, { returnDocument: 'after' })) ??
    (await communications.findOneAndUpdate({ _id: record._id }, { $set: fields }, { returnDocument: 'after' })) ??
    record;
  await applyCommunicationEffects(ctx, sent, { ...(options.lead === undefined ? {} : { lead: options.lead }), ...(options.buyer === undefined ? {} : { buyer: options.buyer }) });
  return sent;
}

async function sendSms(ctx: TServiceContext, record: TCommunicationRecord) {
  const telephony = await ctx.ports.telephony();
  return telephony.sendMessage({ from: record.from, to: record.to, body: record.body, ...(record.media_urls?.length ? { mediaUrls: record.media_urls } : {}), reference: record._id });
}

async function sendEmail(ctx: TServiceContext, record: TCommunicationRecord) {
  const sender = record.sent_by ? await ctx.db.collection<TUserRecord>('users').findOne({ _id: record.sent_by }) : null;
  const email = await ctx.ports.email();
  const { messageId } = await email.send({
    to: record.to,
    subject: record.subject ?? '',
    text: record.body,
    ...(sender?.email ? { replyTo: sender.email } : {}),
    headers: { 'X-DealCycle-Communication': record._id },
  });
  return { sid: messageId, status: 'sent', segments: null };
}

async function reschedule(
  ctx: TServiceContext,
  record: TCommunicationRecord,
  at: Date,
  change: { error: string | null; attempts?: number; reservedSlot?: Date },
): Promise<TCommunicationRecord> {
  const set = {
    status: 'scheduled',
    scheduled_for: at,
    reserved_slot: change.reservedSlot ?? null,
    error: change.error,
    updated_at: ctx.ports.clock.now(),
    ...(change.attempts === undefined ? {} : { attempts: change.attempts }),
  };
  const updated = await ctx.db.collection<TCommunicationRecord>('communications').findOneAndUpdate({ _id: record._id }, { $set: set }, { returnDocument: 'after' });
  await scheduleSend(ctx, record, at);
  return updated ?? record;
}
