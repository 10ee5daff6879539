import type { TRole } from '../auth/principal.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { workflows } from './execution-store.ts';
import type { TWorkflowRecord } from './workflow-record.ts';
import { validateWorkflowGraph } from './validate-workflow-graph.ts';
import type { TGraphIssue } from './validate-workflow-graph.ts';
import { cronProblem } from './scheduled-occurrence.ts';
import type { TWorkflowDefinition } from './workflow.schemas.ts';

/** Admins build and run workflows; everyone else reads them (and their history). */
export const WORKFLOW_WRITER_ROLES: readonly TRole[] = ['admin'];

export async function findWorkflow(ctx: TServiceContext, workflowId: string): Promise<TWorkflowRecord> {
  const workflow = await workflows(ctx.db).findOne({ _id: workflowId });
  if (!workflow) throw notFound('Workflow');
  return workflow;
}

/** Graph rules plus what only the server checks (a scheduled trigger's cron and zone). */
export function workflowIssues(definition: TWorkflowDefinition): TGraphIssue[] {
  const issues = validateWorkflowGraph(definition);
  if (definition.trigger.type === 'scheduled') {
    const problem = cronProblem(definition.trigger.cron, definition.trigger.time_zone);
    if (problem) issues.push({ code: 'invalid', step_id: null, path: 'trigger.cron', message: problem });
  }
  return issues;
}

/** 400 with each graph problem as a field error (`steps.2.on_false`) and the issues, for the builder to put on their steps. */
export function assertRunnable(definition: TWorkflowDefinition, action: string): void {
  const issues = workflowIssues(definition);
  if (issues.length === 0) return;
  throw new AppError('invalid', `The workflow cannot be ${action}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
    fieldErrors: issues.map((issue) => ({ location: 'body' as const, field: issue.path, detail: issue.message })),
    extensions: { issues },
  });
}
