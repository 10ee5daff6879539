import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { buildLeadListFilter } from './lead-list-filter.ts';
import type { TLead, TListLeadsQuery } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toLead } from './to-lead.ts';

/** Derived fields the response never shows; leaving them in the store saves copying them. */
export const LEAD_RESPONSE_PROJECTION = { search_tokens: 0, search_text: 0 } as const;

/** A page of the leads the caller may see, filtered and sorted (ties by id), with a cursor to the next page. */
export async function listLeads(ctx: TServiceContext, query: TListLeadsQuery): Promise<TPage<TLead>> {
  const filter = buildLeadListFilter(ctx.principal, ctx.tenant.timezone, query);
  const page = await findPage(ctx.db.collection<TLeadRecord>('leads'), filter, {
    sortField: query.sort,
    direction: query.direction === 'asc' ? 1 : -1,
    limit: query.limit,
    cursor: query.cursor,
    projection: LEAD_RESPONSE_PROJECTION,
  });
  return { items: page.items.map(toLead), nextCursor: page.nextCursor };
}
