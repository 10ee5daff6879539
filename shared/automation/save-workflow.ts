import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import { versionId, workflows } from './execution-store.ts';
import { assertRunnable, findWorkflow } from './workflow-access.ts';
import type { TWorkflowRecord, TWorkflowVersionRecord } from './workflow-record.ts';
import type { TWorkflow, TWorkflowDefinition } from './workflow.schemas.ts';
import { toWorkflow } from './to-workflow.ts';

const definitionOf = (record: TWorkflowDefinition): TWorkflowDefinition => ({
  name: record.name,
  description: record.description,
  trigger: record.trigger,
  entry_step_id: record.entry_step_id,
  steps: record.steps,
  stop_on_reply: record.stop_on_reply,
});

async function writeVersion(ctx: TServiceContext, workflowId: string, version: number, definition: TWorkflowDefinition): Promise<void> {
  const record: TWorkflowVersionRecord = { _id: versionId(workflowId, version), tenant_id: ctx.tenant._id, workflow_id: workflowId, version, definition: definitionOf(definition), created_by: ctx.principal.uid, created_at: ctx.ports.clock.now() };
  try {
    await ctx.db.collection<TWorkflowVersionRecord>('workflow_versions').insertOne(record);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** A new workflow, as a draft (drafts may be incomplete; activation checks the graph). */
export async function createWorkflow(ctx: TServiceContext, definition: TWorkflowDefinition, templateId: string | null = null): Promise<TWorkflow> {
  const now = ctx.ports.clock.now();
  const record: TWorkflowRecord = {
    ...definitionOf(definition),
    _id: newId('wf', now),
    tenant_id: ctx.tenant._id,
    status: 'draft',
    version: 1,
    template_id: templateId,
    stats: { executions: 0, running: 0, completed: 0, failed: 0, cancelled: 0, steps: {} },
    last_run_at: null,
    round_robin: 0,
    last_occurrence_at: null,
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
    activated_at: null,
  };
  await writeVersion(ctx, record._id, 1, record);
  await workflows(ctx.db).insertOne(record);
  return toWorkflow(record);
}

/**
 * Saves a new definition as the next version. Running executions keep the version they started
 * with; new ones take this one. An active workflow must stay valid (a paused or draft one may be
 * saved half-built). `expected_version` guards against two admins overwriting each other.
 */
export async function updateWorkflow(ctx: TServiceContext, workflowId: string, definition: TWorkflowDefinition, expectedVersion?: number): Promise<TWorkflow> {
  const current = await findWorkflow(ctx, workflowId);
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new AppError('conflict', `Someone saved this workflow meanwhile (version ${current.version}); reload it and try again`, { extensions: { version: current.version } });
  }
  if (current.status === 'active') assertRunnable(definition, 'saved while active');
  const version = current.version + 1;
  await writeVersion(ctx, workflowId, version, definition);
  const now = ctx.ports.clock.now();
  const updated = await workflows(ctx.db).findOneAndUpdate(
    { _id: workflowId, version: current.version },
    { $set: { ...definitionOf(definition), version, updated_at: now } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'Someone saved this workflow meanwhile; reload it and try again');
  return toWorkflow(updated);
}

/** Activate (the graph must be valid) or pause (stops new executions; running ones go on). */
export async function setWorkflowStatus(ctx: TServiceContext, workflowId: string, status: 'active' | 'paused'): Promise<TWorkflow> {
  const current = await findWorkflow(ctx, workflowId);
  if (current.status === status) return toWorkflow(current);
  if (status === 'active') assertRunnable(current, 'activated');
  const now = ctx.ports.clock.now();
  const updated = await workflows(ctx.db).findOneAndUpdate(
    { _id: workflowId, version: current.version },
    // A scheduled workflow counts its occurrences from its activation.
    { $set: { status, updated_at: now, ...(status === 'active' ? { activated_at: now, last_occurrence_at: now } : {}) } },
    { returnDocument: 'after' },
  );
  if (!updated) throw new AppError('conflict', 'The workflow changed meanwhile; reload it and try again');
  return toWorkflow(updated);
}
