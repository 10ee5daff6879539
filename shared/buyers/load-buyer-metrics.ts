import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import type { TBuyerMetrics } from './buyer.schemas.ts';
import { computeBuyerMetrics, type TMetricsDeal, type TMetricsMessage } from './compute-buyer-metrics.ts';

const DEAL_FIELDS = { _id: 1, status: 1, buyer_id: 1, contract_price: 1, assignment_fee: 1, closed_at: 1, status_history: 1 } as const;
const MESSAGE_FIELDS = { _id: 1, buyer_id: 1, direction: 1, status: 1, deal_id: 1, created_at: 1 } as const;

/**
 * Metrics for a page of buyers in three index-backed reads: deals they hold, deals they
 * once held (history), and the messages exchanged with them.
 */
export async function loadBuyerMetrics(ctx: TServiceContext, buyerIds: readonly string[]): Promise<Map<string, TBuyerMetrics>> {
  const result = new Map<string, TBuyerMetrics>();
  if (buyerIds.length === 0) return result;
  const ids = [...buyerIds];
  const deals = ctx.db.collection<TDealRecord>('deals');
  const [held, once, messages] = await Promise.all([
    deals.find({ buyer_id: { $in: ids } }, { projection: DEAL_FIELDS }).toArray(),
    deals.find({ 'status_history.buyer_id': { $in: ids } }, { projection: DEAL_FIELDS }).toArray(),
    ctx.db
      .collection<TCommunicationRecord>('communications')
      .find({ buyer_id: { $in: ids } }, { projection: MESSAGE_FIELDS, sort: { created_at: 1 } })
      .toArray(),
  ]);
  const dealsById = new Map<string, TMetricsDeal>([...held, ...once].map((deal) => [deal._id, deal]));
  const messagesByBuyer = new Map<string, TMetricsMessage[]>();
  for (const message of messages) {
    if (!message.buyer_id) continue;
    const list = messagesByBuyer.get(message.buyer_id) ?? [];
    list.push(message);
    messagesByBuyer.set(message.buyer_id, list);
  }
  const allDeals = [...dealsById.values()];
  for (const id of ids) {
    const relevant = allDeals.filter((deal) => deal.buyer_id === id || deal.status_history.some((entry) => entry.buyer_id === id));
    result.set(id, computeBuyerMetrics(id, relevant, messagesByBuyer.get(id) ?? []));
  }
  return result;
}
