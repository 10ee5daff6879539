import type { TServiceContext } from '../context/service-context.ts';
import { statusRank, type TCommunicationRecord } from './communication-record.ts';
import { conversationId } from './conversation-record.ts';
import { processOnce } from './process-once.ts';
import type { TMessageStatusWebhook } from './twilio-webhook.schemas.ts';

/** Twilio's message statuses that change ours (`sending`/`scheduled`/`receiving` say nothing new). */
const STATUS_MAP: Partial<Record<TMessageStatusWebhook['MessageStatus'], string>> = {
  accepted: 'accepted',
  queued: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  partially_delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'canceled',
  read: 'read',
};

const statusesBelow = (status: string): string[] =>
  ['scheduled', 'sending', 'accepted', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read'].filter((candidate) => statusRank(candidate) < statusRank(status));

/**
 * A message status callback: moves the message forward (`queued → sent → delivered`, or
 * `failed`/`undelivered` with Twilio's error code), never back — callbacks arrive out of
 * order — and each (MessageSid, status) is handled once.
 */
export async function updateMessageStatus(ctx: TServiceContext, record: TCommunicationRecord, callback: TMessageStatusWebhook): Promise<void> {
  const status = STATUS_MAP[callback.MessageStatus];
  if (!status) return;
  await processOnce(
    ctx.ports,
    `twilio:sms-status:${callback.MessageSid}:${status}`,
    async () => {
      const now = ctx.ports.clock.now();
      const errorCode = callback.ErrorCode ? Number(callback.ErrorCode) : null;
      const failed = status === 'failed' || status === 'undelivered';
      const set: Record<string, unknown> = { status, updated_at: now };
      if (!record.provider_sid) set.provider_sid = callback.MessageSid;
      if (failed) Object.assign(set, { error_code: Number.isFinite(errorCode) ? errorCode : null, error: callback.ErrorMessage ?? describeError(errorCode) });
      if (status === 'delivered') set.delivered_at = now;
      const moved = await ctx.db
        .collection<TCommunicationRecord>('communications')
        .updateOne({ _id: record._id, status: { $in: statusesBelow(status) } }, { $set: set });
      const contactId = record.lead_id ?? record.buyer_id;
      if (moved.modifiedCount > 0 && contactId) {
        await ctx.db.collection('conversations').updateOne({ _id: conversationId(contactId), 'last_message.id': record._id }, { $set: { 'last_message.status': status } });
      }
    },
    () => undefined,
  );
}

/** The common carrier errors in words (https://www.twilio.com/docs/api/errors). */
function describeError(code: number | null): string {
  switch (code) {
    case 30003:
      return 'Unreachable: the phone is off or out of coverage';
    case 30004:
      return 'Blocked by the recipient';
    case 30005:
      return 'Unknown or inactive number';
    case 30006:
      return 'Landline or unreachable carrier';
    case 30007:
      return 'Filtered by the carrier as spam';
    case 30008:
      return 'Unknown delivery error';
    default:
      return code ? `Delivery failed (Twilio error ${code})` : 'Delivery failed';
  }
}
