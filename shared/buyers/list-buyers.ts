import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TBuyer, TListBuyersQuery } from './buyer.schemas.ts';
import { toBuyer, type TBuyerRecord } from './buyer-record.ts';
import { buyerListFilter } from './buyer-filter.ts';
import { loadBuyerMetrics } from './load-buyer-metrics.ts';

/** A page of buyers matching the filters, each with its metrics (one batch of reads per page). */
export async function listBuyers(ctx: TServiceContext, query: TListBuyersQuery): Promise<TPage<TBuyer>> {
  const page = await findPage(ctx.db.collection<TBuyerRecord>('buyers'), buyerListFilter(query), {
    sortField: query.sort,
    direction: query.direction === 'asc' ? 1 : -1,
    limit: query.limit,
    cursor: query.cursor,
  });
  const metrics = await loadBuyerMetrics(ctx, page.items.map((buyer) => buyer._id));
  return { items: page.items.map((buyer) => toBuyer(buyer, metrics.get(buyer._id))), nextCursor: page.nextCursor };
}
