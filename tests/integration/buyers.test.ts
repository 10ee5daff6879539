import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuyer } from '../../shared/buyers/buyer.schemas.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import type { TDealRecord } from '../../shared/deals/deal-record.ts';
import type { TPage } from '../../shared/schemas/common.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

const clock = createManualClock('2026-03-02T15:00:00.000Z');
/** Each write a minute after the last, so timelines (newest first) have one order. */
const tick = () => clock.advance(60_000);

let host: TTestHost;
let admin: TTestSession;
let dispo: TTestSession;
let rep: TTestSession;
let executive: TTestSession;
let tenantId: string;

beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '5000' } });
  ({ admin, tenantId } = await host.createOrganisation('Buyers Test Homes'));
  [dispo, rep, executive] = await Promise.all([host.addMember(admin, 'disposition_manager'), host.addMember(admin, 'acquisition_rep'), host.addMember(admin, 'executive')]);
});
afterAll(() => host.close());

const json = async <T>(response: Response, status = 200): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
};

let phoneCounter = 100;
const nextPhone = () => `(512) 555-${String(phoneCounter++).padStart(4, '0')}`;

async function createBuyer(session: TTestSession, body: Record<string, unknown>): Promise<TBuyer> {
  tick();
  return json<TBuyer>(await session.request('/api/buyers', { method: 'POST', json: { phone: nextPhone(), ...body } }), 201);
}

describe('creating and reading buyers', () => {
  it('normalises contact data and the buy box, and starts metrics at zero', async () => {
    const created = await createBuyer(dispo, {
      first_name: 'Marcus',
      last_name: 'Bell',
      company: 'Bell Capital',
      phone: '512.555.0199',
      email: ' Marcus@BellCapital.COM ',
      buy_box: { property_types: ['single_family'], price_min: 100_000, price_max: 250_000, locations: { cities: ['  san   antonio', 'Austin'], states: ['tx'], zips: ['78701'] } },
      tags: ['flipper', 'flipper', 'cash'],
    });
    expect(created).toMatchObject({
      full_name: 'Marcus Bell',
      phone: '+15125550199',
      email: 'marcus@bellcapital.com',
      tags: ['flipper', 'cash'],
      status: 'active',
      buy_box: { locations: { cities: ['San Antonio', 'Austin'], states: ['TX'], zips: ['78701'] }, criteria: { financing: 'cash' } },
    });
    const read = await json<TBuyer>(await executive.request(`/api/buyers/${created.id}`));
    expect(read.metrics).toEqual({
      deals_bought: 0,
      total_invested: 0,
      average_deal_size: null,
      deals_in_progress: 0,
      deals_fell_through: 0,
      last_deal_closed_at: null,
      median_response_minutes: null,
      response_rate: null,
    });
  });

  it('answers 409 with the existing buyer when the phone is taken, and creates anyway when asked', async () => {
    const first = await createBuyer(admin, { first_name: 'Dup', phone: '(210) 555-0111' });
    const again = await admin.request('/api/buyers', { method: 'POST', json: { first_name: 'Dup Two', phone: '210-555-0111' } });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ existing_id: first.id, duplicate_field: 'phone', errors: [{ field: 'phone' }] });
    const forced = await admin.request('/api/buyers?allow_duplicate=true', { method: 'POST', json: { first_name: 'Dup Two', phone: '210-555-0111' } });
    expect(forced.status).toBe(201);
  });

  it.each([
    ['an invalid phone', { first_name: 'A', phone: '555' }, 'phone'],
    ['an invalid email', { first_name: 'A', email: 'not-an-email' }, 'email'],
    ['a minimum above the maximum', { first_name: 'A', buy_box: { price_min: 300_000, price_max: 100_000 } }, 'buy_box.price_max'],
    ['a five-letter state', { first_name: 'A', buy_box: { locations: { states: ['TEXAS'] } } }, 'buy_box.locations.states.0'],
    ['an unknown property type', { first_name: 'A', buy_box: { property_types: ['castle'] } }, 'buy_box.property_types.0'],
    ['an unknown field', { first_name: 'A', credit_score: 800 }, 'credit_score'],
    ['a query operator', { first_name: { $ne: '' } }, 'first_name.$ne'],
    ['no name', { last_name: 'Only' }, 'first_name'],
  ])('refuses %s with 400 naming the field', async (_case, body, field) => {
    const response = await admin.request('/api/buyers', { method: 'POST', json: body });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((error) => error.field)).toContain(field);
  });
});

describe('roles', () => {
  it('lets executives and acquisition reps read but not write', async () => {
    const buyer = await createBuyer(dispo, { first_name: 'Readable' });
    for (const reader of [executive, rep]) {
      expect((await reader.request('/api/buyers')).status).toBe(200);
      expect((await reader.request(`/api/buyers/${buyer.id}`)).status).toBe(200);
      expect((await reader.request('/api/buyers', { method: 'POST', json: { first_name: 'No' } })).status).toBe(403);
      expect((await reader.request(`/api/buyers/${buyer.id}`, { method: 'PATCH', json: { notes: 'x' } })).status).toBe(403);
      expect((await reader.request(`/api/buyers/${buyer.id}`, { method: 'DELETE' })).status).toBe(403);
      expect((await reader.request(`/api/buyers/${buyer.id}/notes`, { method: 'POST', json: { body: 'x' } })).status).toBe(403);
    }
  });
});

describe('updating', () => {
  it('merges the buy box part by part and records the change on the timeline', async () => {
    const buyer = await createBuyer(dispo, { first_name: 'Patch', buy_box: { property_types: ['condo'], price_max: 200_000, locations: { cities: ['Houston'], states: ['TX'] } } });
    tick();
    const updated = await json<TBuyer>(await dispo.request(`/api/buyers/${buyer.id}`, { method: 'PATCH', json: { buy_box: { price_min: 50_000, locations: { zips: ['77002'] } } } }));
    expect(updated.buy_box).toMatchObject({ property_types: ['condo'], price_min: 50_000, price_max: 200_000, locations: { cities: ['Houston'], states: ['TX'], zips: ['77002'] } });
    const conflict = await dispo.request(`/api/buyers/${buyer.id}`, { method: 'PATCH', json: { buy_box: { price_min: 500_000 } } });
    expect(conflict.status).toBe(400);
    expect(((await conflict.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('buy_box.price_max');

    tick();
    await json(await dispo.request(`/api/buyers/${buyer.id}/notes`, { method: 'POST', json: { body: 'Closes fast, prefers texts' } }), 201);
    const timeline = await json<TPage<{ type: string; summary: string }>>(await executive.request(`/api/buyers/${buyer.id}/timeline`));
    expect(timeline.items.map((entry) => entry.type)).toEqual(['note', 'updated', 'created']);
    expect(timeline.items[0]?.summary).toBe('Closes fast, prefers texts');
  });
});

describe('listing and filtering', () => {
  let listAdmin: TTestSession;
  beforeAll(async () => {
    ({ admin: listAdmin } = await host.createOrganisation('Filter Homes'));
    const buyers = [
      { first_name: 'Alice', tags: ['vip'], buy_box: { property_types: ['single_family'], price_min: 100_000, price_max: 200_000, locations: { cities: ['Austin'], states: ['TX'], zips: ['78701'] } } },
      { first_name: 'Bob', tags: ['landlord'], buy_box: { property_types: ['multi_family'], price_min: 300_000, locations: { cities: ['Dallas'], states: ['TX'] } } },
      { first_name: 'Carla', company: 'Rio Holdings', status: 'inactive', buy_box: { property_types: ['single_family', 'condo'], locations: { states: ['OK'] } } },
      { first_name: 'Dmitri', tags: ['vip', 'landlord'], buy_box: { price_max: 90_000, locations: { cities: ['San Antonio'], zips: ['78205'] } } },
    ];
    for (const buyer of buyers) await createBuyer(listAdmin, buyer);
  });

  const names = async (query: string) =>
    (await json<TPage<TBuyer>>(await listAdmin.request(`/api/buyers?${query}`))).items.map((buyer) => buyer.first_name).sort();

  it.each([
    ['', ['Alice', 'Bob', 'Carla', 'Dmitri']],
    ['status=inactive', ['Carla']],
    ['tag=vip', ['Alice', 'Dmitri']],
    ['tag=vip,landlord', ['Alice', 'Bob', 'Dmitri']],
    ['property_type=single_family', ['Alice', 'Carla']],
    ['state=tx', ['Alice', 'Bob']],
    ['city=san%20antonio', ['Dmitri']],
    ['zip=78701', ['Alice']],
    ['price=150000', ['Alice', 'Carla']],
    ['price=80000', ['Carla', 'Dmitri']],
    ['q=rio', ['Carla']],
    ['q=ALI', ['Alice']],
  ])('?%s finds %j', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('pages with a cursor in the chosen order without overlap', async () => {
    const first = await json<TPage<TBuyer>>(await listAdmin.request('/api/buyers?sort=full_name&direction=asc&limit=3'));
    expect(first.items.map((buyer) => buyer.first_name)).toEqual(['Alice', 'Bob', 'Carla']);
    const second = await json<TPage<TBuyer>>(await listAdmin.request(`/api/buyers?sort=full_name&direction=asc&limit=3&cursor=${first.nextCursor}`));
    expect(second.items.map((buyer) => buyer.first_name)).toEqual(['Dmitri']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a bad filter with 400', async () => {
    expect((await listAdmin.request('/api/buyers?zip=7870')).status).toBe(400);
    expect((await listAdmin.request('/api/buyers?sort=password')).status).toBe(400);
    expect((await listAdmin.request('/api/buyers?state=XX')).status).toBe(400);
  });
});

describe('metrics computed from deals and communications', () => {
  it('counts deals bought, money invested, fall-throughs, response time and rate', async () => {
    const buyer = await createBuyer(dispo, { first_name: 'Metric' });
    const db = await host.platform.db();
    const day = (n: number) => new Date(Date.UTC(2026, 0, n, 15));
    const deal = (id: string, status: TDealRecord['status'], history: TDealRecord['status_history'], fields: Partial<TDealRecord> = {}): TDealRecord => ({
      _id: id,
      tenant_id: tenantId,
      lead_id: `ld_${id}`,
      property: { address: null, property_type: 'single_family' },
      seller_name: 'Seller',
      contract_price: 100_000,
      arv: 200_000,
      repair_estimate: 20_000,
      asking_price: 120_000,
      assignment_fee: null,
      buyer_id: null,
      status,
      open_lead_id: null,
      status_history: history,
      closing_date: null,
      marketing_started_at: day(1),
      assigned_at: null,
      closed_at: null,
      cancel_reason: null,
      notes: '',
      acquired_by: null,
      search_text: '',
      created_by: admin.uid,
      created_at: day(1),
      updated_at: day(1),
      ...fields,
    });
    const assigned = { from: 'marketing' as const, to: 'assigned' as const, at: day(2), by: 'u', buyer_id: buyer.id };
    await db.collection<TDealRecord>('deals').insertMany([
      deal('dl_m1', 'closed', [assigned, { from: 'assigned', to: 'closed', at: day(5), by: 'u', buyer_id: buyer.id }], { buyer_id: buyer.id, assignment_fee: 15_000, contract_price: 100_000, closed_at: day(5) }),
      deal('dl_m2', 'closed', [assigned], { buyer_id: buyer.id, assignment_fee: 25_000, contract_price: 200_000, closed_at: day(9) }),
      deal('dl_m3', 'assigned', [assigned], { buyer_id: buyer.id, assignment_fee: 10_000 }),
      deal('dl_m4', 'marketing', [assigned, { from: 'assigned', to: 'marketing', at: day(3), by: 'u', buyer_id: buyer.id }]),
      deal('dl_other', 'closed', [], { buyer_id: 'by_someone_else', assignment_fee: 99_000, closed_at: day(4) }),
    ]);
    const message = (id: string, direction: 'inbound' | 'outbound', at: Date, dealId: string | null, status = direction === 'inbound' ? 'received' : 'delivered'): TCommunicationRecord => ({
      _id: id,
      tenant_id: tenantId,
      channel: 'sms',
      direction,
      status,
      from: '+15125550000',
      to: '+15125550001',
      body: 'x',
      lead_id: null,
      buyer_id: buyer.id,
      deal_id: dealId,
      provider_sid: null,
      duration_seconds: null,
      recording_url: null,
      sent_by: null,
      error: null,
      read: true,
      created_at: at,
      updated_at: at,
    });
    const at = (dayOfMonth: number, minutes: number) => new Date(day(dayOfMonth).getTime() + minutes * 60_000);
    await db.collection<TCommunicationRecord>('communications').insertMany([
      // Deal m1: blast, reply 30 min later.
      message('cm1', 'outbound', at(1, 0), 'dl_m1'),
      message('cm2', 'inbound', at(1, 30), null),
      // Deal m2: blast and a reminder; the reply answers the reminder (10 min).
      message('cm3', 'outbound', at(2, 0), 'dl_m2'),
      message('cm4', 'outbound', at(2, 60), 'dl_m2'),
      message('cm5', 'inbound', at(2, 70), null),
      // Deal m4: never answered. A failed send waits for nothing.
      message('cm6', 'outbound', at(3, 0), 'dl_m4'),
      message('cm7', 'outbound', at(3, 5), 'dl_m3', 'failed'),
      // A direct message answered after 2 hours.
      message('cm8', 'outbound', at(4, 0), null),
      message('cm9', 'inbound', at(4, 120), null),
    ]);

    const read = await json<TBuyer>(await rep.request(`/api/buyers/${buyer.id}`));
    expect(read.metrics).toEqual({
      deals_bought: 2,
      total_invested: 340_000,
      average_deal_size: 170_000,
      deals_in_progress: 1,
      deals_fell_through: 1,
      last_deal_closed_at: day(9).toISOString(),
      median_response_minutes: 30,
      response_rate: 0.75,
    });
    const listed = await json<TPage<TBuyer>>(await rep.request(`/api/buyers?q=metric`));
    expect(listed.items[0]?.metrics?.deals_bought).toBe(2);
  });
});

describe('deleting', () => {
  it('deletes a buyer who never held a deal, and refuses one who did', async () => {
    const free = await createBuyer(dispo, { first_name: 'Gone' });
    expect((await dispo.request(`/api/buyers/${free.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await dispo.request(`/api/buyers/${free.id}`)).status).toBe(404);

    const held = await createBuyer(dispo, { first_name: 'Held' });
    const db = await host.platform.db();
    await db.collection('deals').insertOne({ _id: 'dl_held', tenant_id: tenantId, buyer_id: null, status: 'marketing', status_history: [{ from: 'assigned', to: 'marketing', buyer_id: held.id }] });
    const refused = await dispo.request(`/api/buyers/${held.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ deal_id: 'dl_held' });
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organisation's buyer on every route and never lists it", async () => {
    const buyer = await createBuyer(admin, { first_name: 'Private' });
    const { admin: stranger } = await host.createOrganisation('Other Homes');
    for (const [method, path, body] of [
      ['GET', `/api/buyers/${buyer.id}`],
      ['PATCH', `/api/buyers/${buyer.id}`, { notes: 'mine now' }],
      ['DELETE', `/api/buyers/${buyer.id}`],
      ['GET', `/api/buyers/${buyer.id}/timeline`],
      ['POST', `/api/buyers/${buyer.id}/notes`, { body: 'hello' }],
    ] as const) {
      const response = await stranger.request(path, { method, ...(body ? { json: body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const list = await json<TPage<TBuyer>>(await stranger.request('/api/buyers'));
    expect(list.items).toEqual([]);
    expect((await json<TBuyer>(await admin.request(`/api/buyers/${buyer.id}`))).notes).toBe('');
  });
});
