import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { canSeeLead } from '../leads/lead-access.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TFilter } from '../ports/document-store.ts';
import { executions } from './execution-store.ts';
import type { TExecution, TListExecutionsQuery } from './execution.schemas.ts';
import { finishExecution } from './handle-automation-event.ts';
import { toExecution } from './to-workflow.ts';
import type { TExecutionRecord } from './workflow-record.ts';
import { OPEN_EXECUTION_STATUSES } from './workflow-record.ts';

async function leadNames(ctx: TServiceContext, records: TExecutionRecord[]): Promise<Map<string, TLeadRecord>> {
  const ids = [...new Set(records.map((record) => record.lead_id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const leads = await ctx.db.collection<TLeadRecord>('leads').find({ _id: { $in: ids } }, { projection: { _id: 1, full_name: 1, assigned_to: 1 } }).toArray();
  return new Map(leads.map((lead) => [lead._id, lead]));
}

/**
 * Executions newest first, by workflow, lead and/or status. Reps see executions about the leads
 * they may see (theirs and unassigned ones), like the leads themselves.
 */
export async function listExecutions(ctx: TServiceContext, query: TListExecutionsQuery): Promise<TPage<TExecution>> {
  const filter: TFilter = {};
  if (query.workflow_id) filter.workflow_id = query.workflow_id;
  if (query.lead_id) filter.lead_id = query.lead_id;
  if (query.status) filter.status = query.status;
  const page = await findPage(executions(ctx.db), filter, { sortField: 'started_at', direction: -1, limit: query.limit, cursor: query.cursor });
  const leads = await leadNames(ctx, page.items);
  const visible = page.items.filter((record) => {
    if (!record.lead_id) return true;
    const lead = leads.get(record.lead_id);
    return !lead || canSeeLead(ctx.principal, lead);
  });
  return { items: visible.map((record) => toExecution(record, record.lead_id ? (leads.get(record.lead_id)?.full_name ?? null) : null)), nextCursor: page.nextCursor };
}

export async function getExecution(ctx: TServiceContext, executionId: string): Promise<TExecution> {
  const record = await executions(ctx.db).findOne({ _id: executionId });
  if (!record) throw notFound('Execution');
  const leads = await leadNames(ctx, [record]);
  const lead = record.lead_id ? leads.get(record.lead_id) : undefined;
  if (lead && !canSeeLead(ctx.principal, lead)) throw notFound('Execution');
  return toExecution(record, lead?.full_name ?? null);
}

/** Cancels an open execution: its pending step finds nothing to run. Cancelling a finished one answers it as it is. */
export async function cancelExecution(ctx: TServiceContext, executionId: string, reason?: string): Promise<TExecution> {
  const record = await executions(ctx.db).findOne({ _id: executionId });
  if (!record) throw notFound('Execution');
  if (OPEN_EXECUTION_STATUSES.includes(record.status)) await finishExecution(ctx, record, 'cancelled', reason?.trim() || `Cancelled by ${ctx.principal.name || ctx.principal.uid}`);
  return getExecution(ctx, executionId);
}
