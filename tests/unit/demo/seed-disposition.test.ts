import { beforeAll, describe, expect, it } from 'vitest';
import { ZBuyBox } from '../../../shared/buyers/buyer.schemas.ts';
import type { TBuyerRecord } from '../../../shared/buyers/buyer-record.ts';
import { loadBuyerMetrics } from '../../../shared/buyers/load-buyer-metrics.ts';
import type { TCommunicationRecord } from '../../../shared/communications/communication-record.ts';
import type { TServiceContext } from '../../../shared/context/service-context.ts';
import { DEAL_STATUSES, DEAL_TRANSITIONS } from '../../../shared/deals/deal.constants.ts';
import type { TDealRecord } from '../../../shared/deals/deal-record.ts';
import { summarizeDeals } from '../../../shared/deals/summarize-deals.ts';
import { DEMO_TENANT_ID } from '../../../shared/demo/demo-accounts.ts';
import { seedDemoTenant } from '../../../shared/demo/seed-demo-tenant.ts';
import type { TLeadRecord } from '../../../shared/leads/lead-record.ts';
import { LEAD_TRANSITIONS } from '../../../shared/leads/lead.constants.ts';
import type { TDatabase } from '../../../shared/ports/document-store.ts';
import { bindTenant } from '../../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../../shared/tenants/tenant-record.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

const NOW = new Date('2026-03-02T18:00:00.000Z');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function seeded(): Promise<TDatabase> {
  const db = await openEmbeddedDatabase();
  // The automation seeder queues the steps its waiting executions wait for.
  const queue = { publish: async () => 'msg', schedule: async () => 'tsk' };
  await seedDemoTenant({ db, ports: { clock: createManualClock(NOW), queue: async () => queue } as never, log: silent });
  return db;
}

let db: TDatabase;
let buyers: TBuyerRecord[];
let deals: TDealRecord[];
let leads: Map<string, TLeadRecord>;
let messages: TCommunicationRecord[];
let ctx: TServiceContext;
beforeAll(async () => {
  db = await seeded();
  buyers = await db.collection<TBuyerRecord>('buyers').find({}).toArray();
  deals = await db.collection<TDealRecord>('deals').find({}, { sort: { _id: 1 } }).toArray();
  leads = new Map((await db.collection<TLeadRecord>('leads').find({}).toArray()).map((lead) => [lead._id, lead]));
  messages = await db.collection<TCommunicationRecord>('communications').find({ buyer_id: { $ne: null } }).toArray();
  const tenant = (await db.collection<TTenantRecord>('tenants').findOne({ _id: DEMO_TENANT_ID })) as TTenantRecord;
  ctx = { principal: { uid: 'demo-admin', email: '', tenantId: DEMO_TENANT_ID, role: 'admin', name: 'Dana' }, tenant, db: bindTenant(db, DEMO_TENANT_ID), events: { publish: async () => undefined }, ports: { clock: createManualClock(NOW) } as never, log: silent };
});

describe('the demo disposition seed', () => {
  it('has at least 50 buyers with valid, varied Texas buy boxes and unique phones', () => {
    expect(buyers.length).toBeGreaterThanOrEqual(50);
    for (const buyer of buyers) expect(ZBuyBox.safeParse(buyer.buy_box).success, buyer._id).toBe(true);
    const cities = new Set(buyers.flatMap((buyer) => buyer.buy_box.locations.cities));
    for (const city of ['Austin', 'San Antonio', 'Houston', 'Dallas']) expect(cities.has(city)).toBe(true);
    expect(new Set(buyers.map((buyer) => JSON.stringify(buyer.buy_box.property_types))).size).toBeGreaterThan(4);
    expect(new Set(buyers.map((buyer) => buyer.phone)).size).toBe(buyers.length);
    const leadPhones = new Set([...leads.values()].map((lead) => lead.phone));
    expect(buyers.some((buyer) => leadPhones.has(buyer.phone))).toBe(false);
  });

  it('opens a deal on every under-contract and closed lead, in every deal status, consistent with the lead', () => {
    expect(new Set(deals.map((deal) => deal.status))).toEqual(new Set(DEAL_STATUSES));
    const expectedLead = { marketing: 'under_contract', assigned: 'under_contract', closed: 'closed', cancelled: 'qualified' } as const;
    for (const lead of leads.values()) {
      if (lead.status === 'under_contract' || lead.status === 'closed') expect(deals.filter((deal) => deal.lead_id === lead._id && deal.status !== 'cancelled'), lead._id).toHaveLength(1);
    }
    for (const deal of deals) {
      const lead = leads.get(deal.lead_id);
      expect(lead?.status, deal._id).toBe(expectedLead[deal.status]);
      expect(deal.open_lead_id).toBe(deal.status === 'marketing' || deal.status === 'assigned' ? deal.lead_id : null);
      expect(deal.asking_price).toBeGreaterThanOrEqual(deal.contract_price);
      // The history follows the transitions, in time, and ends where the deal is.
      deal.status_history.forEach((entry, index) => {
        if (index === 0) return expect(entry).toMatchObject({ from: null, to: 'marketing' });
        const previous = deal.status_history[index - 1];
        expect(DEAL_TRANSITIONS[entry.from ?? 'marketing']).toContain(entry.to);
        expect(entry.at.getTime()).toBeGreaterThanOrEqual(previous?.at.getTime() ?? 0);
        expect(entry.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      });
      expect(deal.status_history.at(-1)?.to).toBe(deal.status);
      if (deal.status === 'assigned' || deal.status === 'closed') expect(deal.buyer_id && deal.assignment_fee).toBeTruthy();
    }
  });

  it('keeps the history of a lead whose deal was cancelled a valid chain', () => {
    const cancelled = deals.filter((deal) => deal.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const deal of cancelled) {
      const history = leads.get(deal.lead_id)?.status_history ?? [];
      history.forEach((entry, index) => {
        if (index > 0) expect(LEAD_TRANSITIONS[history[index - 1]?.to ?? 'new']).toContain(entry.to);
      });
      expect(history.slice(-2).map((entry) => entry.to)).toEqual(['under_contract', 'qualified']);
    }
  });

  it('gives buyers real metrics from deals and blast replies, and revenue from closed fees', async () => {
    expect(messages.length).toBeGreaterThan(300);
    expect(messages.every((message) => message.created_at.getTime() <= NOW.getTime())).toBe(true);
    const metrics = [...(await loadBuyerMetrics(ctx, buyers.map((buyer) => buyer._id))).values()];
    expect(metrics.filter((entry) => entry.deals_bought > 0).length).toBeGreaterThan(5);
    expect(metrics.filter((entry) => entry.median_response_minutes !== null).length).toBeGreaterThan(20);
    expect(metrics.some((entry) => entry.deals_fell_through > 0)).toBe(true);
    const summary = await summarizeDeals(ctx, {});
    expect(summary.revenue).toBe(deals.filter((deal) => deal.status === 'closed').reduce((sum, deal) => sum + (deal.assignment_fee ?? 0), 0));
    expect(summary.revenue).toBeGreaterThan(0);
  });

  it('is the same on every install', async () => {
    const again = await seeded();
    const ids = async (database: TDatabase, name: string) => (await database.collection(name).find({}, { sort: { _id: 1 }, projection: { _id: 1 } }).toArray()).map((doc) => doc._id);
    expect(await ids(again, 'deals')).toEqual(await ids(db, 'deals'));
    expect(await ids(again, 'buyers')).toEqual(await ids(db, 'buyers'));
    expect((await again.collection<TDealRecord>('deals').find({}, { sort: { _id: 1 } }).toArray()).map((deal) => [deal.status, deal.assignment_fee, deal.buyer_id])).toEqual(
      deals.map((deal) => [deal.status, deal.assignment_fee, deal.buyer_id]),
    );
  });
});
