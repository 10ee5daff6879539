import type { TServiceContext } from '../context/service-context.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import { bumpCounters, enqueueStep, executionId, executions } from './execution-store.ts';
import type { TExecutionRecord, TWorkflowRecord } from './workflow-record.ts';

export interface TExecutionStart {
  /** The event (or scheduled occurrence) that starts it; one execution per workflow and event. */
  eventId: string;
  triggerType: string;
  leadId: string | null;
  dealId?: string | null;
}

/**
 * Starts one execution of the workflow's current version and queues its first step. Idempotent on
 * (workflow, event): a second call finds the execution and only makes sure its next step is queued.
 * Resolves with the execution and whether this call created it.
 */
export async function startExecution(ctx: TServiceContext, workflow: TWorkflowRecord, start: TExecutionStart): Promise<{ execution: TExecutionRecord; created: boolean } | null> {
  if (!workflow.entry_step_id) return null;
  const now = ctx.ports.clock.now();
  const record: TExecutionRecord = {
    _id: executionId(ctx.tenant._id, workflow._id, start.eventId),
    tenant_id: ctx.tenant._id,
    workflow_id: workflow._id,
    workflow_version: workflow.version,
    workflow_name: workflow.name,
    lead_id: start.leadId,
    deal_id: start.dealId ?? null,
    trigger_event_id: start.eventId,
    trigger_type: start.triggerType,
    status: 'running',
    stop_on_reply: workflow.stop_on_reply,
    cursor: { seq: 0, step_id: workflow.entry_step_id, state: 'pending', due_at: now, attempts: 0, lease_until: null, last_error: null },
    history: [],
    error: null,
    cancel_reason: null,
    started_at: now,
    updated_at: now,
    finished_at: null,
  };
  const collection = executions(ctx.db);
  let execution = record;
  let created = true;
  try {
    await collection.insertOne(record);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    execution = (await collection.findOne({ _id: record._id })) ?? record;
    created = false;
  }
  if (created) await bumpCounters(ctx.db, workflow._id, { 'stats.executions': 1, 'stats.running': 1 }, { last_run_at: now });
  // Also after a duplicate: the first delivery may have stopped between the insert and this.
  if (execution.cursor.state === 'pending' && (execution.status === 'running' || execution.status === 'waiting')) {
    await enqueueStep(ctx, { tenant_id: ctx.tenant._id, execution_id: execution._id, seq: execution.cursor.seq, attempt: execution.cursor.attempts + 1 }, execution.cursor.due_at);
  }
  return { execution, created };
}
