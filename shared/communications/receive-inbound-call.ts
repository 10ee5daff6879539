import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import { normalizePhone } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { newId } from '../ids.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { findContactByPhone } from './find-contact-by-phone.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';
import { processOnce } from './process-once.ts';
import { createInboundLead } from './receive-inbound-sms.ts';
import type { TVoiceAction, TVoiceWebhook } from './twilio-webhook.schemas.ts';

/**
 * A call to one of the organisation's numbers (Twilio's voice webhook; answered with TwiML).
 * The caller is matched to a lead or buyer (an unknown number becomes a lead, source
 * `inbound_call`), the call is stored as `ringing`, and Twilio is told to ring the lead's rep
 * (else the number's owner) for `ring_seconds`, or to take a voicemail when there is nobody to
 * ring. How it ends (answered, missed, voicemail) arrives by later webhooks, whose URLs carry the
 * stored call's id (`communicationId`); the
 * `communication_received` event is raised once the call is over. A replayed webhook gets
 * the same answer and stores nothing.
 */
export async function receiveInboundCall(ctx: TServiceContext, number: TPhoneNumberRecord, call: TVoiceWebhook): Promise<{ action: TVoiceAction; communicationId: string | null }> {
  return processOnce(
    ctx.ports,
    `twilio:voice:${call.CallSid}`,
    async () => {
      const now = ctx.ports.clock.now();
      const normalized = normalizePhone(call.From);
      const from = normalized.value ?? call.From;
      const contact = normalized.value ? await findContactByPhone(ctx, from) : null;
      let lead = contact?.kind === 'lead' ? contact.lead : null;
      const buyer = contact?.kind === 'buyer' ? contact.buyer : null;
      if (!contact && normalized.value) lead = await createInboundLead(ctx, from, number, 'inbound_call', call.CallerName ? `Caller id: ${call.CallerName}` : '');
      const record: TCommunicationRecord = {
        _id: newId('cm', now),
        tenant_id: ctx.tenant._id,
        channel: 'call',
        direction: 'inbound',
        status: 'ringing',
        from,
        to: number.number,
        body: '',
        lead_id: lead?._id ?? null,
        buyer_id: buyer?._id ?? null,
        deal_id: contact?.kind === 'buyer' ? (contact.blast?.deal_id ?? null) : null,
        provider_sid: call.CallSid,
        duration_seconds: null,
        recording_url: null,
        sent_by: null,
        error: null,
        read: true,
        created_at: now,
        updated_at: now,
        missed: false,
      };
      const action = await routeCall(ctx, number, lead, buyer);
      // Nobody to ring: straight to voicemail, a missed call.
      if (action.kind === 'voicemail') Object.assign(record, { status: 'no_answer', missed: true, read: false });
      await ctx.db.collection<TCommunicationRecord>('communications').insertOne(record);
      return { action, communicationId: record._id };
    },
    async () => {
      const stored = await ctx.db.collection<TCommunicationRecord>('communications').findOne({ provider_sid: call.CallSid });
      const lead = stored?.lead_id ? await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: stored.lead_id }) : null;
      return { action: await routeCall(ctx, number, lead, null), communicationId: stored?._id ?? null };
    },
  );
}

/** Who rings: the lead's rep, else the number's owner, when they are active and have a phone; otherwise voicemail. */
async function routeCall(ctx: TServiceContext, number: TPhoneNumberRecord, lead: TLeadRecord | null, _buyer: TBuyerRecord | null): Promise<TVoiceAction> {
  const settings = await loadCommunicationSettings(ctx);
  const users = ctx.db.collection<TUserRecord>('users');
  for (const userId of [lead?.assigned_to, number.owner_id]) {
    if (!userId) continue;
    const user = await users.findOne({ _id: userId, status: 'active' });
    const phone = user?.phone ? normalizePhone(user.phone).value : undefined;
    if (phone) return { kind: 'dial', to: phone, callerId: number.number, timeoutSeconds: settings.ring_seconds, record: settings.record_calls };
  }
  return { kind: 'voicemail', greeting: settings.voicemail_greeting, maxSeconds: 120 };
}
