import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { TCommunication, TConversation } from '../../shared/communications/communication.schemas.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import { sendMessage } from '../../shared/communications/send-message.ts';
import { tenantSystemContext } from '../../shared/context/tenant-system-context.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { SANDBOX_AUTH_TOKEN } from '../../infra/platform/config.ts';
import { SANDBOX_TEST_NUMBERS } from '../../infra/twilio/sandbox-telephony.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

/**
 * The communications "done when", over HTTP against the local host with the telephony
 * sandbox: conversations both ways, signed webhooks (replays, bad signatures), unknown
 * senders becoming leads, STOP blocking every send path, quiet hours, calls. Webhooks are
 * signed with Twilio's own signer and the sandbox token, as Twilio would sign them.
 */
// 16:00 UTC: 10:00 in Austin on a winter day, inside the default 09:00–20:00 window. In the
// future on purpose: the store expires TTL documents (the webhook ledger) by the real clock.
const clock = createManualClock('2030-03-02T16:00:00.000Z');
let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

type TProblem = { status: number; code: string; detail: string; reason?: string; errors?: { field: string; detail: string }[]; [key: string]: unknown };
type TPage<T> = { items: T[]; nextCursor: string | null };

const body = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
};
const post = (session: TTestSession, path: string, json: unknown) => session.request(path, { method: 'POST', json });
const queue = async () => {
  const embedded = await host.platform.local?.queue();
  if (!embedded) throw new Error('The test host has no embedded queue');
  return embedded;
};
/** Lets the sandbox's callbacks (and anything else queued) come due, then delivers them. */
const playQueue = async (advanceMs = 5_000) => {
  clock.advance(advanceMs);
  await (await queue()).drain();
};

let numberCounter = 0;
/** A fresh organisation with one connected number (numbers are unique across organisations). */
async function organisationWithNumber(): Promise<{ admin: TTestSession; tenantId: string; number: string }> {
  const { admin, tenantId } = await host.createOrganisation();
  const number = `+1737201${String(1000 + numberCounter++).padStart(4, '0')}`;
  await body(await post(admin, '/api/communications/numbers', { number, label: 'Main line' }), 201);
  return { admin, tenantId, number };
}

const createLead = async (session: TTestSession, json: Record<string, unknown>) => body<TLead>(await post(session, '/api/leads?allow_duplicate=true', json), 201);

/** Posts a Twilio webhook, signed as Twilio signs it unless a signature is given. */
async function twilioWebhook(path: string, params: Record<string, string>, signature?: string | null): Promise<Response> {
  const url = `${host.url}${path}`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const signed = signature === undefined ? getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, url, params) : signature;
  if (signed !== null) headers['x-twilio-signature'] = signed;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

let sidCounter = 0;
const sid = (prefix: string) => `${prefix}${(++sidCounter).toString(16).padStart(32, '0')}`;
const inboundSms = (from: string, to: string, text: string, messageSid = sid('SM')) => ({
  MessageSid: messageSid,
  SmsSid: messageSid,
  AccountSid: `AC${'0'.repeat(32)}`,
  From: from,
  To: to,
  Body: text,
  NumMedia: '0',
  NumSegments: '1',
  ApiVersion: '2010-04-01',
});

const tenantDb = async (tenantId: string) => bindTenant(await host.platform.db(), tenantId);
const communicationsOf = async (tenantId: string) => (await tenantDb(tenantId)).collection<TCommunicationRecord>('communications').find({}).toArray();
const queuedEvents = async (type: string) =>
  (await host.platform.db()).collection('_queue_tasks').find({ topic: 'domain-events', 'attributes.type': type }).toArray();

/** The service context a workflow step runs with (the automation engine's path into sendMessage). */
async function workflowContext(tenantId: string) {
  const db = await host.platform.db();
  const tenant = (await db.collection<TTenantRecord>('tenants').findOne({ _id: tenantId })) as TTenantRecord;
  return tenantSystemContext({ db, ports: host.platform, log: host.platform.logger }, tenant, 'workflow:wf_test');
}

describe('a conversation with a lead, both ways, through the sandbox', () => {
  it('sends a text that walks queued → sent → delivered by signed callbacks, takes the reply, and shows both in the inbox', async () => {
    const { admin, number } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Maria', last_name: 'Lopez', phone: '512-555-0142', address: '4512 Oak Hollow Dr, Austin, TX 78745' });

    const sent = await body<TCommunication>(
      await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Hi {{first_name}}, this is {{rep_first_name}} about {{property_street}}. Still thinking of selling?' }),
      201,
    );
    expect(sent).toMatchObject({ status: 'queued', from: number, to: '+15125550142', lead_id: lead.id, direction: 'outbound', segments: 1 });
    expect(sent.body).toMatch(/^Hi Maria, this is \S+ about 4512 Oak Hollow Dr\. Still/);
    expect(sent.provider_sid).toMatch(/^SM[0-9a-f]{32}$/);

    await playQueue();
    const delivered = await body<TCommunication>(await admin.request(`/api/communications/messages/${sent.id}`), 200);
    expect(delivered.status).toBe('delivered');
    const sandbox = await body<{ sent: { _id: string; to: string }[] }>(await admin.request('/api/communications/sandbox'), 200);
    expect(sandbox.sent.map((entry) => [entry._id, entry.to])).toEqual([[sent.provider_sid, '+15125550142']]);

    const reply = await twilioWebhook('/api/twilio/sms', inboundSms('+15125550142', number, 'Yes, depends on the price'));
    expect(await body<string>(reply, 200)).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(reply.headers.get('content-type')).toMatch(/^text\/xml/);

    const inbox = await body<TPage<TConversation>>(await admin.request('/api/communications/inbox'), 200);
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({
      contact: { kind: 'lead', id: lead.id, name: 'Maria Lopez' },
      unread_count: 1,
      message_count: 2,
      tenant_number: number,
      last_message: { direction: 'inbound', preview: 'Yes, depends on the price' },
    });
    const thread = await body<TPage<TCommunication>>(await admin.request(`/api/communications?lead_id=${lead.id}&direction_order=asc`), 200);
    expect(thread.items.map((message) => [message.direction, message.status])).toEqual([
      ['outbound', 'delivered'],
      ['inbound', 'received'],
    ]);
    expect(await body(await admin.request('/api/communications/inbox/counts'), 200)).toEqual({ unread_conversations: 1, unread_messages: 1, by_kind: { lead: 1, buyer: 0 } });

    await body(await post(admin, '/api/communications/read', { lead_id: lead.id }), 200);
    expect((await body<TPage<TConversation>>(await admin.request('/api/communications/inbox?unread=true'), 200)).items).toEqual([]);

    const updated = await body<TLead>(await admin.request(`/api/leads/${lead.id}`), 200);
    expect(updated).toMatchObject({ communication_count: 2, first_contacted_at: '2030-03-02T16:00:00.000Z' });
    const timeline = await body<TPage<{ type: string; summary: string }>>(await admin.request(`/api/leads/${lead.id}/timeline`), 200);
    expect(timeline.items.filter((entry) => entry.type === 'communication').map((entry) => entry.summary)).toEqual(['SMS from Maria: Yes, depends on the price', expect.stringMatching(/^SMS to Maria: Hi Maria/)]);
  });

  it('records a test number’s delivery failure with the carrier’s reason', async () => {
    const { admin } = await organisationWithNumber();
    const sent = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { phone: SANDBOX_TEST_NUMBERS.undelivered }, body: 'Hello' }), 201);
    await playQueue();
    expect(await body<TCommunication>(await admin.request(`/api/communications/messages/${sent.id}`), 200)).toMatchObject({ status: 'undelivered', error_code: 30003, error: expect.stringMatching(/Unreachable/) });
    const refused = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { phone: SANDBOX_TEST_NUMBERS.invalid }, body: 'Hello' }), 201);
    expect(refused).toMatchObject({ status: 'failed', error_code: 21211 });
  });

  it('never moves a message back when callbacks arrive out of order', async () => {
    const { admin, tenantId } = await organisationWithNumber();
    const sent = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { phone: '+15125550150' }, body: 'Hello' }), 201);
    const status = (MessageStatus: string) => twilioWebhook(`/api/twilio/sms/status?ref=${sent.id}`, { MessageSid: sent.provider_sid as string, MessageStatus, From: sent.from, To: sent.to });
    expect((await status('delivered')).status).toBe(200);
    expect((await status('sent')).status).toBe(200);
    const [stored] = (await communicationsOf(tenantId)).filter((message) => message._id === sent.id);
    expect(stored?.status).toBe('delivered');
  });
});

describe('signed webhooks', () => {
  it('turns a signed text from an unknown number into a new lead and raises communication_received', async () => {
    const { admin, tenantId, number } = await organisationWithNumber();
    const before = (await queuedEvents('communication_received')).length;
    await body(await twilioWebhook('/api/twilio/sms', inboundSms('+12145550177', number, 'Do you buy houses in Garland?')), 200);

    const leads = await body<TPage<TLead>>(await admin.request('/api/leads'), 200);
    expect(leads.items).toHaveLength(1);
    expect(leads.items[0]).toMatchObject({ phone: '+12145550177', source: 'inbound_sms', first_name: 'Unknown', last_name: '(214) 555-0177', status: 'new' });
    const events = (await queuedEvents('communication_received')).slice(before);
    expect(events).toHaveLength(1);
    const [message] = await communicationsOf(tenantId);
    expect(message).toMatchObject({ direction: 'inbound', lead_id: leads.items[0]?.id, body: 'Do you buy houses in Garland?' });
    expect((await queuedEvents('lead_created')).some((event) => (event.attributes as Record<string, string>).tenant_id === tenantId)).toBe(true);
  });

  it('processes a replayed webhook once: the replay creates nothing new', async () => {
    const { tenantId, number } = await organisationWithNumber();
    const params = inboundSms('+12145550178', number, 'Interested in an offer');
    await body(await twilioWebhook('/api/twilio/sms', params), 200);
    const afterFirst = { messages: (await communicationsOf(tenantId)).length, leads: await (await tenantDb(tenantId)).collection('leads').countDocuments({}) };
    const replay = await twilioWebhook('/api/twilio/sms', params);
    expect(await body<string>(replay, 200)).toContain('<Response/>');
    expect((await communicationsOf(tenantId)).length).toBe(afterFirst.messages);
    expect(await (await tenantDb(tenantId)).collection('leads').countDocuments({})).toBe(afterFirst.leads);
    expect(afterFirst).toEqual({ messages: 1, leads: 1 });
  });

  it.each([
    ['a wrong signature', 'bm90IHRoZSBzaWduYXR1cmU='],
    ['no signature', null],
  ])('answers %s with 403 and changes nothing', async (_case, signature) => {
    const { tenantId, number } = await organisationWithNumber();
    const response = await twilioWebhook('/api/twilio/sms', inboundSms('+12145550179', number, 'Hello'), signature);
    expect((await body<TProblem>(response, 403)).code).toBe('forbidden');
    expect(await communicationsOf(tenantId)).toEqual([]);
    expect(await (await tenantDb(tenantId)).collection('leads').countDocuments({})).toBe(0);
  });

  it('refuses a request signed for another URL (the signature covers the public URL and every field)', async () => {
    const { number } = await organisationWithNumber();
    const params = inboundSms('+12145550180', number, 'Hello');
    const signedForElsewhere = getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${host.url}/api/twilio/voice`, params);
    expect((await twilioWebhook('/api/twilio/sms', params, signedForElsewhere)).status).toBe(403);
    const tampered = getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${host.url}/api/twilio/sms`, { ...params, Body: 'Hello!' });
    expect((await twilioWebhook('/api/twilio/sms', params, tampered)).status).toBe(403);
  });

  it('answers 404 for a number no organisation uses', async () => {
    expect((await twilioWebhook('/api/twilio/sms', inboundSms('+12145550181', '+17379990000', 'Hello'))).status).toBe(404);
  });
});

describe('STOP', () => {
  it('opts the number out with the confirmation carriers expect, and blocks every later send path until START', async () => {
    const { admin, tenantId, number } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Ann', phone: '512-555-0161', address: '1 Elm St, Austin, TX 78701' });
    const scheduled = await body<TCommunication>(
      await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Following up tomorrow', at: '2030-03-03T16:00:00Z' }),
      202,
    );
    expect(scheduled).toMatchObject({ status: 'scheduled', scheduled_for: '2030-03-03T16:00:00.000Z' });

    const stop = await body<string>(await twilioWebhook('/api/twilio/sms', inboundSms('+15125550161', number, 'STOP')), 200);
    expect(stop).toContain('<Message>You have successfully been unsubscribed');

    // A person.
    const refused = await body<TProblem>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Are you sure?' }), 403);
    expect(refused).toMatchObject({ code: 'forbidden', reason: 'opted_out' });
    expect(refused.detail).toMatch(/replied STOP/);
    // A raw number, the preview says so too.
    expect((await body<TProblem>(await post(admin, '/api/communications/messages', { to: { phone: '(512) 555-0161' }, body: 'Hi' }), 403)).reason).toBe('opted_out');
    expect((await body<{ blocked: { reason: string } }>(await post(admin, '/api/communications/messages/preview', { to: { lead_id: lead.id }, body: 'Hi' }), 200)).blocked.reason).toBe('opted_out');
    // A workflow.
    await expect(sendMessage(await workflowContext(tenantId), { to: { lead_id: lead.id }, body: 'Automated hello', automated: true })).rejects.toMatchObject({ code: 'forbidden' });
    // A message scheduled before the STOP.
    clock.advance(86_400_000);
    await (await queue()).drain();
    expect(await body<TCommunication>(await admin.request(`/api/communications/messages/${scheduled.id}`), 200)).toMatchObject({ status: 'canceled', error: expect.stringMatching(/STOP/) });
    expect((await communicationsOf(tenantId)).filter((message) => message.direction === 'outbound' && message.provider_sid)).toEqual([]);

    // Only the contact can undo it.
    expect(await body<string>(await twilioWebhook('/api/twilio/sms', inboundSms('+15125550161', number, 'start')), 200)).toContain('re-subscribed');
    expect((await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Welcome back' }), 201)).status).toBe('queued');
    const preferences = await body<{ opted_out: boolean; history: { change: string }[] }>(await admin.request('/api/communications/preferences?phone=%2B15125550161'), 200);
    expect(preferences.opted_out).toBe(false);
    expect(preferences.history.map((entry) => entry.change)).toEqual(['opt_out', 'opt_in']);
  });

  it('refuses everything to a do-not-contact number, calls included', async () => {
    const { admin } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Bo', phone: '512-555-0162' });
    await body(await post(admin, '/api/communications/do-not-contact', { value: '(512) 555-0162', reason: 'Asked on the phone' }), 201);
    expect((await body<TProblem>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Hi' }), 403)).reason).toBe('do_not_contact');
    expect((await body<TProblem>(await post(admin, '/api/communications/calls', { to: { lead_id: lead.id } }), 403)).reason).toBe('do_not_contact');
  });
});

describe('sending now', () => {
  it('sends a text at once though time moves between the clock readings of one send', async () => {
    const { admin } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Di', phone: '512-555-0164' });
    clock.set('2030-03-05T18:00:00.400Z');
    clock.tickOnRead(1);
    try {
      // The send slot used to be read from a later clock reading, so "now" came back a millisecond late: 202, scheduled.
      expect((await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Hello now' }), 201)).status).toBe('queued');
    } finally {
      clock.tickOnRead(0);
    }
  });
});

describe('quiet hours', () => {
  it('asks a person to confirm outside them, and defers a workflow’s text to the window in the recipient’s zone', async () => {
    const { admin, tenantId } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Cy', phone: '915-555-0163', address: '10 Mesa St, El Paso, TX 79901' });
    // 03:30 UTC on Mar 5 is 20:30 on Mar 4 in El Paso (Mountain time).
    clock.set('2030-03-05T03:30:00Z');

    const problem = await body<TProblem>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Late hello' }), 409);
    expect(problem).toMatchObject({ reason: 'quiet_hours', local_time: '20:30', time_zone: 'America/Denver', next_allowed_at: '2030-03-05T16:00:00.000Z' });
    expect((await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Late hello', force: true }), 201)).status).toBe('queued');

    const automated = await sendMessage(await workflowContext(tenantId), { to: { lead_id: lead.id }, body: 'Automated follow-up', automated: true, idempotency_key: 'wf_test:step-1' });
    expect(automated).toMatchObject({ status: 'scheduled', automated: true });
    expect(automated.scheduled_for?.toISOString()).toBe('2030-03-05T16:00:00.000Z');
    // The same workflow step again sends nothing new.
    expect((await sendMessage(await workflowContext(tenantId), { to: { lead_id: lead.id }, body: 'Automated follow-up', automated: true, idempotency_key: 'wf_test:step-1' }))._id).toBe(automated._id);

    await playQueue(60_000);
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${automated._id}`), 200)).status).toBe('scheduled');
    clock.set('2030-03-05T16:00:01Z');
    await (await queue()).drain();
    await playQueue();
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${automated._id}`), 200)).status).toBe('delivered');
    clock.set('2030-03-02T16:00:00.000Z');
  });
});

describe('sending', () => {
  it('names the merge field a recipient has no value for, and takes a fallback', async () => {
    const { admin } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Di', phone: '512-555-0164' });
    const problem = await body<TProblem>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'About {{property_address}}' }), 400);
    expect(problem.errors?.[0]?.detail).toMatch(/\{\{property_address\}\} has no value for Di/);
    expect((await body<TProblem>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'About {{adress}}' }), 400)).errors?.[0]?.detail).toMatch(/not a merge field/);
    const sent = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'About {{property_address|your property}}' }), 201);
    expect(sent.body).toBe('About your property');
  });

  it('sends from a template, and cancels a scheduled send', async () => {
    const { admin } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Ed', phone: '512-555-0165' });
    const template = await body<{ id: string; fields: string[] }>(
      await post(admin, '/api/communications/templates', { name: 'First touch', body: 'Hi {{first_name}}, {{company_name}} here. Open to an offer?' }),
      201,
    );
    expect(template.fields).toEqual(['first_name', 'company_name']);
    expect((await body<TProblem>(await post(admin, '/api/communications/templates', { name: 'Broken', body: 'Hi {{frist_name}}' }), 400)).errors?.[0]?.field).toBe('body');
    const scheduled = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { lead_id: lead.id }, template_id: template.id, at: '2030-03-02T18:00:00Z' }), 202);
    expect(scheduled.body).toBe('Hi Ed, Test Homes LLC here. Open to an offer?');
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${scheduled.id}/cancel`, { method: 'POST' }), 200)).status).toBe('canceled');
    expect((await body<TProblem>(await admin.request(`/api/communications/messages/${scheduled.id}/cancel`, { method: 'POST' }), 409)).code).toBe('conflict');
    clock.advance(3 * 3_600_000);
    await (await queue()).drain();
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${scheduled.id}`), 200)).status).toBe('canceled');
    clock.set('2030-03-02T16:00:00.000Z');
  });

  it('keeps tenants apart: another organisation’s lead is not found, its number cannot be taken', async () => {
    const first = await organisationWithNumber();
    const second = await organisationWithNumber();
    const lead = await createLead(first.admin, { first_name: 'Flo', phone: '512-555-0166' });
    expect((await post(second.admin, '/api/communications/messages', { to: { lead_id: lead.id }, body: 'Hi' })).status).toBe(404);
    expect((await post(second.admin, '/api/communications/numbers', { number: first.number })).status).toBe(409);
    expect((await second.admin.request(`/api/communications?lead_id=${lead.id}`)).status).toBe(404);
  });

  it('lets reps see their own leads’ conversations only, and executives send nothing', async () => {
    const { admin, number } = await organisationWithNumber();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const executive = await host.addMember(admin, 'executive');
    const mine = await createLead(admin, { first_name: 'Gil', phone: '512-555-0167', assigned_to: rep.uid });
    const other = await createLead(admin, { first_name: 'Hal', phone: '512-555-0168', assigned_to: admin.uid });
    await body(await twilioWebhook('/api/twilio/sms', inboundSms('+15125550167', number, 'Hi from Gil')), 200);
    clock.advance(1_000);
    await body(await twilioWebhook('/api/twilio/sms', inboundSms('+15125550168', number, 'Hi from Hal')), 200);
    const inbox = await body<TPage<TConversation>>(await rep.request('/api/communications/inbox'), 200);
    expect(inbox.items.map((conversation) => conversation.contact.id)).toEqual([mine.id]);
    expect((await rep.request(`/api/communications?lead_id=${other.id}`)).status).toBe(404);
    expect((await post(executive, '/api/communications/messages', { to: { lead_id: mine.id }, body: 'Hi' })).status).toBe(403);
    const notifications = await body<{ items: { title: string }[] }>(await rep.request('/api/notifications'), 200);
    expect(notifications.items.map((item) => item.title)).toContain('New message from Gil');

    // Reassigning the lead moves its conversation, without a new message.
    await body(await admin.request(`/api/leads/${other.id}`, { method: 'PATCH', json: { assigned_to: rep.uid, last_name: 'Hollis' } }), 200);
    await (await queue()).drain();
    const after = await body<TPage<TConversation>>(await rep.request('/api/communications/inbox'), 200);
    expect(after.items.map((conversation) => [conversation.contact.id, conversation.contact.name])).toEqual([
      [other.id, 'Hal Hollis'],
      [mine.id, 'Gil'],
    ]);
  });
});

describe('throughput, email and analytics', () => {
  it('holds a number to its segments per second: the excess waits for the next slot', async () => {
    const { admin } = await organisationWithNumber();
    const first = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { phone: '+15125550171' }, body: 'One' }), 201);
    const second = await body<TCommunication>(await post(admin, '/api/communications/messages', { to: { phone: '+15125550172' }, body: 'Two' }), 202);
    expect(first.status).toBe('queued');
    expect(second).toMatchObject({ status: 'scheduled', scheduled_for: new Date(Math.floor(clock.now().getTime() / 1000) * 1000 + 1000).toISOString() });
    // Its slot comes, it goes out; then the sandbox's callbacks come.
    await playQueue();
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${second.id}`), 200)).status).toBe('queued');
    await playQueue();
    expect((await body<TCommunication>(await admin.request(`/api/communications/messages/${second.id}`), 200)).status).toBe('delivered');
  });

  it('emails a lead through the email port (the local outbox)', async () => {
    const { admin } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Kim', email: 'kim@example.com', address: '3 Lamar Blvd, Austin, TX 78704' });
    const sent = await body<TCommunication>(
      await post(admin, '/api/communications/messages', { channel: 'email', to: { lead_id: lead.id }, subject: 'About {{property_street}}', body: 'Hi {{first_name}}, would you consider an offer?' }),
      201,
    );
    expect(sent).toMatchObject({ channel: 'email', status: 'sent', to: 'kim@example.com', subject: 'About 3 Lamar Blvd', body: 'Hi Kim, would you consider an offer?' });
    const outbox = await readdir(join(host.dataDir, 'outbox'));
    const files = await Promise.all(outbox.map((file) => readFile(join(host.dataDir, 'outbox', file), 'utf8')));
    expect(files.some((eml) => eml.includes('Subject: About 3 Lamar Blvd') && eml.includes('To: kim@example.com'))).toBe(true);
    expect((await body<TProblem>(await post(admin, '/api/communications/messages', { channel: 'email', to: { lead_id: lead.id }, body: 'No subject' }), 400)).errors?.[0]?.field).toBe('subject');
  });

  it('counts sent, delivered, failed and opt-outs per number', async () => {
    const { admin, number } = await organisationWithNumber();
    await body(await post(admin, '/api/communications/numbers', { number: `+1737202${String(1000 + numberCounter++).padStart(4, '0')}`, label: 'Second line', throughput_per_second: 5 }), 201);
    for (const phone of ['+15125550173', SANDBOX_TEST_NUMBERS.failed]) {
      await body(await post(admin, '/api/communications/messages', { to: { phone }, body: 'Hello' }), 201);
      clock.advance(1_000);
    }
    await playQueue();
    await body(await twilioWebhook('/api/twilio/sms', inboundSms('+15125550173', number, 'Stop')), 200);
    const analytics = await body<{ numbers: { number: string; sms: Record<string, number | null> }[]; totals: { sms: Record<string, number | null> } }>(
      await admin.request('/api/communications/analytics'),
      200,
    );
    expect(analytics.numbers.map((entry) => entry.number)).toHaveLength(2);
    expect(analytics.numbers.find((entry) => entry.number === number)?.sms).toMatchObject({ sent: 2, delivered: 1, failed: 1, received: 1, opt_outs: 1, delivery_rate: 0.5, failure_rate: 0.5, opt_out_rate: 0.5 });
    expect(analytics.totals.sms.sent).toBe(2);
  });
});

describe('calls', () => {
  it('click-to-call rings the rep, bridges the lead, and ends with its duration', async () => {
    const { admin, number } = await organisationWithNumber();
    const lead = await createLead(admin, { first_name: 'Ivy', phone: '512-555-0169' });
    expect((await body<TProblem>(await post(admin, '/api/communications/calls', { to: { lead_id: lead.id } }), 409)).reason).toBe('no_caller_phone');
    await body(await admin.request('/api/users/me', { method: 'PATCH', json: { phone: '512-555-0190' } }), 200);
    const call = await body<TCommunication>(await post(admin, '/api/communications/calls', { to: { lead_id: lead.id } }), 201);
    expect(call).toMatchObject({ channel: 'call', direction: 'outbound', status: 'queued', from: number, to: '+15125550169' });
    await playQueue(60_000);
    const ended = await body<TCommunication>(await admin.request(`/api/communications/messages/${call.id}`), 200);
    expect(ended).toMatchObject({ status: 'completed', duration_seconds: 42 });
    const log = await body<TPage<TCommunication>>(await admin.request('/api/communications?channel=call'), 200);
    expect(log.items.map((entry) => entry.id)).toEqual([call.id]);
  });

  it('sends a missed call to voicemail, with the recording, a notification and a missed communication_received', async () => {
    const { admin, tenantId, number } = await organisationWithNumber();
    const before = (await queuedEvents('communication_received')).length;
    const result = await body<{ steps: { webhook: string; status: number; response: string }[]; communication: TCommunication }>(
      await post(admin, '/api/communications/sandbox/inbound-call', { from: '+12145550191', outcome: 'no_answer', voicemail_seconds: 30 }),
      200,
    );
    expect(result.steps.map((step) => [step.webhook, step.status])).toEqual([
      ['/api/twilio/voice', 200],
      ['/api/twilio/voice/voicemail', 200],
      ['/api/twilio/voice/status', 204],
    ]);
    expect(result.steps[0]?.response).toContain('<Record');
    expect(result.communication).toMatchObject({ channel: 'call', direction: 'inbound', status: 'no_answer', missed: true, duration_seconds: 30, to: number });
    expect(result.communication.recording).toBe(`/api/communications/calls/${result.communication.id}/recording`);
    const recording = await admin.request(result.communication.recording as string);
    expect(recording.headers.get('content-type')).toBe('audio/wav');
    expect((await recording.arrayBuffer()).byteLength).toBeGreaterThan(44);

    const events = (await queuedEvents('communication_received')).slice(before);
    expect(events).toHaveLength(1);
    const leads = await (await tenantDb(tenantId)).collection<TLeadRecord>('leads').find({}).toArray();
    expect(leads.map((lead) => lead.source)).toEqual(['inbound_call']);
    const missed = await body<TPage<TCommunication>>(await admin.request('/api/communications?channel=call&missed=true'), 200);
    expect(missed.items).toHaveLength(1);
  });

  it('rings the lead’s rep for a known caller', async () => {
    const { admin, number } = await organisationWithNumber();
    const rep = await host.addMember(admin, 'acquisition_rep');
    await body(await rep.request('/api/users/me', { method: 'PATCH', json: { phone: '512-555-0192' } }), 200);
    await createLead(admin, { first_name: 'Jo', phone: '512-555-0170', assigned_to: rep.uid });
    const result = await body<{ steps: { webhook: string; response: string }[]; communication: TCommunication }>(
      await post(admin, '/api/communications/sandbox/inbound-call', { from: '+15125550170', to: number, outcome: 'answered', duration_seconds: 125 }),
      200,
    );
    expect(result.steps[0]?.response).toContain('<Number>+15125550192</Number>');
    expect(result.communication).toMatchObject({ status: 'completed', missed: false, duration_seconds: 125 });
  });
});

describe('the developer panel’s sandbox routes', () => {
  it('answer 404 when the provider is Twilio', async () => {
    const twilioHost = await startTestHost({ env: { TELEPHONY: 'twilio' } });
    try {
      const { admin } = await twilioHost.createOrganisation();
      expect((await admin.request('/api/communications/sandbox')).status).toBe(404);
      expect((await admin.request('/api/communications/sandbox/inbound-sms', { method: 'POST', json: { from: '+15125550174', body: 'Hi' } })).status).toBe(404);
    } finally {
      await twilioHost.close();
    }
  });
});
