import type { TStepStats, TStepType, TWorkflowDefinition, TWorkflowStatus } from './workflow.schemas.ts';

/** Counters kept on every write (`$inc`), so the list shows stats without scanning executions. */
export type TWorkflowCounters = {
  executions: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  steps: Record<string, TStepStats>;
};

/** `workflows`: the current definition, its status and counters. Every save of the definition is a new `version`. */
export type TWorkflowRecord = TWorkflowDefinition & {
  _id: string;
  tenant_id: string;
  status: TWorkflowStatus;
  version: number;
  template_id: string | null;
  stats: TWorkflowCounters;
  last_run_at: Date | null;
  /** Round-robin assignment position (assign_lead steps). */
  round_robin: number;
  /** Scheduled triggers: the last cron occurrence that started executions (runs once per occurrence). */
  last_occurrence_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  activated_at: Date | null;
};

/** `workflow_versions`: frozen definitions (`_id` `<workflow>:<version>`); executions run the version they started with. */
export type TWorkflowVersionRecord = {
  _id: string;
  tenant_id: string;
  workflow_id: string;
  version: number;
  definition: TWorkflowDefinition;
  created_by: string;
  created_at: Date;
};

export const EXECUTION_STATUSES = ['running', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type TExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export const OPEN_EXECUTION_STATUSES: readonly TExecutionStatus[] = ['running', 'waiting'];

export type TStepOutcome = 'succeeded' | 'failed' | 'skipped' | 'true' | 'false' | 'waited' | 'retrying';

/** One run of one step (a step inside a loop runs more than once: `seq` tells the runs apart). */
export type TStepRun = {
  seq: number;
  step_id: string;
  type: TStepType;
  started_at: Date;
  finished_at: Date;
  outcome: TStepOutcome;
  /** What happened, for people ("Texted +15125550142", "Waiting until Mon 09:00 America/Chicago"). */
  detail: string;
  error: string | null;
  attempts: number;
};

/**
 * `workflow_executions`: one run of a workflow version for one lead (or none, for scheduled
 * workflows without a lead). The `cursor` is the step to run next; a step message acts only after
 * claiming it (`pending` → `running` with a lease, compare-and-swap on `seq`), so two deliveries of
 * the same step never both act, and a delivery after a crash resumes where the last one stopped.
 */
export type TExecutionRecord = {
  _id: string;
  tenant_id: string;
  workflow_id: string;
  workflow_version: number;
  workflow_name: string;
  lead_id: string | null;
  deal_id: string | null;
  /** The event that started it (an execution per workflow and event: a redelivered event starts none). */
  trigger_event_id: string;
  trigger_type: string;
  status: TExecutionStatus;
  stop_on_reply: boolean;
  cursor: {
    seq: number;
    step_id: string | null;
    state: 'pending' | 'running' | 'done';
    due_at: Date;
    attempts: number;
    lease_until: Date | null;
    last_error: string | null;
  };
  history: TStepRun[];
  error: string | null;
  cancel_reason: string | null;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};
