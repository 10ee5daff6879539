import { z } from 'zod';
import { workflowIssues } from '../automation/workflow-access.ts';
import { ZWorkflowDefinition, type TWorkflowDefinition } from '../automation/workflow.schemas.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { invalid } from '../errors/app-error.ts';
import { ZAiMeta } from './ai.schemas.ts';
import { draftWorkflow } from './rules/draft-workflow.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

/** `POST /api/automation/suggest-workflow` (shared/ai/README.md). */
export const ZSuggestWorkflowRequest = z.strictObject({ goal: z.string().trim().min(3).max(500) });
export type TSuggestWorkflowRequest = z.infer<typeof ZSuggestWorkflowRequest>;

export const ZSuggestWorkflowResponse = z.object({
  workflow: ZWorkflowDefinition,
  explanation: z.array(z.string()),
  matched: z.array(z.string()),
  validation: z.object({ valid: z.boolean(), issues: z.array(z.object({ code: z.string(), step_id: z.string().nullable(), path: z.string(), message: z.string() })) }),
  ai: ZAiMeta,
});
export type TSuggestWorkflowResponse = z.infer<typeof ZSuggestWorkflowResponse>;

const ZModelDraft = z.object({ workflow: ZWorkflowDefinition, explanation: z.array(z.string().max(200)).max(40) });
type TModelDraft = { workflow: TWorkflowDefinition; explanation: string[]; matched?: string[] };

const UNREADABLE = 'Say what should start it, e.g. “when a new lead comes in”, “when a call is missed”, “when a deal goes to marketing”';

const suggestWorkflowTask: TAiTask<string, TModelDraft> = {
  feature: 'suggest_workflow',
  schema: ZModelDraft,
  instructions:
    'Turn an admin’s goal into a draft automation workflow for a real-estate wholesaling CRM, following the JSON schema exactly: a trigger, an entry_step_id and steps linked by ' +
    '`next` (conditions: on_true / on_false, "end" to finish). Every step must be reachable and every loop must contain a delay. Texts are short, honest, use merge fields like ' +
    '{{first_name|there}} and {{company_name}}. `explanation`: one line per step.',
  data: (goal) => ({ goal }),
  rules: (goal) => {
    const draft = draftWorkflow(goal);
    if (!draft) throw invalid('goal', UNREADABLE);
    return { workflow: ZWorkflowDefinition.parse(draft.definition), explanation: draft.explanation, matched: draft.matched };
  },
};

/**
 * A draft workflow from a plain-language goal: it passes the engine's validation (graph rules,
 * cron) or is reported with its issues; nothing is saved. A model draft that fails the engine's
 * checks is replaced by the rules' draft.
 */
export async function suggestWorkflow(ctx: TServiceContext, request: TSuggestWorkflowRequest): Promise<TSuggestWorkflowResponse> {
  let { value, ai } = await runAiTask(ctx, suggestWorkflowTask, request.goal);
  let issues = workflowIssues(value.workflow);
  if (issues.length > 0 && ai.provider === 'gemini') {
    ctx.log.warn({ feature: 'suggest_workflow', reason: 'schema_mismatch', issues: issues.length }, 'The model drafted a workflow the engine rejects; answering with the rules');
    value = suggestWorkflowTask.rules(request.goal);
    ai = { provider: 'rules', model: null, fallback_reason: 'schema_mismatch', latency_ms: ai.latency_ms };
    issues = workflowIssues(value.workflow);
  }
  return { workflow: value.workflow, explanation: value.explanation, matched: value.matched ?? [], validation: { valid: issues.length === 0, issues }, ai };
}
