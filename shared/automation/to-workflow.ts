import type { TExecution } from './execution.schemas.ts';
import type { TExecutionRecord, TWorkflowRecord } from './workflow-record.ts';
import type { TWorkflow } from './workflow.schemas.ts';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toWorkflow(record: TWorkflowRecord): TWorkflow {
  const { stats } = record;
  const finished = stats.completed + stats.failed;
  return {
    id: record._id,
    name: record.name,
    description: record.description,
    status: record.status,
    version: record.version,
    trigger: record.trigger,
    entry_step_id: record.entry_step_id,
    steps: record.steps,
    stop_on_reply: record.stop_on_reply,
    template_id: record.template_id,
    stats: {
      executions: stats.executions,
      running: Math.max(0, stats.running),
      completed: stats.completed,
      failed: stats.failed,
      cancelled: stats.cancelled,
      success_rate: finished === 0 ? null : stats.completed / finished,
      last_run_at: iso(record.last_run_at),
      steps: stats.steps,
    },
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
    activated_at: iso(record.activated_at),
  };
}

export function toExecution(record: TExecutionRecord, leadName: string | null): TExecution {
  const open = record.status === 'running' || record.status === 'waiting';
  return {
    id: record._id,
    workflow_id: record.workflow_id,
    workflow_name: record.workflow_name,
    workflow_version: record.workflow_version,
    lead_id: record.lead_id,
    lead_name: leadName,
    deal_id: record.deal_id,
    trigger_type: record.trigger_type,
    status: record.status,
    current_step_id: open ? record.cursor.step_id : null,
    next_run_at: open && record.cursor.state === 'pending' ? record.cursor.due_at.toISOString() : null,
    error: record.error,
    cancel_reason: record.cancel_reason,
    started_at: record.started_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
    finished_at: iso(record.finished_at),
    steps: record.history.map((run) => ({ ...run, started_at: run.started_at.toISOString(), finished_at: run.finished_at.toISOString() })),
  };
}
