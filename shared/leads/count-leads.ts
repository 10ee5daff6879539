import type { TServiceContext } from '../context/service-context.ts';
import { buildLeadListFilter } from './lead-list-filter.ts';
import { LEAD_STATUSES, type TLeadStatus } from './lead.constants.ts';
import type { TLeadFilters } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';

/**
 * Leads per status under the list's other filters (the pipeline tabs and board columns). One
 * count per status: with the status index an admin's unfiltered count is read from index
 * ranks without visiting documents.
 */
export async function countLeads(ctx: TServiceContext, query: Omit<TLeadFilters, 'status'>): Promise<{ total: number; by_status: Record<TLeadStatus, number> }> {
  const filter = buildLeadListFilter(ctx.principal, ctx.tenant.timezone, query);
  const leads = ctx.db.collection<TLeadRecord>('leads');
  const counts = await Promise.all(LEAD_STATUSES.map((status) => leads.countDocuments({ ...filter, status })));
  const byStatus = Object.fromEntries(LEAD_STATUSES.map((status, index) => [status, counts[index] ?? 0])) as Record<TLeadStatus, number>;
  return { total: counts.reduce((sum, count) => sum + count, 0), by_status: byStatus };
}
