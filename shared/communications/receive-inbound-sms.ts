import type { TServiceContext } from '../context/service-context.ts';
import { normalizePhone } from '../contact/normalize-contact.ts';
import { isAppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { createLead } from '../leads/create-lead.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { applyCommunicationEffects } from './apply-communication-effects.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { changePreference, preferenceId } from './contact-compliance.ts';
import type { TContactPreferenceRecord } from './contact-preference-record.ts';
import { findContactByPhone } from './find-contact-by-phone.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';
import { processOnce } from './process-once.ts';
import { recordBlastReply } from './record-blast-reply.ts';
import { UNKNOWN_FIRST_NAME } from './resolve-recipient.ts';
import { detectSmsKeyword, keywordReply } from './sms-keywords.ts';

export interface TInboundSms {
  messageSid: string;
  from: string;
  body: string;
  mediaUrls: string[];
  segments: number | null;
}

/**
 * A text to one of the organisation's numbers (Twilio's inbound webhook), handled once per
 * MessageSid. Keywords first: STOP (and its synonyms) opts the number out, START back in,
 * HELP asks for help — each answered with the reply carriers expect unless the account's
 * own opt-out handling replies. Then the sender is matched to a lead or buyer by phone; an
 * unknown number becomes a new lead (source `inbound_sms`, assigned to the number's owner).
 * A buyer answering a deal blast is threaded to that deal. The message is stored, the inbox,
 * lead, timeline and rep are updated and `communication_received` is published.
 *
 * Resolves with the reply to send back in the webhook's TwiML, if any. A replay resolves
 * with no reply and changes nothing.
 */
export async function receiveInboundSms(ctx: TServiceContext, number: TPhoneNumberRecord, sms: TInboundSms): Promise<{ reply: string | null; communication: TCommunicationRecord | null }> {
  return processOnce(
    ctx.ports,
    `twilio:sms:${sms.messageSid}`,
    () => handle(ctx, number, sms),
    () => ({ reply: null, communication: null }),
  );
}

async function handle(ctx: TServiceContext, number: TPhoneNumberRecord, sms: TInboundSms): Promise<{ reply: string | null; communication: TCommunicationRecord | null }> {
  const now = ctx.ports.clock.now();
  const normalized = normalizePhone(sms.from);
  const from = normalized.value ?? sms.from;
  const keyword = detectSmsKeyword(sms.body);
  if (keyword) await changePreference(ctx, from, 'phone', keyword === 'stop' ? { type: 'opt_out', source: 'keyword' } : keyword === 'start' ? { type: 'opt_in', source: 'keyword' } : { type: 'help', source: 'keyword' });

  const contact = normalized.value ? await findContactByPhone(ctx, from) : null;
  let lead = contact?.kind === 'lead' ? contact.lead : null;
  const buyer = contact?.kind === 'buyer' ? contact.buyer : null;
  let newContact = false;
  // A keyword alone is no reason to open a lead.
  if (!contact && !keyword && normalized.value) {
    lead = await createInboundLead(ctx, from, number, 'inbound_sms', sms.body ? `First message: ${sms.body.slice(0, 1000)}` : '');
    newContact = lead !== null;
  }
  if (!keyword && normalized.value) await noteImpliedConsent(ctx, from);

  const blast = contact?.kind === 'buyer' ? contact.blast : null;
  const record: TCommunicationRecord = {
    _id: newId('cm', now),
    tenant_id: ctx.tenant._id,
    channel: 'sms',
    direction: 'inbound',
    status: 'received',
    from,
    to: number.number,
    body: sms.body,
    lead_id: lead?._id ?? null,
    buyer_id: buyer?._id ?? null,
    deal_id: blast?.deal_id ?? null,
    provider_sid: sms.messageSid,
    duration_seconds: null,
    recording_url: null,
    sent_by: null,
    error: null,
    // A keyword needs no answer from anyone: it shows in the thread without raising the unread count.
    read: keyword !== null,
    created_at: now,
    updated_at: now,
    blast_id: blast?.blast_id ?? null,
    segments: sms.segments,
    ...(sms.mediaUrls.length > 0 ? { media_urls: sms.mediaUrls } : {}),
    keyword,
  };
  await ctx.db.collection<TCommunicationRecord>('communications').insertOne(record);
  if (buyer && blast?.blast_id && !keyword) await recordBlastReply(ctx, blast.blast_id, buyer._id, record);
  await applyCommunicationEffects(ctx, record, { lead, buyer, newContact, numberOwner: number.owner_id });

  const settings = keyword ? await loadCommunicationSettings(ctx) : null;
  const reply = keyword && settings?.keyword_replies ? keywordReply(keyword, ctx.tenant.name, settings.help_reply || null) : null;
  return { reply, communication: record };
}

/**
 * An unknown sender becomes a lead named after their number until someone learns their name,
 * assigned to the number's owner when that is still an active rep or admin. The plan's lead
 * limit costs only the lead, never the message.
 */
export async function createInboundLead(ctx: TServiceContext, phone: string, number: TPhoneNumberRecord, source: 'inbound_sms' | 'inbound_call', note: string): Promise<TLeadRecord | null> {
  const input = { first_name: UNKNOWN_FIRST_NAME, last_name: nationalFormat(phone), phone, source, notes: note };
  try {
    if (number.owner_id) {
      try {
        return await createLead(ctx, { ...input, assigned_to: number.owner_id }, { allowDuplicate: true });
      } catch (error) {
        if (!isAppError(error) || error.code !== 'invalid' || !error.fieldErrors.some((problem) => problem.field === 'assigned_to')) throw error;
      }
    }
    return await createLead(ctx, input, { allowDuplicate: true });
  } catch (error) {
    if (isAppError(error) && error.code === 'plan_limit') {
      ctx.log.warn({ err: error, from: phone }, 'Inbound sender not added as a lead: the plan is full');
      return null;
    }
    throw error;
  }
}

/** Someone who texts us first has at least implied consent to an answer; express consent is never downgraded. */
async function noteImpliedConsent(ctx: TServiceContext, phone: string): Promise<void> {
  const current = await ctx.db.collection<TContactPreferenceRecord>('contact_preferences').findOne({ _id: preferenceId(ctx.tenant._id, phone) }, { projection: { consent: 1 } });
  if (!current || current.consent === 'unknown') await changePreference(ctx, phone, 'phone', { type: 'consent', consent: 'implied', source: 'Texted us first' });
}

/** `+15125550199` → `(512) 555-0199`. */
export const nationalFormat = (phone: string): string => {
  const digits = phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  return digits.length === 10 ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : phone;
};
