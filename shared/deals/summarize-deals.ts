import type { TServiceContext } from '../context/service-context.ts';
import { zonedDayEnd, zonedDayStart } from '../tenants/zoned-day.ts';
import { DEAL_STATUSES } from './deal.constants.ts';
import type { TDealSummary } from './deal.schemas.ts';
import type { TDealRecord } from './deal-record.ts';
import { dealListFilter } from './list-deals.ts';

/**
 * The disposition numbers: per status the count, asking prices and fees; revenue = the
 * assignment fees of deals closed in the range (days in the tenant's time zone), pending fees
 * of assigned deals, and projected fees (asking − contract) of deals still on the market.
 * Reps get the numbers of their own deals.
 */
export async function summarizeDeals(ctx: TServiceContext, range: { closed_from?: string | undefined; closed_to?: string | undefined }): Promise<TDealSummary> {
  const rows = await ctx.db
    .collection<TDealRecord>('deals')
    .aggregate<{ _id: TDealRecord['status']; count: number; asking: number; fees: number; spread: number }>([
      { $match: dealListFilter(ctx, {}) },
      {
        $group: {
          _id: '$status',
          count: { $sum: 1 },
          asking: { $sum: '$asking_price' },
          fees: { $sum: { $ifNull: ['$assignment_fee', 0] } },
          spread: { $sum: { $subtract: ['$asking_price', '$contract_price'] } },
        },
      },
    ])
    .toArray();
  const by = new Map(rows.map((row) => [row._id, row]));
  const timeZone = ctx.tenant.timezone;
  const closedFilter: Record<string, unknown> = { ...dealListFilter(ctx, {}), status: 'closed' };
  if (range.closed_from || range.closed_to) {
    closedFilter.closed_at = {
      ...(range.closed_from ? { $gte: zonedDayStart(range.closed_from, timeZone) } : {}),
      ...(range.closed_to ? { $lte: zonedDayEnd(range.closed_to, timeZone) } : {}),
    };
  }
  const [closed] = await ctx.db
    .collection<TDealRecord>('deals')
    .aggregate<{ count: number; revenue: number }>([{ $match: closedFilter }, { $group: { _id: null, count: { $sum: 1 }, revenue: { $sum: { $ifNull: ['$assignment_fee', 0] } } } }])
    .toArray();
  const revenue = closed?.revenue ?? 0;
  const count = closed?.count ?? 0;
  return {
    by_status: Object.fromEntries(
      DEAL_STATUSES.map((status) => [status, { count: by.get(status)?.count ?? 0, asking_total: by.get(status)?.asking ?? 0, fees: by.get(status)?.fees ?? 0 }]),
    ) as TDealSummary['by_status'],
    revenue,
    closed: count,
    average_fee: count > 0 ? Math.round(revenue / count) : null,
    pending_fees: by.get('assigned')?.fees ?? 0,
    projected_fees: by.get('marketing')?.spread ?? 0,
  };
}
