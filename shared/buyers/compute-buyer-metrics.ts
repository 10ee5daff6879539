import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import type { TBuyerMetrics } from './buyer.schemas.ts';

export type TMetricsDeal = Pick<TDealRecord, '_id' | 'status' | 'buyer_id' | 'contract_price' | 'assignment_fee' | 'closed_at' | 'status_history'>;
export type TMetricsMessage = Pick<TCommunicationRecord, '_id' | 'direction' | 'status' | 'deal_id' | 'created_at'>;

/** Outbound messages that never reached the buyer do not wait for a reply. */
const UNDELIVERED = new Set(['failed', 'undelivered', 'canceled', 'busy', 'no_answer']);

/**
 * A buyer's performance, from the deals they were assigned and the messages exchanged
 * with them; nothing here is typed in.
 *
 * - Deals bought: closed deals assigned to the buyer; total invested = what they paid
 *   (contract price + assignment fee); average = total / count.
 * - Fell through: history entries that moved a deal out of `assigned` while this buyer held it.
 * - Response time: each inbound message answers the latest outbound message before it that
 *   is still unanswered; an outbound followed by another outbound before any reply stays
 *   unanswered. Median over the answered ones, in minutes.
 * - Response rate: answered / sent, counting a deal's messages as one unit (a blast and its
 *   reminder are one ask), and messages without a deal one by one.
 */
export function computeBuyerMetrics(buyerId: string, deals: readonly TMetricsDeal[], messages: readonly TMetricsMessage[]): TBuyerMetrics {
  let dealsBought = 0;
  let totalInvested = 0;
  let inProgress = 0;
  let fellThrough = 0;
  let lastClosed: Date | null = null;
  for (const deal of deals) {
    if (deal.buyer_id === buyerId && deal.status === 'closed') {
      dealsBought++;
      totalInvested += deal.contract_price + (deal.assignment_fee ?? 0);
      if (deal.closed_at && (!lastClosed || deal.closed_at > lastClosed)) lastClosed = deal.closed_at;
    }
    if (deal.buyer_id === buyerId && deal.status === 'assigned') inProgress++;
    for (const entry of deal.status_history) {
      if (entry.from === 'assigned' && entry.to !== 'closed' && entry.buyer_id === buyerId) fellThrough++;
    }
  }

  const ordered = [...messages].sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a._id.localeCompare(b._id));
  const sent = new Set<string>();
  const answered = new Set<string>();
  const minutes: number[] = [];
  let waiting: TMetricsMessage | null = null;
  for (const message of ordered) {
    if (message.direction === 'outbound') {
      if (UNDELIVERED.has(message.status)) continue;
      sent.add(message.deal_id ?? message._id);
      waiting = message;
    } else if (waiting) {
      minutes.push((message.created_at.getTime() - waiting.created_at.getTime()) / 60_000);
      answered.add(waiting.deal_id ?? waiting._id);
      waiting = null;
    }
  }

  return {
    deals_bought: dealsBought,
    total_invested: totalInvested,
    average_deal_size: dealsBought > 0 ? Math.round(totalInvested / dealsBought) : null,
    deals_in_progress: inProgress,
    deals_fell_through: fellThrough,
    last_deal_closed_at: lastClosed?.toISOString() ?? null,
    median_response_minutes: minutes.length > 0 ? Math.round(median(minutes) * 10) / 10 : null,
    response_rate: sent.size > 0 ? Math.round((answered.size / sent.size) * 1000) / 1000 : null,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
