import { z } from 'zod';
import { ZId } from '../schemas/common.ts';
import { EXECUTION_STATUSES } from './workflow-record.ts';

export const ZExecutionStatus = z.enum(EXECUTION_STATUSES);

/** `GET /api/automation/executions`: by workflow, by lead, by status (any combination), newest first. */
export const ZListExecutionsQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  workflow_id: ZId.optional(),
  lead_id: ZId.optional(),
  status: ZExecutionStatus.optional(),
});
export type TListExecutionsQuery = z.infer<typeof ZListExecutionsQuery>;

export const ZStepRunView = z.object({
  seq: z.number(),
  step_id: z.string(),
  type: z.string(),
  started_at: z.string(),
  finished_at: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'skipped', 'true', 'false', 'waited', 'retrying']),
  detail: z.string(),
  error: z.string().nullable(),
  attempts: z.number(),
});

/** One execution with each step it ran (when, outcome, error), for the history views. */
export const ZExecution = z.object({
  id: z.string(),
  workflow_id: z.string(),
  workflow_name: z.string(),
  workflow_version: z.number(),
  lead_id: z.string().nullable(),
  lead_name: z.string().nullable(),
  deal_id: z.string().nullable(),
  trigger_type: z.string(),
  status: ZExecutionStatus,
  /** The step that runs next (null once finished). */
  current_step_id: z.string().nullable(),
  /** When a waiting execution's next step is due. */
  next_run_at: z.string().nullable(),
  error: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  started_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().nullable(),
  steps: z.array(ZStepRunView),
});
export type TExecution = z.infer<typeof ZExecution>;

export const ZCancelExecutionRequest = z.strictObject({ reason: z.string().trim().max(200).optional() });
