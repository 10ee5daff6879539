import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TCommunicationRecord } from '../communications/communication-record.ts';
import { defaultCommunicationSettings, type TCommunicationSettingsRecord } from '../communications/communication-settings-record.ts';
import { preferenceId } from '../communications/contact-compliance.ts';
import type { TContactPreferenceRecord, TDoNotContactRecord } from '../communications/contact-preference-record.ts';
import type { TMessageTemplateRecord } from '../communications/message-template-record.ts';
import type { TPhoneNumberRecord } from '../communications/phone-number-record.ts';
import { rebuildConversations } from '../communications/rebuild-conversations.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TBlastRecipient, TDealBlastRecord } from '../communications/deal-blast-record.ts';
import { classifyBlastReply } from '../communications/record-blast-reply.ts';
import type { TSystemContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { dealTitle } from '../deals/deal-view.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';
import { DEMO_ADMIN, DEMO_REPS } from './demo-leads.ts';
import { createDemoRandom } from './demo-random.ts';
import { DEMO_COMPANY_PHONE } from './seed-leads.ts';

/** Riley's own line (the main line is `DEMO_COMPANY_PHONE`, which the seeded messages used). */
export const DEMO_REP_LINE = '+15125550198';
const HOUR = 3_600_000;

/** Texts the demo organisation keeps at hand, sellers' and buyers'. */
export const DEMO_TEMPLATES: readonly Pick<TMessageTemplateRecord, 'name' | 'channel' | 'subject' | 'body' | 'audience'>[] = [
  { name: 'First touch', channel: 'sms', subject: '', audience: 'lead', body: 'Hi {{first_name|there}}, this is {{rep_first_name}} with {{company_name}}. Would you consider a cash offer for {{property_street|your property}}?' },
  { name: 'Missed call text-back', channel: 'sms', subject: '', audience: 'lead', body: 'Sorry we missed your call! This is {{rep_first_name|the team}} at {{company_name}}. When is a good time to talk about {{property_street|your property}}?' },
  { name: 'Speed to lead', channel: 'sms', subject: '', audience: 'lead', body: 'Hi {{first_name|there}}, thanks for reaching out to {{company_name}}! I can make you a fair cash offer in 24 hours. What is the best time for a quick call?' },
  { name: 'Appointment confirmation', channel: 'sms', subject: '', audience: 'lead', body: 'Hi {{first_name|there}}, {{rep_first_name}} here confirming our walkthrough at {{property_address}}. Reply C to confirm or R to reschedule.' },
  { name: 'Follow-up after offer', channel: 'sms', subject: '', audience: 'lead', body: 'Hi {{first_name|there}}, just checking in on our offer for {{property_street}}. Any questions I can answer?' },
  { name: 'Deal blast (text)', channel: 'sms', subject: '', audience: 'buyer', body: 'New deal: {{property_type|property}} at {{property_address}}. Asking {{asking_price}}, ARV {{arv}}, repairs ~{{repair_estimate}}. Reply YES for details. – {{rep_first_name}}, {{company_name}}' },
  {
    name: 'Deal blast (email)',
    channel: 'email',
    subject: 'Off-market: {{property_address}} — {{asking_price}}',
    audience: 'buyer',
    body: 'Hi {{first_name|there}},\n\nWe have a new off-market {{property_type|property}} under contract at {{property_address}}.\n\nAsking: {{asking_price}}\nARV: {{arv}}\nEstimated repairs: {{repair_estimate}}\n\nReply to this email or text us to get the details and set up a walkthrough.\n\n{{rep_name}}\n{{company_name}}',
  },
];

/**
 * The demo organisation's messaging set-up: its two numbers (the main line the seeded messages
 * used, and a rep's line), templates, settings, a few sellers who texted STOP after they were
 * lost (with the STOP message, its timeline entry and the lead's counts kept in step), one on
 * the do-not-contact list, the disposition seed's buyer texts as deal blasts, and the inbox rows
 * rebuilt from every seeded message — run last, so the buyers' messages are in it too.
 */
export async function seedCommunications(system: TSystemContext): Promise<void> {
  const db = bindTenant(system.db, DEMO_TENANT_ID);
  const now = system.ports.clock.now();
  const random = createDemoRandom(9_411);
  const joined = new Date(now.getTime() - 170 * 24 * HOUR);

  const numbers: TPhoneNumberRecord[] = [
    { _id: 'pn_demo_main', tenant_id: DEMO_TENANT_ID, number: DEMO_COMPANY_PHONE, label: 'Main line', provider_sid: `PN${random.hex(32)}`, capabilities: { sms: true, mms: true, voice: true }, throughput_per_second: 1, owner_id: null, is_default: true, created_by: DEMO_ADMIN, created_at: joined, updated_at: joined },
    { _id: 'pn_demo_riley', tenant_id: DEMO_TENANT_ID, number: DEMO_REP_LINE, label: 'Riley’s line', provider_sid: `PN${random.hex(32)}`, capabilities: { sms: true, mms: true, voice: true }, throughput_per_second: 1, owner_id: DEMO_REPS[0], is_default: false, created_by: DEMO_ADMIN, created_at: joined, updated_at: joined },
  ];
  await db.collection<TPhoneNumberRecord>('phone_numbers').insertMany(numbers);
  await db.collection<TMessageTemplateRecord>('message_templates').insertMany(
    DEMO_TEMPLATES.map((template, index) => ({ ...template, _id: `tpl_demo_${String(index + 1).padStart(2, '0')}`, tenant_id: DEMO_TENANT_ID, created_by: DEMO_ADMIN, created_at: joined, updated_at: joined })),
  );
  await db.collection<TCommunicationSettingsRecord>('communication_settings').insertOne({ ...defaultCommunicationSettings(DEMO_TENANT_ID, joined), record_calls: true, updated_by: DEMO_ADMIN });

  // Three lost sellers texted STOP an hour after they were lost.
  const lost = await db.collection<TLeadRecord>('leads').find({ status: 'lost', phone: { $ne: null } }, { sort: { _id: 1 } }).toArray();
  const stopped = random.shuffle(lost).slice(0, 3);
  const messages: TCommunicationRecord[] = [];
  const activities: TActivityRecord[] = [];
  const preferences: TContactPreferenceRecord[] = [];
  for (const lead of stopped) {
    const lostAt = lead.status_history.at(-1)?.at ?? lead.updated_at;
    const at = new Date(Math.min(lostAt.getTime() + HOUR, now.getTime() - HOUR));
    const id = `cm_${at.getTime().toString(16).padStart(12, '0')}${random.hex(16)}`;
    messages.push({
      _id: id,
      tenant_id: DEMO_TENANT_ID,
      channel: 'sms',
      direction: 'inbound',
      status: 'received',
      from: lead.phone as string,
      to: DEMO_COMPANY_PHONE,
      body: random.pick(['STOP', 'Stop', 'stop']),
      lead_id: lead._id,
      buyer_id: null,
      deal_id: null,
      provider_sid: `SM${random.hex(32)}`,
      duration_seconds: null,
      recording_url: null,
      sent_by: null,
      error: null,
      read: true,
      created_at: at,
      updated_at: at,
      keyword: 'stop',
    });
    activities.push({ _id: `act_${at.getTime().toString(16).padStart(12, '0')}${random.hex(16)}`, tenant_id: DEMO_TENANT_ID, subject: { kind: 'lead', id: lead._id }, type: 'communication', actor: 'twilio', summary: `SMS from ${lead.first_name}: STOP`, data: { communication_id: id, channel: 'sms', direction: 'inbound' }, at });
    preferences.push({
      _id: preferenceId(DEMO_TENANT_ID, lead.phone as string),
      tenant_id: DEMO_TENANT_ID,
      address: lead.phone as string,
      kind: 'phone',
      opted_out: true,
      opted_out_at: at,
      opt_out_source: 'keyword',
      consent: 'revoked',
      consent_at: at,
      consent_source: 'Replied STOP',
      history: [{ at, change: 'opt_out', source: 'keyword', by: 'twilio' }],
      updated_at: at,
    });
    const lastContacted = lead.last_contacted && lead.last_contacted > at ? lead.last_contacted : at;
    await db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $set: { last_contacted: lastContacted, updated_at: lead.updated_at > at ? lead.updated_at : at }, $inc: { communication_count: 1 } });
  }
  if (messages.length > 0) {
    await db.collection<TCommunicationRecord>('communications').insertMany(messages);
    await db.collection<TActivityRecord>('activities').insertMany(activities);
    await db.collection<TContactPreferenceRecord>('contact_preferences').insertMany(preferences);
  }
  const listed = lost.find((lead) => !stopped.includes(lead) && lead.phone);
  if (listed?.phone) {
    await db.collection<TDoNotContactRecord>('do_not_contact').insertOne({ _id: 'dnc_demo_001', tenant_id: DEMO_TENANT_ID, value: listed.phone, kind: 'phone', reason: 'Asked not to be called again (attorney involved)', added_by: DEMO_REPS[0], created_at: listed.updated_at });
  }
  const blasts = await seedBlastsFromHistory(system);
  const conversations = await rebuildConversations(system.db, DEMO_TENANT_ID, now);
  system.log.info({ conversations, blasts, opt_outs: messages.length }, 'Demo communications seeded');
}

/**
 * The disposition seed texted each deal's best buyers when it went on the market (and some a
 * reminder) and stored their replies; here those become the deal's blast: one `deal_blasts`
 * record per deal, its messages and replies tagged with it, each buyer's answer read from
 * their first reply.
 */
async function seedBlastsFromHistory(system: TSystemContext): Promise<number> {
  const db = bindTenant(system.db, DEMO_TENANT_ID);
  const messages = await db.collection<TCommunicationRecord>('communications').find({ buyer_id: { $ne: null }, deal_id: { $ne: null } }, { sort: { created_at: 1, _id: 1 } }).toArray();
  const deals = new Map((await db.collection<TDealRecord>('deals').find({}).toArray()).map((deal) => [deal._id, deal]));
  const buyers = new Map((await db.collection<TBuyerRecord>('buyers').find({}, { projection: { full_name: 1 } }).toArray()).map((buyer) => [buyer._id, buyer.full_name]));
  const byDeal = new Map<string, TCommunicationRecord[]>();
  for (const message of messages) byDeal.set(message.deal_id as string, [...(byDeal.get(message.deal_id as string) ?? []), message]);
  const records: TDealBlastRecord[] = [];
  const tags: { ids: string[]; blastId: string }[] = [];
  for (const [dealId, history] of byDeal) {
    const deal = deals.get(dealId);
    const first = history.find((message) => message.direction === 'outbound');
    if (!deal || !first) continue;
    const blastId = `bl_${first.created_at.getTime().toString(16).padStart(12, '0')}${dealId.slice(-16).padStart(16, '0')}`;
    const recipients: TBlastRecipient[] = [];
    for (const message of history) {
      const buyerId = message.buyer_id as string;
      let recipient = recipients.find((candidate) => candidate.buyer_id === buyerId);
      if (!recipient && message.direction === 'outbound') {
        recipient = { buyer_id: buyerId, name: buyers.get(buyerId) ?? 'Buyer', score: null, sms_id: message._id, email_id: null, skipped: [], response: 'none', responded_at: null, reply_id: null, reply_preview: null };
        recipients.push(recipient);
      }
      if (recipient && message.direction === 'inbound' && recipient.response === 'none') {
        Object.assign(recipient, { response: classifyBlastReply(message.body), responded_at: message.created_at, reply_id: message._id, reply_preview: message.body.slice(0, 160) });
      }
    }
    records.push({
      _id: blastId,
      tenant_id: DEMO_TENANT_ID,
      deal_id: dealId,
      deal_title: dealTitle(deal),
      channels: ['sms'],
      template_id: null,
      body: first.body,
      subject: null,
      recipients,
      created_by: first.sent_by ?? DEMO_ADMIN,
      created_at: first.created_at,
      updated_at: recipients.reduce((latest, recipient) => (recipient.responded_at && recipient.responded_at > latest ? recipient.responded_at : latest), first.created_at),
      version: 0,
    });
    tags.push({ ids: history.map((message) => message._id), blastId });
  }
  if (records.length > 0) await db.collection<TDealBlastRecord>('deal_blasts').insertMany(records);
  for (const { ids, blastId } of tags) await db.collection<TCommunicationRecord>('communications').updateMany({ _id: { $in: ids } }, { $set: { blast_id: blastId } });
  return records.length;
}
