import { formatAddress } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import { label } from '../leads/lead.constants.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TSendMessageRequest } from './communication.schemas.ts';
import { findSendBlock, type TBlockReason } from './contact-compliance.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import { renderTemplate, validateTemplate, type TMergeField, type TMergeValues } from './merge-fields.ts';
import type { TMessageTemplateRecord } from './message-template-record.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';
import { pickSenderNumber } from './pick-sender-number.ts';
import { checkQuietHours, type TQuietHoursCheck } from './quiet-hours.ts';
import { resolveRecipient, UNKNOWN_FIRST_NAME, type TRecipient } from './resolve-recipient.ts';
import { countSmsSegments, MAX_SMS_SEGMENTS, type TSegmentCount } from './sms-segments.ts';

const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** A message ready to go: who, from which number, what it says, when, and anything that would stop it. */
export interface TPreparedMessage {
  channel: 'sms' | 'email';
  recipient: TRecipient;
  /** Phone (E.164) or email the message goes to. */
  address: string | null;
  sender: TPhoneNumberRecord | null;
  body: string;
  subject: string | null;
  segments: TSegmentCount | null;
  missing: TMergeField[];
  template: TMessageTemplateRecord | null;
  deal: TDealRecord | null;
  block: { reason: TBlockReason; detail: string } | null;
  /** The requested time, or now. */
  due: Date;
  /** Quiet hours at `due` in the recipient's zone (texts only). */
  quietHours: TQuietHoursCheck | null;
}

/**
 * Everything the sending path decides before anything is stored or sent: the recipient and
 * their address, the deal, the template and its rendering (merge fields validated), segments,
 * the sender number, opt-out/do-not-contact, and quiet hours. Problems with the request itself
 * (unknown template, malformed merge fields, no phone) throw; `block`, `missing` and
 * `quietHours` are reported for the caller to act on (the preview shows them, a send refuses).
 */
export async function prepareMessage(ctx: TServiceContext, request: TSendMessageRequest, extraMerge: TMergeValues = {}): Promise<TPreparedMessage> {
  const { channel } = request;
  if (channel === 'sms' && !ctx.tenant.plan.features.sms) {
    throw new AppError('feature_disabled', 'Your plan does not include sms', { extensions: { feature: 'sms' } });
  }
  const recipient = await resolveRecipient(ctx, request.to);
  const address = channel === 'sms' ? recipient.phone : recipient.email;
  if (!address) throw invalid('to', `${recipient.name} has no ${channel === 'sms' ? 'phone number' : 'email address'}`);

  const deal = request.deal_id ? await ctx.db.collection<TDealRecord>('deals').findOne({ _id: request.deal_id }) : null;
  if (request.deal_id && !deal) throw notFound('Deal');

  let template: TMessageTemplateRecord | null = null;
  if (request.template_id) {
    template = await ctx.db.collection<TMessageTemplateRecord>('message_templates').findOne({ _id: request.template_id });
    if (!template) throw notFound('Template');
    if (template.channel !== channel) throw invalid('template_id', `This is ${template.channel === 'sms' ? 'a text' : 'an email'} template`);
  }
  const source = template?.body ?? request.body ?? '';
  const subjectSource = channel === 'email' ? (request.subject ?? template?.subject ?? '') : '';
  const problems = [...validateTemplate(source), ...validateTemplate(subjectSource)];
  if (problems.length > 0) {
    throw new AppError('invalid', problems[0] ?? 'Invalid merge field', { fieldErrors: problems.map((detail) => ({ location: 'body', field: template ? 'template_id' : 'body', detail })) });
  }

  const conversation = recipient.lead || recipient.buyer
    ? await ctx.db.collection<TConversationRecord>('conversations').findOne({ _id: conversationId((recipient.lead?._id ?? recipient.buyer?._id) as string) })
    : null;
  const sender = channel === 'sms' ? await pickSenderNumber(ctx, { requested: request.from, previous: conversation?.tenant_number ?? null, capability: 'sms' }) : null;
  const values = { ...(await mergeValues(ctx, recipient, deal, sender)), ...extraMerge };
  const rendered = renderTemplate(source, values);
  const renderedSubject = renderTemplate(subjectSource, values);
  const body = rendered.text.trim();
  const missing = [...new Set([...rendered.missing, ...renderedSubject.missing])];

  const segments = channel === 'sms' ? countSmsSegments(body) : null;
  if (segments && segments.segments > MAX_SMS_SEGMENTS) throw invalid('body', `The text is ${segments.segments} segments long; keep it to ${MAX_SMS_SEGMENTS} (about 1,530 plain characters)`);
  if (channel === 'email' && !renderedSubject.text.trim() && missing.length === 0) throw invalid('subject', 'An email needs a subject');
  if (!body && missing.length === 0 && !request.media_urls?.length) throw invalid('body', 'The message is empty');

  const now = ctx.ports.clock.now();
  const due = request.at && new Date(request.at).getTime() > now.getTime() ? new Date(request.at) : now;
  const settings = channel === 'sms' ? await loadCommunicationSettings(ctx) : null;
  return {
    channel,
    recipient,
    address,
    sender,
    body,
    subject: channel === 'email' ? renderedSubject.text.trim() : null,
    segments,
    missing,
    template,
    deal,
    block: await findSendBlock(ctx, channel, address),
    due,
    quietHours: settings ? checkQuietHours(due, recipient.timeZone, settings.quiet_hours) : null,
  };
}

/** Values for the merge fields: the recipient, the property (lead's, or the deal's), the sender and the organisation. */
async function mergeValues(ctx: TServiceContext, recipient: TRecipient, deal: TDealRecord | null, sender: TPhoneNumberRecord | null): Promise<TMergeValues> {
  const lead = recipient.lead;
  const person = recipient.lead ?? recipient.buyer;
  const property = lead?.address ?? deal?.property.address ?? null;
  // Automation and the system write in the name of the lead's rep.
  const isPerson = !ctx.principal.uid.startsWith('workflow:') && ctx.principal.uid !== 'system' && ctx.principal.uid !== 'twilio';
  const repId = isPerson ? ctx.principal.uid : (lead?.assigned_to ?? null);
  const rep = repId ? await ctx.db.collection<TUserRecord>('users').findOne({ _id: repId }) : null;
  const repName = rep?.name ?? (isPerson ? ctx.principal.name : null);
  const money = (value: number | null | undefined) => (value === null || value === undefined ? null : WHOLE_DOLLARS.format(value));
  return {
    first_name: person && person.first_name !== UNKNOWN_FIRST_NAME ? person.first_name : null,
    last_name: person?.last_name || null,
    full_name: person && person.first_name !== UNKNOWN_FIRST_NAME ? person.full_name : null,
    property_address: property ? formatAddress(property) : null,
    property_street: property?.line1 ?? null,
    property_city: property?.city ?? null,
    rep_name: repName,
    rep_first_name: repName?.split(' ')[0] ?? null,
    rep_phone: rep?.phone ?? sender?.number ?? null,
    company_name: ctx.tenant.name,
    asking_price: money(deal?.asking_price),
    arv: money(deal?.arv),
    repair_estimate: money(deal?.repair_estimate),
    property_type: (deal?.property.property_type ?? lead?.property_type) ? label((deal?.property.property_type ?? lead?.property_type) as string).toLowerCase() : null,
  };
}
