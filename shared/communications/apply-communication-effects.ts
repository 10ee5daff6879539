import { recordActivity } from '../activities/record-activity.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';

const PREVIEW_LENGTH = 160;
const MAX_ADMINS_NOTIFIED = 5;

export interface TEffectOptions {
  /** The lead or buyer the message is with, when the caller already loaded it. */
  lead?: TLeadRecord | null;
  buyer?: TBuyerRecord | null;
  /** The inbound message created this lead (event data `new_contact`). */
  newContact?: boolean;
  /** Who hears about an inbound message when the lead has no rep: the number's owner. */
  numberOwner?: string | null;
}

/**
 * Everything a message or call changes besides its own record, once it really happened
 * (sent by the provider, received, or a call ended): the contact's inbox row, the lead's
 * contact fields (`last_contacted`, `communication_count`, `first_contacted_at` on the first
 * outbound contact), a buyer's `last_activity_at` when they write, timeline entries on the
 * lead or buyer and the deal, an in-app notification for inbound messages, and the
 * `communication_sent` / `communication_received` event for automation.
 */
export async function applyCommunicationEffects(ctx: TServiceContext, record: TCommunicationRecord, options: TEffectOptions = {}): Promise<void> {
  const inbound = record.direction === 'inbound';
  const at = record.created_at;
  const lead = options.lead !== undefined ? options.lead : record.lead_id ? await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: record.lead_id }) : null;
  const buyer = options.buyer !== undefined ? options.buyer : record.buyer_id ? await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: record.buyer_id }) : null;

  if (lead) {
    await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $set: { last_contacted: at, updated_at: ctx.ports.clock.now() }, $inc: { communication_count: 1 } });
    if (!inbound) await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id, first_contacted_at: null }, { $set: { first_contacted_at: at } });
  }
  if (buyer && inbound) await ctx.db.collection<TBuyerRecord>('buyers').updateOne({ _id: buyer._id }, { $set: { last_activity_at: at } });
  const contact = lead ? { kind: 'lead' as const, id: lead._id, name: lead.full_name, phone: lead.phone, assigned_to: lead.assigned_to } : buyer ? { kind: 'buyer' as const, id: buyer._id, name: buyer.full_name, phone: buyer.phone, assigned_to: null } : null;
  if (contact) await upsertConversation(ctx, record, contact);

  const firstName = (lead?.first_name ?? buyer?.first_name ?? record[inbound ? 'from' : 'to']) || 'them';
  const summary = describe(record, firstName);
  const data = { communication_id: record._id, channel: record.channel, direction: record.direction };
  const actor = inbound ? 'twilio' : (record.sent_by ?? ctx.principal.uid);
  if (contact) await recordActivity(ctx, { subject: { kind: contact.kind, id: contact.id }, type: 'communication', summary, data, actor, at });
  if (record.deal_id) await recordActivity(ctx, { subject: { kind: 'deal', id: record.deal_id }, type: 'communication', summary: contact ? `${summary.replace(firstName, contact.name)}` : summary, data, actor, at });

  if (inbound && !record.keyword) await notifyInbound(ctx, record, contact, summary, options.numberOwner ?? null);

  const eventData = {
    communication_id: record._id,
    channel: record.channel,
    lead_id: record.lead_id,
    buyer_id: record.buyer_id,
    deal_id: record.deal_id,
    blast_id: record.blast_id ?? null,
  };
  if (inbound) {
    await ctx.events.publish({
      type: 'communication_received',
      actor: 'twilio',
      subject: { kind: 'communication', id: record._id },
      data: {
        ...eventData,
        from: record.from,
        to: record.to,
        body: record.body.slice(0, 500),
        keyword: record.keyword ?? null,
        missed: record.missed ?? false,
        voicemail: Boolean(record.recording_url && record.missed),
        new_contact: options.newContact ?? false,
        assigned_to: contact?.assigned_to ?? null,
      },
    });
  } else {
    await ctx.events.publish({
      type: 'communication_sent',
      actor,
      subject: { kind: 'communication', id: record._id },
      data: { ...eventData, to: record.to, automated: record.automated ?? false, template_id: record.template_id ?? null, status: record.status },
    });
  }
}

async function upsertConversation(
  ctx: TServiceContext,
  record: TCommunicationRecord,
  contact: { kind: 'lead' | 'buyer'; id: string; name: string; phone: string | null; assigned_to: string | null },
): Promise<void> {
  const inbound = record.direction === 'inbound';
  const now = ctx.ports.clock.now();
  const set: Partial<TConversationRecord> = {
    contact_kind: contact.kind,
    contact_id: contact.id,
    name: contact.name,
    name_lc: contact.name.toLowerCase(),
    phone: contact.phone,
    assigned_to: contact.assigned_to,
    last_message: { id: record._id, channel: record.channel, direction: record.direction, preview: preview(record), status: record.status, at: record.created_at },
    last_at: record.created_at,
    updated_at: now,
  };
  if (record.channel !== 'email') set.tenant_number = inbound ? record.to : record.from;
  if (inbound) set.last_inbound_at = record.created_at;
  await ctx.db.collection<TConversationRecord>('conversations').updateOne(
    { _id: conversationId(contact.id) },
    {
      $set: set,
      $addToSet: { channels: record.channel },
      $inc: { message_count: 1, unread_count: inbound && !record.read ? 1 : 0 },
      $setOnInsert: { created_at: now, ...(inbound ? {} : { last_inbound_at: null }), ...(record.channel === 'email' ? { tenant_number: null } : {}) },
    },
    { upsert: true },
  );
}

function preview(record: TCommunicationRecord): string {
  if (record.channel === 'call') return describeCall(record, record.direction === 'inbound' ? 'Caller' : 'Contact').replace(/ (with|from|calling) \S+/, '');
  const text = record.channel === 'email' ? `${record.subject ?? ''}${record.body ? ` — ${record.body}` : ''}` : record.body || (record.media_urls?.length ? '[picture]' : '');
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/** One timeline line, in the demo seed's wording. */
function describe(record: TCommunicationRecord, firstName: string): string {
  const inbound = record.direction === 'inbound';
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);
  if (record.channel === 'sms') return `${inbound ? 'SMS from' : 'SMS to'} ${firstName}: ${clip(record.body || '[picture]')}`;
  if (record.channel === 'email') return `${inbound ? 'Email from' : 'Email to'} ${firstName}: ${clip(record.subject ?? record.body)}`;
  return describeCall(record, firstName);
}

function describeCall(record: TCommunicationRecord, firstName: string): string {
  const minutes = record.duration_seconds ? `${Math.max(1, Math.round(record.duration_seconds / 60))} min` : '';
  if (record.direction === 'inbound') {
    if (record.missed) return `Missed call from ${firstName}${record.recording_url ? ' (voicemail)' : ''}`;
    return `Call from ${firstName}${minutes ? ` (${minutes})` : ''}`;
  }
  if (record.status === 'completed') return `Call with ${firstName}${minutes ? ` (${minutes})` : ''}`;
  if (['no_answer', 'busy', 'failed', 'canceled'].includes(record.status)) return `No answer calling ${firstName}`;
  return `Calling ${firstName}`;
}

async function notifyInbound(
  ctx: TServiceContext,
  record: TCommunicationRecord,
  contact: { kind: 'lead' | 'buyer'; id: string; name: string; assigned_to: string | null } | null,
  summary: string,
  numberOwner: string | null,
): Promise<void> {
  let recipients = [contact?.assigned_to ?? numberOwner].filter((id): id is string => Boolean(id));
  if (contact?.kind === 'buyer') {
    // The person who last wrote to this buyer (a blast's sender) hears the answer.
    const recent = await ctx.db
      .collection<TCommunicationRecord>('communications')
      .find({ buyer_id: contact.id, direction: 'outbound' }, { sort: { created_at: -1 }, limit: 10, projection: { sent_by: 1 } })
      .toArray();
    const person = recent.map((message) => message.sent_by).find((sender): sender is string => Boolean(sender) && sender !== 'system' && !sender?.startsWith('workflow:'));
    if (person) recipients = [person];
  }
  if (recipients.length === 0) {
    const admins = await ctx.db.collection<TUserRecord>('users').find({ role: 'admin', status: 'active' }, { limit: MAX_ADMINS_NOTIFIED, projection: { _id: 1 } }).toArray();
    recipients = admins.map((admin) => admin._id);
  }
  const name = contact?.name ?? record.from;
  const title = record.channel === 'call' ? (record.missed ? `Missed call from ${name}` : `Call from ${name}`) : `New message from ${name}`;
  const href = contact ? `/communications/thread?${contact.kind}_id=${contact.id}` : null;
  for (const userId of recipients) {
    await notifyUser(ctx, { user_id: userId, kind: 'message_received', title, body: record.body ? record.body.slice(0, 280) : summary, href }, { dedupeKey: `inbound:${record._id}:${userId}` });
  }
}
