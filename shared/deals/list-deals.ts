import { searchWords, escapeRegex } from '../buyers/buyer-filter.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TDeal, TListDealsQuery } from './deal.schemas.ts';
import type { TDealRecord } from './deal-record.ts';
import { presentDeals } from './deal-view.ts';

/** The deals filter: status (any of), buyer, lead, acquiring rep, text; reps only ever see the deals they acquired. */
export function dealListFilter(ctx: TServiceContext, query: Omit<TListDealsQuery, 'cursor' | 'limit' | 'sort' | 'direction'>): TFilter {
  const filter: TFilter = {};
  if (query.status?.length) filter.status = query.status.length === 1 ? query.status[0] : { $in: query.status };
  if (query.buyer_id) filter.buyer_id = query.buyer_id;
  if (query.lead_id) filter.lead_id = query.lead_id;
  if (query.acquired_by) filter.acquired_by = query.acquired_by === 'me' ? ctx.principal.uid : query.acquired_by;
  if (ctx.principal.role === 'acquisition_rep') {
    // A rep asking for someone else's deals gets none, not an error.
    filter.acquired_by = filter.acquired_by === undefined || filter.acquired_by === ctx.principal.uid ? ctx.principal.uid : { $in: [] };
  }
  const words = searchWords(query.q);
  if (words.length > 0) filter.$and = words.map((word) => ({ search_text: { $regex: escapeRegex(word) } }));
  return filter;
}

/** A page of deals in the chosen order, each with its buyer. */
export async function listDeals(ctx: TServiceContext, query: TListDealsQuery): Promise<TPage<TDeal>> {
  const page = await findPage(ctx.db.collection<TDealRecord>('deals'), dealListFilter(ctx, query), {
    sortField: query.sort,
    direction: query.direction === 'asc' ? 1 : -1,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: await presentDeals(ctx, page.items), nextCursor: page.nextCursor };
}
