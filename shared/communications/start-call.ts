import { normalizePhone } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { TelephonyError } from '../ports/telephony.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { applyCommunicationEffects } from './apply-communication-effects.ts';
import type { TStartCallRequest } from './communication.schemas.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { assertMayContact } from './contact-compliance.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import { pickSenderNumber } from './pick-sender-number.ts';
import { resolveRecipient } from './resolve-recipient.ts';

/**
 * Click-to-call: rings the caller's own phone (their profile's number) from one of the
 * organisation's numbers and, when they pick up, dials the lead or buyer and bridges the two
 * (recorded when the organisation records calls). The call is stored as `queued` and moves
 * on by status callbacks (`ringing`, `in_progress`, `completed` with its duration). A
 * do-not-contact number is refused (403); a STOP only stops texts.
 */
export async function startCall(ctx: TServiceContext, request: TStartCallRequest): Promise<TCommunicationRecord> {
  if (!ctx.tenant.plan.features.calls) throw new AppError('feature_disabled', 'Your plan does not include calls', { extensions: { feature: 'calls' } });
  const recipient = await resolveRecipient(ctx, request.to);
  if (!recipient.phone) throw invalid('to', `${recipient.name} has no phone number`);
  await assertMayContact(ctx, 'call', recipient.phone, recipient.name);

  const caller = await ctx.db.collection<TUserRecord>('users').findOne({ _id: ctx.principal.uid });
  const callerPhone = caller?.phone ? normalizePhone(caller.phone).value : undefined;
  if (!callerPhone) {
    throw new AppError('conflict', 'Add your own phone number to your profile first: click-to-call rings it, then connects the contact', { extensions: { reason: 'no_caller_phone' } });
  }
  const contactId = recipient.lead?._id ?? recipient.buyer?._id;
  const conversation = contactId ? await ctx.db.collection<TConversationRecord>('conversations').findOne({ _id: conversationId(contactId) }) : null;
  const sender = await pickSenderNumber(ctx, { requested: request.from, previous: conversation?.tenant_number ?? null, capability: 'voice' });
  const settings = await loadCommunicationSettings(ctx);

  const now = ctx.ports.clock.now();
  const record: TCommunicationRecord = {
    _id: newId('cm', now),
    tenant_id: ctx.tenant._id,
    channel: 'call',
    direction: 'outbound',
    status: 'queued',
    from: sender.number,
    to: recipient.phone,
    body: '',
    lead_id: recipient.lead?._id ?? null,
    buyer_id: recipient.buyer?._id ?? null,
    deal_id: null,
    provider_sid: null,
    duration_seconds: null,
    recording_url: null,
    sent_by: ctx.principal.uid,
    error: null,
    read: true,
    created_at: now,
    updated_at: now,
  };
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  await communications.insertOne(record);
  try {
    const started = await (await ctx.ports.telephony()).startCall({ from: sender.number, to: callerPhone, bridgeTo: recipient.phone, record: settings.record_calls, reference: record._id });
    const updated =
      (await communications.findOneAndUpdate({ _id: record._id }, { $set: { provider_sid: started.sid, updated_at: ctx.ports.clock.now() } }, { returnDocument: 'after' })) ?? record;
    await applyCommunicationEffects(ctx, updated, { lead: recipient.lead, buyer: recipient.buyer });
    return updated;
  } catch (error) {
    if (!(error instanceof TelephonyError)) throw error;
    await communications.updateOne({ _id: record._id }, { $set: { status: 'failed', error: error.message, error_code: error.providerCode, updated_at: ctx.ports.clock.now() } });
    throw new AppError(error.retryable ? 'unavailable' : 'invalid', `The call could not start: ${error.message}`, {
      extensions: { provider_code: error.providerCode, communication_id: record._id },
      ...(error.retryable ? { retryAfterSeconds: 10 } : {}),
    });
  }
}

/** Ends a click-to-call in progress (the rep's leg, which ends the bridge). */
export async function hangUpCall(ctx: TServiceContext, communicationId: string): Promise<void> {
  const call = await ctx.db.collection<TCommunicationRecord>('communications').findOne({ _id: communicationId, channel: 'call' });
  if (!call || (ctx.principal.role !== 'admin' && call.sent_by !== ctx.principal.uid)) throw notFound('Call');
  if (!call.provider_sid) throw new AppError('conflict', 'This call has not started');
  await (await ctx.ports.telephony()).hangUp(call.provider_sid);
}
