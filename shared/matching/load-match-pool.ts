import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import type { TMatchBuyer } from './score-buyer-match.ts';

/** An active buyer as matching sees them: contact fields for the answer, facts for the score. */
export interface TPoolBuyer {
  id: string;
  full_name: string;
  company: string;
  phone: string | null;
  email: string | null;
  tags: string[];
  match: TMatchBuyer;
}

interface TPool {
  fingerprint: string;
  buyers: TPoolBuyer[];
}

const MAX_TENANTS = 32;
const pools = new Map<string, TPool>();

/**
 * The tenant's active buyers with their reliability facts, kept in memory between requests
 * and rebuilt when the buyers or deals change. Reading 10k buyers costs tens of
 * milliseconds; checking whether they changed costs five index lookups (counts and the
 * latest `updated_at` / `last_activity_at`), so warm matching stays well under 50 ms.
 * Every write path sets `updated_at`, which is what makes the fingerprint sound.
 */
export async function loadMatchPool(ctx: TServiceContext): Promise<TPoolBuyer[]> {
  const buyers = ctx.db.collection<TBuyerRecord>('buyers');
  const deals = ctx.db.collection<TDealRecord>('deals');
  const [buyerCount, buyerUpdated, buyerActive, dealCount, dealUpdated] = await Promise.all([
    buyers.countDocuments({}),
    buyers.findOne({}, { sort: { updated_at: -1 }, projection: { updated_at: 1 } }),
    buyers.findOne({}, { sort: { last_activity_at: -1 }, projection: { last_activity_at: 1 } }),
    deals.countDocuments({}),
    deals.findOne({}, { sort: { updated_at: -1 }, projection: { updated_at: 1 } }),
  ]);
  const fingerprint = [buyerCount, buyerUpdated?.updated_at.getTime(), buyerActive?.last_activity_at?.getTime(), dealCount, dealUpdated?.updated_at.getTime()].join(':');
  const cached = pools.get(ctx.tenant._id);
  if (cached?.fingerprint === fingerprint) return cached.buyers;

  const pool: TPool = { fingerprint, buyers: await readPool(ctx) };
  pools.delete(ctx.tenant._id);
  pools.set(ctx.tenant._id, pool);
  if (pools.size > MAX_TENANTS) pools.delete(pools.keys().next().value as string);
  return pool.buyers;
}

async function readPool(ctx: TServiceContext): Promise<TPoolBuyer[]> {
  const deals = ctx.db.collection<TDealRecord>('deals');
  const [records, closed, fallen] = await Promise.all([
    ctx.db
      .collection<TBuyerRecord>('buyers')
      .find({ status: 'active' }, { projection: { _id: 1, full_name: 1, company: 1, phone: 1, email: 1, tags: 1, buy_box: 1, last_activity_at: 1 } })
      .toArray(),
    deals.find({ status: 'closed', buyer_id: { $ne: null } }, { projection: { buyer_id: 1 } }).toArray(),
    deals.find({ 'status_history.from': 'assigned' }, { projection: { status_history: 1 } }).toArray(),
  ]);
  const bought = new Map<string, number>();
  for (const deal of closed) if (deal.buyer_id) bought.set(deal.buyer_id, (bought.get(deal.buyer_id) ?? 0) + 1);
  const fell = new Map<string, number>();
  for (const deal of fallen) {
    for (const entry of deal.status_history) {
      if (entry.from === 'assigned' && entry.to !== 'closed' && entry.buyer_id) fell.set(entry.buyer_id, (fell.get(entry.buyer_id) ?? 0) + 1);
    }
  }
  return records.map((record) => ({
    id: record._id,
    full_name: record.full_name,
    company: record.company,
    phone: record.phone,
    email: record.email,
    tags: record.tags,
    match: {
      buy_box: record.buy_box,
      last_activity_at: record.last_activity_at,
      deals_bought: bought.get(record._id) ?? 0,
      deals_fell_through: fell.get(record._id) ?? 0,
    },
  }));
}
