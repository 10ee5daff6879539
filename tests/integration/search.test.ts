import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuyerRecord } from '../../shared/buyers/buyer-record.ts';
import type { TDealRecord } from '../../shared/deals/deal-record.ts';
import type { TSearchResult } from '../../shared/search/search.schemas.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;
let admin: TTestSession;
let rep: TTestSession;
let otherRep: TTestSession;
const ids: Record<string, string> = {};

beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
  const organisation = await host.createOrganisation();
  admin = organisation.admin;
  [rep, otherRep] = await Promise.all([host.addMember(admin, 'acquisition_rep'), host.addMember(admin, 'acquisition_rep')]);
  const lead = async (key: string, session: TTestSession, json: Record<string, unknown>) => {
    const response = await session.request('/api/leads', { method: 'POST', json });
    expect(response.status).toBe(201);
    ids[key] = ((await response.json()) as { id: string }).id;
  };
  await lead('garcia', rep, { first_name: 'Rosa', last_name: 'Garcia', phone: '210-555-0131', address: '300 Mission Rd, San Antonio, TX 78210' });
  await lead('hidden', otherRep, { first_name: 'Rosalind', last_name: 'Hart', phone: '210-555-0132' });
  const db = bindTenant(await host.platform.db(), organisation.tenantId);
  const now = new Date();
  const buyer = {
    _id: 'by_search_1',
    tenant_id: organisation.tenantId,
    first_name: 'Rosario',
    last_name: 'Investments',
    full_name: 'Rosario Investments',
    company: 'Alamo Flips LLC',
    phone: '+12105550199',
    email: 'deals@alamoflips.example',
    buy_box: { property_types: [], price_min: null, price_max: null, locations: { cities: [], states: [], zips: [] }, criteria: { strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '' } },
    tags: [],
    notes: '',
    status: 'active',
    last_activity_at: null,
    search_text: 'rosario investments alamo flips llc deals@alamoflips.example 12105550199 2105550199',
    created_by: admin.uid,
    created_at: now,
    updated_at: now,
  } satisfies TBuyerRecord;
  await db.collection<TBuyerRecord>('buyers').insertOne(buyer);
  const deal = {
    _id: 'dl_search_1',
    tenant_id: organisation.tenantId,
    lead_id: ids.garcia ?? '',
    property: { address: { line1: '300 Mission Rd', city: 'San Antonio', state: 'TX', zip: '78210' }, property_type: 'single_family' },
    seller_name: 'Rosa Garcia',
    contract_price: 120_000,
    arv: 210_000,
    repair_estimate: 30_000,
    asking_price: 135_000,
    assignment_fee: null,
    buyer_id: null,
    status: 'marketing',
    open_lead_id: ids.garcia ?? '',
    status_history: [],
    closing_date: null,
    marketing_started_at: now,
    assigned_at: null,
    closed_at: null,
    cancel_reason: null,
    notes: '',
    acquired_by: rep.uid,
    search_text: 'rosa garcia 300 mission rd, san antonio, tx 78210',
    created_by: admin.uid,
    created_at: now,
    updated_at: now,
  } satisfies TDealRecord;
  await db.collection<TDealRecord>('deals').insertOne(deal);
});
afterAll(() => host.close());

const search = async (session: TTestSession, query: string) => {
  const response = await session.request(`/api/search${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: TSearchResult[] }).items;
};

describe('global search', () => {
  it('finds leads, buyers and deals by name, with portal links', async () => {
    const items = await search(admin, '?q=ros');
    expect(items.map((item) => [item.kind, item.id])).toEqual([
      ['lead', ids.hidden],
      ['lead', ids.garcia],
      ['buyer', 'by_search_1'],
      ['deal', 'dl_search_1'],
    ]);
    expect(items.find((item) => item.kind === 'lead' && item.id === ids.garcia)).toEqual({
      kind: 'lead',
      id: ids.garcia,
      title: 'Rosa Garcia',
      subtitle: '300 Mission Rd, San Antonio, TX 78210 · New',
      href: `/leads/detail?id=${ids.garcia}`,
    });
    expect(items.find((item) => item.kind === 'deal')).toMatchObject({ title: '300 Mission Rd, San Antonio', href: '/deals/detail?id=dl_search_1' });
    expect(items.find((item) => item.kind === 'buyer')).toMatchObject({ title: 'Rosario Investments (Alamo Flips LLC)', href: '/buyers/detail?id=by_search_1' });
  });

  it.each([
    ['a phone typed with punctuation', '?q=(210)%20555-0131', [['lead', 'garcia']]],
    ['an address', '?q=mission%20rd', [['lead', 'garcia'], ['deal', 'dl_search_1']]],
    ['a buyer phone', '?q=2105550199', [['buyer', 'by_search_1']]],
    ['one kind only', '?q=rosa&kinds=deal', [['deal', 'dl_search_1']]],
    ['a blank query', '?q=%20', []],
    ['regex characters', '?q=.*', []],
  ])('searches by %s', async (_case, query, expected) => {
    const items = await search(admin, query);
    expect(items.map((item) => [item.kind, item.kind === 'lead' ? Object.keys(ids).find((key) => ids[key] === item.id) : item.id])).toEqual(expected);
  });

  it("keeps another rep's leads out of a rep's results", async () => {
    expect((await search(rep, '?q=ros&kinds=lead')).map((item) => item.id)).toEqual([ids.garcia]);
    expect((await search(otherRep, '?q=ros&kinds=lead')).map((item) => item.id)).toEqual([ids.hidden]);
  });

  it('refuses an over-long query and unknown kinds', async () => {
    expect((await admin.request(`/api/search?q=${'a'.repeat(101)}`)).status).toBe(400);
    expect((await admin.request('/api/search?q=a&kinds=users')).status).toBe(400);
  });

  it("never shows another organisation's records", async () => {
    const stranger = await host.createOrganisation('Elsewhere');
    expect(await search(stranger.admin, '?q=ros')).toEqual([]);
  });
});
