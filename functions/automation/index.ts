import { z } from 'zod';
import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { createWorkflowFromTemplate } from '../../shared/automation/create-workflow-from-template.ts';
import { ZCancelExecutionRequest, ZExecution, ZListExecutionsQuery } from '../../shared/automation/execution.schemas.ts';
import { cancelExecution, getExecution, listExecutions } from '../../shared/automation/list-executions.ts';
import { getWorkflow, getWorkflowVersion, listWorkflows, listWorkflowVersions } from '../../shared/automation/list-workflows.ts';
import { createWorkflow, setWorkflowStatus, updateWorkflow } from '../../shared/automation/save-workflow.ts';
import { suggestWorkflow, ZSuggestWorkflowRequest, ZSuggestWorkflowResponse } from '../../shared/ai/suggest-workflow.ts';
import { WORKFLOW_WRITER_ROLES, workflowIssues } from '../../shared/automation/workflow-access.ts';
import { listWorkflowTemplates, ZWorkflowTemplate } from '../../shared/automation/workflow-templates.ts';
import {
  ZCreateFromTemplateRequest,
  ZCreateWorkflowRequest,
  ZListWorkflowsQuery,
  ZUpdateWorkflowRequest,
  ZWorkflow,
  ZWorkflowDefinition,
} from '../../shared/automation/workflow.schemas.ts';
import { ZIdParams, ZPage } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

const ZVersionParams = z.strictObject({ id: ZIdParams.shape.id, version: z.coerce.number().int().min(1).max(1_000_000) });
const ZSaveQuery = z.strictObject({ expected_version: z.coerce.number().int().min(1).optional() });

/**
 * Workflow automation (shared/automation/README.md): workflows (admins write, everyone reads),
 * templates, versions, activation, executions with their step history, and cancelling one. The
 * engine itself runs in the `jobs` function (events and step messages).
 */
export const definition = defineFunction('automation', [
  defineRoute({
    method: 'GET',
    path: '/api/automation/templates',
    summary: 'The workflow templates shipped with the product',
    access: ALL_ROLES,
    feature: 'automation',
    response: z.object({ items: z.array(ZWorkflowTemplate) }),
    handler: async () => ({ items: listWorkflowTemplates() }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/workflows/from-template',
    summary: 'Create a draft workflow from a template',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    body: ZCreateFromTemplateRequest,
    response: ZWorkflow,
    status: 201,
    handler: ({ ctx, body }) => createWorkflowFromTemplate(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/suggest-workflow',
    summary: 'A plain-language goal → a draft workflow that passes the engine’s validation (AI; nothing is saved: the builder loads it, the admin edits and saves)',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    body: ZSuggestWorkflowRequest,
    response: ZSuggestWorkflowResponse,
    tags: ['automation', 'ai'],
    handler: ({ ctx, body }) => suggestWorkflow(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/workflows/validate',
    summary: 'Check a definition as activation would (graph rules, cron); 200 with the issues, empty when valid',
    access: ALL_ROLES,
    feature: 'automation',
    body: ZWorkflowDefinition,
    response: z.object({ issues: z.array(z.object({ code: z.string(), step_id: z.string().nullable(), path: z.string(), message: z.string() })) }),
    handler: async ({ body }) => ({ issues: workflowIssues(body) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/workflows',
    summary: 'Workflows with their counters (executions, success rate, per-step counts)',
    access: ALL_ROLES,
    feature: 'automation',
    query: ZListWorkflowsQuery,
    response: ZPage(ZWorkflow),
    handler: ({ ctx, query }) => listWorkflows(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/workflows',
    summary: 'Create a draft workflow',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    body: ZCreateWorkflowRequest,
    response: ZWorkflow,
    status: 201,
    handler: ({ ctx, body }) => createWorkflow(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/workflows/:id',
    summary: 'One workflow: its current definition and counters',
    access: ALL_ROLES,
    feature: 'automation',
    params: ZIdParams,
    response: ZWorkflow,
    handler: ({ ctx, params }) => getWorkflow(ctx, params.id),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/automation/workflows/:id',
    summary: 'Save a new version of the definition (running executions keep theirs)',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    params: ZIdParams,
    query: ZSaveQuery,
    body: ZUpdateWorkflowRequest,
    response: ZWorkflow,
    handler: ({ ctx, params, query, body }) => updateWorkflow(ctx, params.id, body, query.expected_version),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/workflows/:id/activate',
    summary: 'Activate: refused with each graph problem when the workflow is not valid',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    params: ZIdParams,
    response: ZWorkflow,
    handler: ({ ctx, params }) => setWorkflowStatus(ctx, params.id, 'active'),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/workflows/:id/pause',
    summary: 'Pause: no new executions; running ones continue',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    params: ZIdParams,
    response: ZWorkflow,
    handler: ({ ctx, params }) => setWorkflowStatus(ctx, params.id, 'paused'),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/workflows/:id/versions',
    summary: 'Every saved version of a workflow, newest first',
    access: ALL_ROLES,
    feature: 'automation',
    params: ZIdParams,
    handler: ({ ctx, params }) => listWorkflowVersions(ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/workflows/:id/versions/:version',
    summary: 'One saved version’s definition',
    access: ALL_ROLES,
    feature: 'automation',
    params: ZVersionParams,
    response: ZWorkflowDefinition,
    handler: ({ ctx, params }) => getWorkflowVersion(ctx, params.id, params.version),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/executions',
    summary: 'Executions newest first, by workflow, lead and/or status, each with its steps',
    access: ALL_ROLES,
    feature: 'automation',
    query: ZListExecutionsQuery,
    response: ZPage(ZExecution),
    handler: ({ ctx, query }) => listExecutions(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/automation/executions/:id',
    summary: 'One execution with each step (when, outcome, error)',
    access: ALL_ROLES,
    feature: 'automation',
    params: ZIdParams,
    response: ZExecution,
    handler: ({ ctx, params }) => getExecution(ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/automation/executions/:id/cancel',
    summary: 'Cancel an execution: its pending steps do not run',
    access: WORKFLOW_WRITER_ROLES,
    feature: 'automation',
    params: ZIdParams,
    body: ZCancelExecutionRequest,
    response: ZExecution,
    handler: ({ ctx, params, body }) => cancelExecution(ctx, params.id, body.reason),
  }),
]);

export const handler = definition.createHandler(processPlatform);
