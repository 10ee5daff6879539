import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { TDealBlast } from '../../shared/communications/blast.schemas.ts';
import type { TCommunication } from '../../shared/communications/communication.schemas.ts';
import { SANDBOX_AUTH_TOKEN } from '../../infra/platform/config.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

/**
 * Deal blasts over HTTP with the telephony sandbox: a deal on the market goes to its matched
 * buyers by text and email in one action, through the one sending path (opt-outs skip, texts
 * spread over the number's throughput), and buyers' replies thread back to the deal with their
 * response read.
 */
// 16:00 UTC is 10:00 in Texas (inside the send window); in the future, as the store's TTL reads the real clock.
const clock = createManualClock('2030-03-04T16:00:00.000Z');
let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

type TProblem = { code: string; detail: string; reason?: string; [key: string]: unknown };
type TPage<T> = { items: T[]; nextCursor: string | null };

const body = async <T>(response: Response, status: number): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
};
const post = (session: TTestSession, path: string, json: unknown) => session.request(path, { method: 'POST', json });
const playQueue = async (advanceMs = 5_000) => {
  clock.advance(advanceMs);
  await (await host.platform.local?.queue())?.drain();
};

async function signedSms(from: string, to: string, text: string, sid: string): Promise<Response> {
  const url = `${host.url}/api/twilio/sms`;
  const params = { MessageSid: sid, AccountSid: `AC${'0'.repeat(32)}`, From: from, To: to, Body: text, NumMedia: '0' };
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
}

const austinBox = { property_types: ['single_family'], price_min: 150_000, price_max: 300_000, locations: { cities: ['Austin'], states: ['TX'], zips: ['78745'] } };

describe('a deal blast', () => {
  let admin: TTestSession;
  let dispo: TTestSession;
  let dealId: string;
  const number = '+17372030001';
  const buyers: Record<string, string> = {};

  beforeAll(async () => {
    ({ admin } = await host.createOrganisation());
    dispo = await host.addMember(admin, 'disposition_manager');
    await body(await post(admin, '/api/communications/numbers', { number, throughput_per_second: 1 }), 201);
    const buyer = async (key: string, json: Record<string, unknown>) => {
      buyers[key] = (await body<{ id: string }>(await post(dispo, '/api/buyers', { buy_box: austinBox, ...json }), 201)).id;
    };
    await buyer('ana', { first_name: 'Ana', last_name: 'Flip', phone: '512-555-0181', email: 'ana@flips.example' });
    await buyer('ben', { first_name: 'Ben', last_name: 'Rentals', phone: '512-555-0182' });
    await buyer('cal', { first_name: 'Cal', last_name: 'Stopped', phone: '512-555-0183', email: 'cal@example.com' });
    await buyer('dee', { first_name: 'Dee', last_name: 'Emailonly', email: 'dee@example.com' });
    await buyer('far', { first_name: 'Far', last_name: 'Away', phone: '512-555-0184', buy_box: { property_types: ['land'], locations: { cities: ['El Paso'], states: ['TX'], zips: [] } } });
    // Cal texted STOP to this number earlier.
    await body(await signedSms('+15125550183', number, 'STOP', `SM${'c'.repeat(32)}`), 200);

    const lead = await body<{ id: string }>(
      await post(admin, '/api/leads', { first_name: 'Sal', last_name: 'Seller', phone: '512-555-0185', address: '4512 Oak Hollow Dr, Austin, TX 78745', property_type: 'single_family', estimated_value: 260_000 }),
      201,
    );
    await body(await post(admin, `/api/leads/${lead.id}/status`, { status: 'qualified' }), 200);
    dealId = (await body<{ id: string }>(await post(dispo, '/api/deals', { lead_id: lead.id, contract_price: 180_000, arv: 280_000, repair_estimate: 35_000, asking_price: 200_000 }), 201)).id;
  });

  it('goes to the matched buyers by text and email in one action, skipping opted-out and unreachable channels with the reason', async () => {
    const blast = await body<TDealBlast>(await post(dispo, '/api/communications/blasts', { deal_id: dealId, sms: {}, email: {} }), 202);
    const byName = new Map(blast.recipients.map((recipient) => [recipient.name, recipient]));
    expect([...byName.keys()].sort()).toEqual(['Ana Flip', 'Ben Rentals', 'Cal Stopped', 'Dee Emailonly']);
    expect(byName.get('Ana Flip')).toMatchObject({ sms: { status: 'scheduled' }, email: { status: 'scheduled' }, skipped: [] });
    expect(byName.get('Ben Rentals')?.skipped).toEqual([{ channel: 'email', reason: expect.stringMatching(/has no email address/) }]);
    expect(byName.get('Cal Stopped')?.sms).toBeNull();
    expect(byName.get('Cal Stopped')?.skipped).toEqual([{ channel: 'sms', reason: expect.stringMatching(/replied STOP/) }]);
    expect(byName.get('Cal Stopped')?.email?.status).toBe('scheduled');
    expect(byName.get('Dee Emailonly')?.skipped).toEqual([{ channel: 'sms', reason: expect.stringMatching(/has no phone number/) }]);
    expect(blast.counts).toMatchObject({ recipients: 4, messages: 5, skipped: 3 });

    // Texts go out one second apart (the number's throughput), all through the sandbox.
    const texts = await body<TPage<TCommunication>>(await dispo.request(`/api/communications?blast_id=${blast.id}&channel=sms&direction_order=asc`), 200);
    expect(texts.items.map((message) => message.scheduled_for).sort()).toEqual(['2030-03-04T16:00:01.000Z', '2030-03-04T16:00:02.000Z']);
    expect(texts.items[0]?.body).toMatch(/^New deal: single family at 4512 Oak Hollow Dr, Austin, TX 78745\. Asking \$200,000, ARV \$280,000, repairs ~\$35,000\. Reply YES for details\. – \S+ Test Homes LLC$/);
    // Each round: what is due goes out (a text finding its second taken waits for the next), then the callbacks come.
    let delivered = blast;
    for (let round = 0; round < 4 && delivered.counts.delivered < 5; round++) {
      await playQueue();
      delivered = await body<TDealBlast>(await dispo.request(`/api/communications/blasts/${blast.id}`), 200);
    }
    expect(delivered.counts).toMatchObject({ messages: 5, delivered: 5, failed: 0 });
    const sentAt = (await body<TPage<TCommunication>>(await dispo.request(`/api/communications?blast_id=${blast.id}&channel=sms`), 200)).items.map((message) => message.updated_at);
    expect(new Set(sentAt).size).toBe(2);

    // A second click within minutes is refused.
    expect((await body<TProblem>(await post(dispo, '/api/communications/blasts', { deal_id: dealId, sms: {} }), 409)).reason).toBe('recent_blast');
  });

  it('threads a buyer’s reply back to the deal and reads their answer', async () => {
    const [blast] = (await body<TPage<TDealBlast>>(await dispo.request(`/api/communications/blasts?deal_id=${dealId}`), 200)).items;
    await body(await signedSms('+15125550181', number, 'YES send me the address', `SM${'a'.repeat(32)}`), 200);
    clock.advance(60_000);
    await body(await signedSms('+15125550182', number, 'Pass, too much work', `SM${'b'.repeat(32)}`), 200);

    const after = await body<TDealBlast>(await dispo.request(`/api/communications/blasts/${blast?.id}`), 200);
    const byName = new Map(after.recipients.map((recipient) => [recipient.name, recipient]));
    expect(byName.get('Ana Flip')).toMatchObject({ response: 'interested', reply_preview: 'YES send me the address' });
    expect(byName.get('Ben Rentals')?.response).toBe('not_interested');
    expect(after.counts).toMatchObject({ replied: 2, interested: 1, not_interested: 1 });

    const thread = await body<TPage<TCommunication>>(await dispo.request(`/api/communications?deal_id=${dealId}&direction=inbound`), 200);
    expect(thread.items.map((message) => [message.body, message.buyer_id, message.blast_id])).toEqual([
      ['Pass, too much work', buyers.ben, blast?.id],
      ['YES send me the address', buyers.ana, blast?.id],
    ]);
    const timeline = await body<TPage<{ summary: string }>>(await dispo.request(`/api/deals/${dealId}/timeline`), 200);
    expect(timeline.items.map((entry) => entry.summary)).toEqual(expect.arrayContaining(['Sent to 4 buyers by text and email', expect.stringMatching(/^SMS from Ana Flip: YES send me the address/)]));
    const inbox = await body<TPage<{ contact: { kind: string; id: string }; unread_count: number }>>(await dispo.request('/api/communications/inbox?contact_kind=buyer&unread=true'), 200);
    expect(inbox.items.map((conversation) => conversation.contact.id).sort()).toEqual([buyers.ana, buyers.ben].sort());

    const corrected = await body<TDealBlast>(await dispo.request(`/api/communications/blasts/${blast?.id}/recipients/${buyers.ben}/response`, { method: 'PUT', json: { response: 'interested' } }), 200);
    expect(corrected.counts.interested).toBe(2);
  });

  it('is for disposition managers and admins, and for deals on the market', async () => {
    const rep = await host.addMember(admin, 'acquisition_rep');
    expect((await post(rep, '/api/communications/blasts', { deal_id: dealId, sms: {} })).status).toBe(403);
    await body(await post(dispo, `/api/deals/${dealId}/status`, { status: 'cancelled', reason: 'Seller backed out' }), 200);
    expect((await body<TProblem>(await post(dispo, '/api/communications/blasts', { deal_id: dealId, sms: {}, allow_repeat: true }), 409)).detail).toMatch(/cancelled/);
  });
});
