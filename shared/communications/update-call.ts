import type { TServiceContext } from '../context/service-context.ts';
import { applyCommunicationEffects } from './apply-communication-effects.ts';
import { isFinalStatus, statusRank, type TCommunicationRecord } from './communication-record.ts';
import { conversationId } from './conversation-record.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import { processOnce } from './process-once.ts';
import type { TCallStatusWebhook, TDialResultWebhook, TRecordingWebhook, TVoiceAction } from './twilio-webhook.schemas.ts';

/** Twilio's call statuses in our vocabulary (underscores, one spelling). */
export function callStatus(twilioStatus: string): string {
  const status = twilioStatus.toLowerCase().replace(/-/g, '_');
  return status === 'answered' ? 'in_progress' : status;
}

const communications = (ctx: TServiceContext) => ctx.db.collection<TCommunicationRecord>('communications');

/**
 * The `<Dial>` of an inbound call ended: the rep answered (the call is done, with the bridged
 * duration) or did not (missed: the caller is offered voicemail).
 */
export async function completeInboundDial(ctx: TServiceContext, record: TCommunicationRecord, dial: TDialResultWebhook): Promise<TVoiceAction> {
  const answered = ['completed', 'answered'].includes(dial.DialCallStatus);
  const voicemail = async (): Promise<TVoiceAction> => ({ kind: 'voicemail', greeting: (await loadCommunicationSettings(ctx)).voicemail_greeting, maxSeconds: 120 });
  return processOnce(
    ctx.ports,
    `twilio:dial:${dial.CallSid}`,
    async () => {
      const set = answered
        ? { status: 'completed', duration_seconds: dial.DialCallDuration ?? null, missed: false, updated_at: ctx.ports.clock.now() }
        : { status: 'no_answer', missed: true, read: false, updated_at: ctx.ports.clock.now() };
      await communications(ctx).updateOne({ _id: record._id }, { $set: set });
      return answered ? { kind: 'hangup' } : voicemail();
    },
    async () => (answered ? { kind: 'hangup' } : voicemail()),
  );
}

/** A voicemail was left (the `<Record>` action), or a recorded call's recording is ready. */
export async function saveCallRecording(ctx: TServiceContext, record: TCommunicationRecord, recording: TRecordingWebhook): Promise<void> {
  if (recording.RecordingStatus && recording.RecordingStatus !== 'completed') return;
  await processOnce(
    ctx.ports,
    `twilio:recording:${recording.RecordingSid ?? recording.CallSid}`,
    async () => {
      const set: Record<string, unknown> = { recording_url: recording.RecordingUrl, updated_at: ctx.ports.clock.now() };
      // A voicemail's length is what matters on a missed call.
      if (record.direction === 'inbound' && record.missed && recording.RecordingDuration !== undefined) set.duration_seconds = recording.RecordingDuration;
      await communications(ctx).updateOne({ _id: record._id }, { $set: set });
    },
    () => undefined,
  );
}

/**
 * A call status callback. Statuses only move forward (callbacks arrive out of order); the
 * final one stores the duration. For an inbound call the end is when it counts: a caller who
 * hung up before anyone answered is a missed call, and the call's effects — inbox, lead,
 * timeline, the rep's notification and `communication_received` (with `missed`, which the
 * missed-call text-back workflow keys on) — are applied once.
 */
export async function updateCallStatus(ctx: TServiceContext, record: TCommunicationRecord, callback: TCallStatusWebhook): Promise<void> {
  const status = callStatus(callback.CallStatus);
  await processOnce(
    ctx.ports,
    `twilio:call-status:${callback.CallSid}:${status}`,
    async () => {
      const now = ctx.ports.clock.now();
      const final = isFinalStatus(status);
      const current = (await communications(ctx).findOne({ _id: record._id })) ?? record;
      const set: Record<string, unknown> = { updated_at: now };
      if (current.direction === 'outbound') {
        if (statusRank(status) > statusRank(current.status)) set.status = status;
        if (final && callback.CallDuration !== undefined) set.duration_seconds = callback.CallDuration;
      } else if (final && !isFinalStatus(current.status)) {
        // The caller hung up while it rang (or before voicemail): missed.
        Object.assign(set, { status: 'no_answer', missed: true, read: false });
      } else if (!final && statusRank(status) > statusRank(current.status)) {
        set.status = status;
      }
      const updated = await communications(ctx).findOneAndUpdate({ _id: record._id }, { $set: set }, { returnDocument: 'after' });
      if (!updated) return;
      const contactId = updated.lead_id ?? updated.buyer_id;
      if (contactId && updated.direction === 'outbound') {
        await ctx.db.collection('conversations').updateOne({ _id: conversationId(contactId), 'last_message.id': updated._id }, { $set: { 'last_message.status': updated.status } });
      }
      if (final && updated.direction === 'inbound') {
        await processOnce(ctx.ports, `twilio:call-ended:${callback.CallSid}`, () => applyCommunicationEffects(ctx, updated), () => undefined);
      }
    },
    () => undefined,
  );
}
