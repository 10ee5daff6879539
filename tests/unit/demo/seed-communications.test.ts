import { beforeAll, describe, expect, it } from 'vitest';
import type { TCommunicationRecord } from '../../../shared/communications/communication-record.ts';
import type { TContactPreferenceRecord } from '../../../shared/communications/contact-preference-record.ts';
import type { TConversationRecord } from '../../../shared/communications/conversation-record.ts';
import type { TDealBlastRecord } from '../../../shared/communications/deal-blast-record.ts';
import { validateTemplate } from '../../../shared/communications/merge-fields.ts';
import type { TMessageTemplateRecord } from '../../../shared/communications/message-template-record.ts';
import type { TPhoneNumberRecord } from '../../../shared/communications/phone-number-record.ts';
import { seedCommunications } from '../../../shared/demo/seed-communications.ts';
import { seedDisposition } from '../../../shared/demo/seed-disposition.ts';
import { seedLeads } from '../../../shared/demo/seed-leads.ts';
import { seedTeam } from '../../../shared/demo/seed-team.ts';
import type { TLeadRecord } from '../../../shared/leads/lead-record.ts';
import type { TDatabase } from '../../../shared/ports/document-store.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

let db: TDatabase;
let leads: TLeadRecord[];
let messages: TCommunicationRecord[];
beforeAll(async () => {
  db = await openEmbeddedDatabase();
  const system = { db, ports: { clock: createManualClock('2026-03-02T18:00:00.000Z') } as never, log: { debug() {}, info() {}, warn() {}, error() {} } };
  await seedTeam(system);
  await seedLeads(system);
  await seedDisposition(system);
  await seedCommunications(system);
  leads = await db.collection<TLeadRecord>('leads').find({}).toArray();
  messages = await db.collection<TCommunicationRecord>('communications').find({}).toArray();
});

describe('the demo communications seed', () => {
  it('connects the number the seeded messages used, and a rep’s line no contact shares', async () => {
    const numbers = await db.collection<TPhoneNumberRecord>('phone_numbers').find({}).toArray();
    const used = new Set(messages.flatMap((message) => (message.direction === 'inbound' ? [message.to] : [message.from])));
    expect([...used].every((number) => numbers.some((candidate) => candidate.number === number))).toBe(true);
    expect(numbers.filter((number) => number.is_default)).toHaveLength(1);
    const buyers = await db.collection<{ _id: string; phone: string | null }>('buyers').find({}).toArray();
    const contactPhones = new Set([...leads.flatMap((lead) => [lead.phone, ...lead.other_phones]), ...buyers.map((buyer) => buyer.phone)]);
    expect(numbers.some((number) => contactPhones.has(number.number))).toBe(false);
  });

  it('keeps every lead’s contact count and last contact in step with its messages', () => {
    for (const lead of leads) {
      const own = messages.filter((message) => message.lead_id === lead._id);
      expect(lead.communication_count, lead._id).toBe(own.length);
      if (own.length > 0) expect(lead.last_contacted?.getTime(), lead._id).toBe(Math.max(...own.map((message) => message.created_at.getTime())));
    }
  });

  it('has sellers who texted STOP, opted out by keyword', async () => {
    const stops = messages.filter((message) => message.keyword === 'stop');
    expect(stops.length).toBe(3);
    const preferences = await db.collection<TContactPreferenceRecord>('contact_preferences').find({}).toArray();
    expect(preferences.map((preference) => preference.address).sort()).toEqual(stops.map((message) => message.from).sort());
    expect(preferences.every((preference) => preference.opted_out && preference.opt_out_source === 'keyword')).toBe(true);
  });

  it('builds one inbox row per contact with messages, counting its unread inbound ones', async () => {
    const conversations = await db.collection<TConversationRecord>('conversations').find({}).toArray();
    const contacts = new Set(messages.map((message) => message.lead_id ?? message.buyer_id));
    expect(conversations).toHaveLength(contacts.size);
    for (const conversation of conversations) {
      const own = messages.filter((message) => (message.lead_id ?? message.buyer_id) === conversation.contact_id);
      expect(conversation.message_count).toBe(own.length);
      expect(conversation.unread_count).toBe(own.filter((message) => message.direction === 'inbound' && !message.read).length);
      expect(conversation.last_at.getTime()).toBe(Math.max(...own.map((message) => message.created_at.getTime())));
    }
    expect(conversations.some((conversation) => conversation.unread_count > 0)).toBe(true);
  });

  it('turns the buyers’ deal texts into blasts with their answers', async () => {
    const blasts = await db.collection<TDealBlastRecord>('deal_blasts').find({}).toArray();
    expect(blasts.length).toBeGreaterThan(10);
    for (const blast of blasts) {
      const own = messages.filter((message) => message.deal_id === blast.deal_id && message.buyer_id);
      expect(own.every((message) => message.blast_id === blast._id)).toBe(true);
      expect(blast.recipients.map((recipient) => recipient.buyer_id).sort()).toEqual([...new Set(own.filter((message) => message.direction === 'outbound').map((message) => message.buyer_id))].sort());
    }
    const responses = new Set(blasts.flatMap((blast) => blast.recipients.map((recipient) => recipient.response)));
    expect(responses.has('none') && responses.has('interested')).toBe(true);
    const conversations = await db.collection<TConversationRecord>('conversations').find({ contact_kind: 'buyer' }).toArray();
    expect(conversations.length).toBeGreaterThan(10);
  });

  it('stores templates that render: valid merge fields only', async () => {
    const templates = await db.collection<TMessageTemplateRecord>('message_templates').find({}).toArray();
    expect(templates.length).toBeGreaterThanOrEqual(6);
    for (const template of templates) expect(validateTemplate(`${template.subject} ${template.body}`), template.name).toEqual([]);
  });
});
