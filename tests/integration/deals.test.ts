import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuyer } from '../../shared/buyers/buyer.schemas.ts';
import type { TDeal, TDealSummary } from '../../shared/deals/deal.schemas.ts';
import type { TDomainEvent } from '../../shared/events/domain-event.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import type { TBuyerMatches } from '../../shared/matching/match.schemas.ts';
import type { TPage } from '../../shared/schemas/common.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

const clock = createManualClock('2026-03-02T15:00:00.000Z');
let host: TTestHost;
let admin: TTestSession;
let rep: TTestSession;
let otherRep: TTestSession;
let dispo: TTestSession;
let executive: TTestSession;
let tenantId: string;

beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '5000' } });
  ({ admin, tenantId } = await host.createOrganisation('Deals Test Homes'));
  [rep, otherRep, dispo, executive] = await Promise.all([
    host.addMember(admin, 'acquisition_rep'),
    host.addMember(admin, 'acquisition_rep'),
    host.addMember(admin, 'disposition_manager'),
    host.addMember(admin, 'executive'),
  ]);
});
afterAll(() => host.close());

async function json<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

let streetNumber = 100;
/** A lead of `session` (a rep keeps what they create) moved to `status` through the leads API. */
async function leadIn(session: TTestSession, status: 'new' | 'contacted' | 'qualified', fields: Record<string, unknown> = {}): Promise<TLead> {
  const number = streetNumber++;
  const lead = await json<TLead>(
    await session.request('/api/leads', {
      method: 'POST',
      json: {
        first_name: 'Seller',
        last_name: String(number),
        phone: `(512) 555-${String(number).padStart(4, '0')}`,
        address: { line1: `${number} Oak Hollow Dr`, city: 'Austin', state: 'TX', zip: '78745' },
        property_type: 'single_family',
        estimated_value: 240_000,
        ...fields,
      },
    }),
    201,
  );
  for (const next of ['contacted', 'qualified'] as const) {
    if (status === 'new' || (status === 'contacted' && next === 'qualified')) break;
    await json(await session.request(`/api/leads/${lead.id}/status`, { method: 'POST', json: { status: next } }));
  }
  return lead;
}

/** Each step a minute after the last, so timelines (newest first) have one order. */
const tick = () => clock.advance(60_000);

function createDeal(session: TTestSession, leadId: string, fields: Record<string, unknown> = {}): Promise<Response> {
  tick();
  return session.request('/api/deals', { method: 'POST', json: { lead_id: leadId, contract_price: 150_000, arv: 260_000, repair_estimate: 25_000, asking_price: 165_000, closing_date: '2026-04-15', ...fields } });
}

function move(session: TTestSession, dealId: string, body: Record<string, unknown>): Promise<Response> {
  tick();
  return session.request(`/api/deals/${dealId}/status`, { method: 'POST', json: body });
}
const leadStatus = async (leadId: string) => (await json<TLead>(await admin.request(`/api/leads/${leadId}`))).status;

async function publishedEvents(): Promise<TDomainEvent[]> {
  const db = await host.platform.db();
  const tasks = await db.collection<{ _id: string; data?: string; attributes?: Record<string, string> }>('_queue_tasks').find({ 'attributes.type': 'deal_status_changed' }).toArray();
  return tasks.map((task) => JSON.parse(Buffer.from(task.data ?? '', 'base64').toString()) as TDomainEvent);
}

async function buyer(fields: Record<string, unknown> = {}): Promise<TBuyer> {
  tick();
  return json<TBuyer>(await dispo.request('/api/buyers?allow_duplicate=true', { method: 'POST', json: { first_name: 'Buyer', ...fields } }), 201);
}

describe('putting a lead under contract', () => {
  it('creates the deal in marketing, moves the lead to under contract, and records both timelines and the event', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    expect(deal).toMatchObject({
      lead_id: lead.id,
      title: `${lead.address?.line1}, Austin`,
      seller_name: lead.full_name,
      property: { property_type: 'single_family', address: { city: 'Austin', zip: '78745' } },
      status: 'marketing',
      projected_fee: 15_000,
      assignment_fee: null,
      buyer: null,
      closing_date: '2026-04-15',
      acquired_by: rep.uid,
      next_statuses: ['assigned', 'cancelled'],
      status_history: [{ from: null, to: 'marketing', by: rep.uid }],
      // 260,000 × 70 % − 25,000 − 15,000
      mao: { mao: 142_000, factor: 0.7, desired_fee: 15_000 },
    });
    expect(await leadStatus(lead.id)).toBe('under_contract');
    const timeline = await json<TPage<{ type: string; summary: string }>>(await rep.request(`/api/deals/${deal.id}/timeline`));
    expect(timeline.items[0]).toMatchObject({ type: 'created', summary: 'Under contract at $150,000, marketing at $165,000' });
    expect((await publishedEvents()).find((event) => event.subject.id === deal.id)).toMatchObject({ type: 'deal_status_changed', actor: rep.uid, data: { from: null, to: 'marketing', lead_id: lead.id } });
  });

  it('accepts a lead that is only contacted, and refuses new, lost and already contracted leads', async () => {
    const contacted = await leadIn(rep, 'contacted');
    expect((await createDeal(rep, contacted.id)).status).toBe(201);
    const again = await createDeal(rep, contacted.id);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ existing_deal_id: expect.stringMatching(/^dl_/) });

    const fresh = await leadIn(rep, 'new');
    const refused = await createDeal(rep, fresh.id);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toBe('Contact and qualify the lead before putting it under contract');
    expect(await leadStatus(fresh.id)).toBe('new');
  });

  it('creates one deal when two requests race for the same lead', async () => {
    const lead = await leadIn(rep, 'qualified');
    const statuses = (await Promise.all([createDeal(rep, lead.id), createDeal(rep, lead.id), createDeal(dispo, lead.id)])).map((response) => response.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const deals = await json<TPage<TDeal>>(await admin.request(`/api/deals?lead_id=${lead.id}`));
    expect(deals.items).toHaveLength(1);
  });

  it.each([
    ['an asking price below the contract price', { asking_price: 100_000 }, 'asking_price'],
    ['a negative repair estimate', { repair_estimate: -5 }, 'repair_estimate'],
    ['a zero ARV', { arv: 0 }, 'arv'],
    ['a malformed closing date', { closing_date: '15/04/2026' }, 'closing_date'],
    ['an unknown field', { assignment_fee: 10_000 }, 'assignment_fee'],
  ])('refuses %s with 400 on the field and leaves the lead as it was', async (_case, fields, field) => {
    const lead = await leadIn(rep, 'qualified');
    const response = await createDeal(rep, lead.id, fields);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain(field);
    expect(await leadStatus(lead.id)).toBe('qualified');
  });

  it("answers 404 on lead_id for another rep's lead, and keeps executives out", async () => {
    const theirs = await leadIn(otherRep, 'qualified');
    const response = await createDeal(rep, theirs.id);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe('lead_id');
    expect((await createDeal(executive, theirs.id)).status).toBe(403);
    expect(await leadStatus(theirs.id)).toBe('qualified');
  });
});

describe('the disposition path', () => {
  it('assigns a buyer with a fee, closes, counts revenue and moves lead and buyer along', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    const cash = await buyer({ first_name: 'Cash', last_name: 'Buyer', company: 'Cash Co' });

    expect((await move(rep, deal.id, { status: 'assigned', buyer_id: cash.id, assignment_fee: 12_000 })).status).toBe(403);
    const assigned = await json<TDeal>(await move(dispo, deal.id, { status: 'assigned', buyer_id: cash.id, assignment_fee: 12_000 }));
    expect(assigned).toMatchObject({ status: 'assigned', assignment_fee: 12_000, buyer: { id: cash.id, full_name: 'Cash Buyer', company: 'Cash Co' }, next_statuses: ['closed', 'marketing', 'cancelled'] });
    expect(await leadStatus(lead.id)).toBe('under_contract');

    clock.advance(3 * 86_400_000);
    const closed = await json<TDeal>(await move(dispo, deal.id, { status: 'closed' }));
    expect(closed).toMatchObject({ status: 'closed', closed_at: clock.now().toISOString(), next_statuses: [] });
    expect(await leadStatus(lead.id)).toBe('closed');

    const readBuyer = await json<TBuyer>(await dispo.request(`/api/buyers/${cash.id}`));
    expect(readBuyer.metrics).toMatchObject({ deals_bought: 1, total_invested: 162_000, average_deal_size: 162_000 });
    expect(readBuyer.last_activity_at).toBe(clock.now().toISOString());
    const buyerTimeline = await json<TPage<{ summary: string }>>(await dispo.request(`/api/buyers/${cash.id}/timeline`));
    expect(buyerTimeline.items.map((entry) => entry.summary).slice(0, 2)).toEqual([`Bought ${deal.title}`, `Assigned ${deal.title} for a $12,000 fee`]);

    const events = (await publishedEvents()).filter((event) => event.subject.id === deal.id).map((event) => [event.data.from, event.data.to]);
    expect(events).toEqual([
      [null, 'marketing'],
      ['marketing', 'assigned'],
      ['assigned', 'closed'],
    ]);
    expect((await move(dispo, deal.id, { status: 'cancelled', reason: 'x' })).status).toBe(409);
    expect((await dispo.request(`/api/deals/${deal.id}`, { method: 'PATCH', json: { asking_price: 1 } })).status).toBe(409);
  });

  it('puts a deal back on the market when the assignment falls through, counting it against the buyer', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    const flaky = await buyer({ first_name: 'Flaky' });
    await json(await move(dispo, deal.id, { status: 'assigned', buyer_id: flaky.id, assignment_fee: 9_000 }));
    const back = await json<TDeal>(await move(dispo, deal.id, { status: 'marketing' }));
    expect(back).toMatchObject({ status: 'marketing', buyer: null, assignment_fee: null });
    expect(back.status_history.map((entry) => [entry.from, entry.to, entry.buyer_id])).toEqual([
      [null, 'marketing', undefined],
      ['marketing', 'assigned', flaky.id],
      ['assigned', 'marketing', flaky.id],
    ]);
    expect((await json<TBuyer>(await dispo.request(`/api/buyers/${flaky.id}`))).metrics?.deals_fell_through).toBe(1);
  });

  it('cancels with a reason (the lead returns to qualified) and can reopen', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    const noReason = await move(dispo, deal.id, { status: 'cancelled' });
    expect(noReason.status).toBe(400);
    const cancelled = await json<TDeal>(await move(dispo, deal.id, { status: 'cancelled', reason: 'Seller backed out' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', cancel_reason: 'Seller backed out', next_statuses: ['marketing'] });
    expect(await leadStatus(lead.id)).toBe('qualified');
    const leadHistory = (await json<TLead>(await admin.request(`/api/leads/${lead.id}`))).status_history.at(-1);
    expect(leadHistory).toMatchObject({ from: 'under_contract', to: 'qualified', reason: 'Deal cancelled: Seller backed out' });

    const reopened = await json<TDeal>(await move(dispo, deal.id, { status: 'marketing' }));
    expect(reopened).toMatchObject({ status: 'marketing', cancel_reason: null });
    expect(await leadStatus(lead.id)).toBe('under_contract');
  });

  it('refuses moves the pipeline does not allow, and assignments to unknown or inactive buyers', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    const skip = await move(dispo, deal.id, { status: 'closed' });
    expect(skip.status).toBe(409);
    expect(await skip.json()).toMatchObject({ from: 'marketing', to: 'closed', allowed: ['assigned', 'cancelled'] });
    const nobody = await move(dispo, deal.id, { status: 'assigned', buyer_id: 'by_nobody', assignment_fee: 5_000 });
    expect(nobody.status).toBe(400);
    const inactive = await buyer({ first_name: 'Retired', status: 'inactive' });
    const refused = await move(dispo, deal.id, { status: 'assigned', buyer_id: inactive.id, assignment_fee: 5_000 });
    expect(((await refused.json()) as { errors: { field: string; detail: string }[] }).errors[0]).toMatchObject({ field: 'buyer_id', detail: 'Retired is inactive; reactivate them first' });
    const noFee = await move(dispo, deal.id, { status: 'assigned', buyer_id: inactive.id });
    expect(noFee.status).toBe(400);
    expect((await json<TDeal>(await dispo.request(`/api/deals/${deal.id}`))).status).toBe('marketing');
  });

  it('edits figures with a timeline entry and keeps asking at or above contract', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    tick();
    const edited = await json<TDeal>(await dispo.request(`/api/deals/${deal.id}`, { method: 'PATCH', json: { asking_price: 170_000, closing_date: null } }));
    expect(edited).toMatchObject({ asking_price: 170_000, projected_fee: 20_000, closing_date: null });
    const below = await dispo.request(`/api/deals/${deal.id}`, { method: 'PATCH', json: { contract_price: 180_000 } });
    expect(below.status).toBe(400);
    const timeline = await json<TPage<{ summary: string }>>(await dispo.request(`/api/deals/${deal.id}/timeline`));
    expect(timeline.items[0]?.summary).toBe('Asking price $165,000 → $170,000; Closing date cleared');
    expect((await rep.request(`/api/deals/${deal.id}`, { method: 'PATCH', json: { notes: 'x' } })).status).toBe(403);
  });

  it('answers MAO for custom inputs', async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    expect(await json(await executive.request(`/api/deals/${deal.id}/mao`, { method: 'POST', json: { desired_fee: 10_000, factor: 0.75 } }))).toMatchObject({ mao: 260_000 * 0.75 - 25_000 - 10_000 });
  });
});

describe('listing, summary and visibility', () => {
  let summaryAdmin: TTestSession;
  let summaryRep: TTestSession;
  let summaryDispo: TTestSession;
  beforeAll(async () => {
    ({ admin: summaryAdmin } = await host.createOrganisation('Summary Homes'));
    [summaryRep, summaryDispo] = await Promise.all([host.addMember(summaryAdmin, 'acquisition_rep'), host.addMember(summaryAdmin, 'disposition_manager')]);
    const cash = await json<TBuyer>(await summaryDispo.request('/api/buyers', { method: 'POST', json: { first_name: 'Sum' } }), 201);
    const plan: [TTestSession, 'marketing' | 'assigned' | 'closed' | 'cancelled', number][] = [
      [summaryRep, 'marketing', 10_000],
      [summaryRep, 'closed', 14_000],
      [summaryAdmin, 'closed', 20_000],
      [summaryAdmin, 'assigned', 8_000],
      [summaryAdmin, 'cancelled', 0],
    ];
    for (const [creator, status, fee] of plan) {
      const lead = await leadIn(creator, 'qualified', { phone: undefined, email: `${status}-${fee}@summary.test` });
      const deal = await json<TDeal>(await createDeal(creator, lead.id, { contract_price: 100_000, asking_price: 100_000 + Math.max(fee, 5_000) }), 201);
      if (status === 'assigned' || status === 'closed') await json(await move(summaryDispo, deal.id, { status: 'assigned', buyer_id: cash.id, assignment_fee: fee }));
      if (status === 'closed') await json(await move(summaryDispo, deal.id, { status: 'closed', closed_at: '2026-03-01' }));
      if (status === 'cancelled') await json(await move(summaryDispo, deal.id, { status: 'cancelled', reason: 'No buyers' }));
    }
  });

  it('adds up counts, revenue from closed fees, pending and projected fees', async () => {
    const summary = await json<TDealSummary>(await summaryDispo.request('/api/deals/summary'));
    expect(summary).toMatchObject({ revenue: 34_000, closed: 2, average_fee: 17_000, pending_fees: 8_000, projected_fees: 10_000 });
    expect(summary.by_status).toMatchObject({ marketing: { count: 1 }, assigned: { count: 1, fees: 8_000 }, closed: { count: 2, fees: 34_000 }, cancelled: { count: 1 } });
    expect((await json<TDealSummary>(await summaryDispo.request('/api/deals/summary?closed_from=2026-03-02'))).revenue).toBe(0);
  });

  it('shows a rep only the deals they acquired, in lists, summaries and by id', async () => {
    const all = await json<TPage<TDeal>>(await summaryDispo.request('/api/deals?limit=50'));
    expect(all.items).toHaveLength(5);
    const mine = await json<TPage<TDeal>>(await summaryRep.request('/api/deals'));
    expect(mine.items.map((deal) => deal.status).sort()).toEqual(['closed', 'marketing']);
    expect((await json<TDealSummary>(await summaryRep.request('/api/deals/summary'))).revenue).toBe(14_000);
    const notMine = all.items.find((deal) => deal.acquired_by !== summaryRep.uid);
    expect((await summaryRep.request(`/api/deals/${notMine?.id}`)).status).toBe(404);
    expect((await json<TPage<TDeal>>(await summaryRep.request(`/api/deals?acquired_by=${summaryAdmin.uid}`))).items).toEqual([]);
  });

  it('filters by status and text and pages in order', async () => {
    const closed = await json<TPage<TDeal>>(await summaryDispo.request('/api/deals?status=closed,assigned&sort=asking_price&direction=asc'));
    expect(closed.items.map((deal) => deal.asking_price)).toEqual([108_000, 114_000, 120_000]);
    const first = await json<TPage<TDeal>>(await summaryDispo.request('/api/deals?limit=2'));
    const second = await json<TPage<TDeal>>(await summaryDispo.request(`/api/deals?limit=2&cursor=${first.nextCursor}`));
    expect(new Set([...first.items, ...second.items].map((deal) => deal.id)).size).toBe(4);
    expect((await json<TPage<TDeal>>(await summaryDispo.request('/api/deals?q=oak%20hollow'))).items).toHaveLength(5);
  });
});

describe('matching buyers to a deal and a lead', () => {
  it('ranks buyers with reasons: at the deal asking price, and at the lead estimated value', async () => {
    const { admin: matchAdmin } = await host.createOrganisation('Match Homes');
    const make = async (fields: Record<string, unknown>) => json<TBuyer>(await matchAdmin.request('/api/buyers?allow_duplicate=true', { method: 'POST', json: fields }), 201);
    const zip = await make({ first_name: 'Zip', buy_box: { property_types: ['single_family'], price_min: 100_000, price_max: 200_000, locations: { zips: ['78745'] } } });
    const city = await make({ first_name: 'City', buy_box: { property_types: ['single_family'], price_max: 260_000, locations: { cities: ['austin'] } } });
    await make({ first_name: 'Dallas', buy_box: { property_types: ['condo'], price_max: 90_000, locations: { cities: ['Dallas'] } } });
    await make({ first_name: 'Gone', status: 'inactive' });
    const lead = await leadIn(matchAdmin, 'qualified');

    const forLead = await json<TBuyerMatches>(await matchAdmin.request(`/api/leads/${lead.id}/match-buyers`));
    expect(forLead.property).toMatchObject({ price: 240_000, price_source: 'estimated_value' });
    expect(forLead.considered).toBe(3);
    expect(forLead.items.map((item) => item.buyer.id)).toEqual([city.id, zip.id]);

    const deal = await json<TDeal>(await createDeal(matchAdmin, lead.id), 201);
    const forDeal = await json<TBuyerMatches>(await matchAdmin.request(`/api/deals/${deal.id}/buyers`));
    expect(forDeal.property).toMatchObject({ price: 165_000, price_source: 'asking_price', repair_estimate: 25_000 });
    expect(forDeal.items.map((item) => [item.buyer.id, item.score])).toEqual([
      [zip.id, 30 + 25 + 25 + 0 + 2],
      [city.id, 30 + 25 + 20 + 0 + 2],
    ]);
    expect(forDeal.items[0]?.reasons.find((reason) => reason.factor === 'location')).toEqual({ factor: 'location', points: 25, max: 25, detail: 'Buys in ZIP 78745' });
    const asLead = await json<TBuyerMatches>(await matchAdmin.request(`/api/leads/${lead.id}/match-buyers?min_score=0&limit=1`));
    expect(asLead.property.price_source).toBe('asking_price');
    expect(asLead.items).toHaveLength(1);
    expect(asLead.matched).toBe(3);
  });

  it("keeps a rep away from another rep's lead", async () => {
    const theirs = await leadIn(otherRep, 'qualified');
    expect((await rep.request(`/api/leads/${theirs.id}/match-buyers`)).status).toBe(404);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organisation's deal on every route, and cannot open a deal on its lead", async () => {
    const lead = await leadIn(rep, 'qualified');
    const deal = await json<TDeal>(await createDeal(rep, lead.id), 201);
    const { admin: stranger } = await host.createOrganisation('Stranger Homes');
    for (const [method, path, body] of [
      ['GET', `/api/deals/${deal.id}`],
      ['PATCH', `/api/deals/${deal.id}`, { notes: 'mine' }],
      ['POST', `/api/deals/${deal.id}/status`, { status: 'cancelled', reason: 'mine' }],
      ['GET', `/api/deals/${deal.id}/buyers`],
      ['GET', `/api/deals/${deal.id}/timeline`],
      ['POST', `/api/deals/${deal.id}/notes`, { body: 'hello' }],
      ['POST', `/api/deals/${deal.id}/mao`, {}],
      ['GET', `/api/leads/${lead.id}/match-buyers`],
    ] as const) {
      const response = await stranger.request(path, { method, ...(body ? { json: body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await createDeal(stranger, lead.id)).status).toBe(404);
    expect((await json<TPage<TDeal>>(await stranger.request('/api/deals'))).items).toEqual([]);
    expect((await json<TDeal>(await admin.request(`/api/deals/${deal.id}`))).status).toBe('marketing');
    const db = await host.platform.db();
    expect(await db.collection('deals').countDocuments({ tenant_id: { $ne: tenantId }, lead_id: lead.id })).toBe(0);
  });
});
