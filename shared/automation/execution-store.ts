import { createHash } from 'node:crypto';
import type { TServiceContext } from '../context/service-context.ts';
import type { TTenantDatabase } from '../tenancy/tenant-database.ts';
import { z } from 'zod';
import type { TExecutionRecord, TWorkflowRecord, TWorkflowVersionRecord } from './workflow-record.ts';
import type { TWorkflowDefinition } from './workflow.schemas.ts';

/** The job id of a step message (topic `workflow-steps`). */
export const STEP_JOB = 'automation.step';

/**
 * A step message: run step number `seq` of one execution. `attempt` only makes a retry's task
 * name differ from the first try's; the execution document decides what actually runs.
 */
export const ZStepMessage = z.object({
  tenant_id: z.string().min(1).max(100),
  execution_id: z.string().min(1).max(100),
  seq: z.number().int().min(0),
  attempt: z.number().int().min(1),
});
export type TStepMessage = z.infer<typeof ZStepMessage>;

/**
 * Queues step `seq` of an execution, now or at `at`. The task name is derived from (execution,
 * seq, attempt), so queueing the same step twice (a redelivered event, a resumed step) leaves one task.
 */
export async function enqueueStep(ctx: Pick<TServiceContext, 'ports'>, message: TStepMessage, at?: Date): Promise<void> {
  const queue = await ctx.ports.queue();
  const name = `wfs-${createHash('sha256').update(`${message.tenant_id}:${message.execution_id}:${message.seq}:${message.attempt}`).digest('hex').slice(0, 40)}`;
  await queue.schedule('workflow-steps', { data: message, attributes: { job: STEP_JOB, tenant_id: message.tenant_id } }, { name, ...(at ? { at } : {}) });
}

/** An execution's id is derived from its workflow and the event that started it: a redelivered event finds it already there. */
export const executionId = (tenantId: string, workflowId: string, eventId: string): string =>
  `wx_${createHash('sha256').update(`${tenantId}\n${workflowId}\n${eventId}`).digest('hex').slice(0, 24)}`;

export const versionId = (workflowId: string, version: number): string => `${workflowId}:${version}`;

// Versions never change once written, so they are cached per process (bounded).
const versionCache = new Map<string, TWorkflowDefinition>();
const VERSION_CACHE_SIZE = 500;

/** The definition an execution runs: the workflow version it started with. */
export async function loadVersion(db: TTenantDatabase, tenantId: string, workflowId: string, version: number): Promise<TWorkflowDefinition | null> {
  const key = `${tenantId}:${versionId(workflowId, version)}`;
  const cached = versionCache.get(key);
  if (cached) return cached;
  const record = await db.collection<TWorkflowVersionRecord>('workflow_versions').findOne({ _id: versionId(workflowId, version) });
  if (!record) return null;
  if (versionCache.size >= VERSION_CACHE_SIZE) versionCache.delete(versionCache.keys().next().value as string);
  versionCache.set(key, record.definition);
  return record.definition;
}

export const workflows = (db: TTenantDatabase) => db.collection<TWorkflowRecord>('workflows');
export const executions = (db: TTenantDatabase) => db.collection<TExecutionRecord>('workflow_executions');

/** Counter updates on the workflow (`$inc`), keyed like `stats.steps.<id>.runs`. */
export async function bumpCounters(db: TTenantDatabase, workflowId: string, increments: Record<string, number>, set: Record<string, unknown> = {}): Promise<void> {
  await workflows(db).updateOne({ _id: workflowId }, { $inc: increments, ...(Object.keys(set).length > 0 ? { $set: set } : {}) });
}
