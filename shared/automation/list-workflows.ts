import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { workflows, versionId } from './execution-store.ts';
import { findWorkflow } from './workflow-access.ts';
import type { TWorkflowVersionRecord } from './workflow-record.ts';
import type { TWorkflow, TWorkflowDefinition } from './workflow.schemas.ts';
import { toWorkflow } from './to-workflow.ts';
import { notFound } from '../errors/app-error.ts';

/** Workflows, most recently changed first, with their counters (no scan of executions). */
export async function listWorkflows(ctx: TServiceContext, query: { cursor?: string | undefined; limit: number; status?: TWorkflow['status'] | undefined }): Promise<TPage<TWorkflow>> {
  const page = await findPage(workflows(ctx.db), query.status ? { status: query.status } : {}, { sortField: 'updated_at', direction: -1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(toWorkflow), nextCursor: page.nextCursor };
}

export async function getWorkflow(ctx: TServiceContext, workflowId: string): Promise<TWorkflow> {
  return toWorkflow(await findWorkflow(ctx, workflowId));
}

/** Every saved version of a workflow, newest first (executions name the one they run). */
export async function listWorkflowVersions(ctx: TServiceContext, workflowId: string): Promise<{ items: { version: number; created_at: string; created_by: string; definition: TWorkflowDefinition }[] }> {
  await findWorkflow(ctx, workflowId);
  const records = await ctx.db.collection<TWorkflowVersionRecord>('workflow_versions').find({ workflow_id: workflowId }, { sort: { version: -1 }, limit: 200 }).toArray();
  return { items: records.map((record) => ({ version: record.version, created_at: record.created_at.toISOString(), created_by: record.created_by, definition: record.definition })) };
}

export async function getWorkflowVersion(ctx: TServiceContext, workflowId: string, version: number): Promise<TWorkflowDefinition> {
  const record = await ctx.db.collection<TWorkflowVersionRecord>('workflow_versions').findOne({ _id: versionId(workflowId, version) });
  if (!record) throw notFound('Workflow version');
  return record.definition;
}
