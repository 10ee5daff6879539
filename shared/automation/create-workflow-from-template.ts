import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { createWorkflow } from './save-workflow.ts';
import { findTemplate } from './workflow-templates.ts';
import { ZWorkflowDefinition } from './workflow.schemas.ts';
import type { TWorkflow } from './workflow.schemas.ts';

/** A draft copy of a shipped template, ready to edit in the builder and activate. */
export async function createWorkflowFromTemplate(ctx: TServiceContext, input: { template_id: string; name?: string | undefined }): Promise<TWorkflow> {
  const template = findTemplate(input.template_id);
  if (!template) {
    throw new AppError('invalid', `There is no template "${input.template_id}"`, { fieldErrors: [{ location: 'body', field: 'template_id', detail: 'Choose one of GET /api/automation/templates' }] });
  }
  const definition = ZWorkflowDefinition.parse({ ...template.definition, ...(input.name ? { name: input.name } : {}) });
  return createWorkflow(ctx, definition, template.id);
}
