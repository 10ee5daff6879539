import type { TServiceContext } from '../context/service-context.ts';
import { findVisibleLead } from '../leads/lead-access.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { zonedDayOf } from '../tenants/zoned-day.ts';
import type { TFollowUp, TListFollowUpsQuery } from './follow-up.schemas.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';
import { presentFollowUps } from './present-follow-ups.ts';

/**
 * Follow-ups by view, soonest due first (`done`: latest first). "Today" ends at midnight in the
 * organisation's time zone and includes what is overdue. Reps get their own follow-ups, or
 * every follow-up of a lead they can see (`lead_id`) or of a deal (`deal_id`).
 */
export async function listFollowUps(ctx: TServiceContext, query: TListFollowUpsQuery): Promise<TPage<TFollowUp>> {
  const now = ctx.ports.clock.now();
  const { end } = zonedDayOf(now, ctx.tenant.timezone);
  const filter: TFilter = {};
  if (query.lead_id) {
    await findVisibleLead(ctx, query.lead_id);
    filter.lead_id = query.lead_id;
  }
  if (query.deal_id) filter.deal_id = query.deal_id;
  let assignee = query.mine ? ctx.principal.uid : query.assigned_to === 'me' ? ctx.principal.uid : query.assigned_to;
  if (ctx.principal.role === 'acquisition_rep' && !query.lead_id && !query.deal_id) {
    if (assignee && assignee !== ctx.principal.uid) return { items: [], nextCursor: null };
    assignee = ctx.principal.uid;
  }
  if (assignee) filter.assigned_to = assignee;
  if (query.view === 'today') Object.assign(filter, { done: false, due_at: { $lte: end } });
  if (query.view === 'overdue') Object.assign(filter, { done: false, due_at: { $lt: now } });
  if (query.view === 'upcoming') Object.assign(filter, { done: false, due_at: { $gt: end } });
  if (query.view === 'done') filter.done = true;

  const page = await findPage(ctx.db.collection<TFollowUpRecord>('follow_ups'), filter, {
    sortField: 'due_at',
    direction: query.view === 'done' ? -1 : 1,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: await presentFollowUps(ctx, page.items), nextCursor: page.nextCursor };
}
