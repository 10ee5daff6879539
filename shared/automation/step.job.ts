import { defineJob } from '../jobs/job-definition.ts';
import { STEP_JOB, ZStepMessage } from './execution-store.ts';

/** One workflow step (topic `workflow-steps`): shared/automation/run-workflow-step.ts. */
export const workflowStepJob = defineJob({
  id: STEP_JOB,
  version: 1,
  schema: ZStepMessage,
  load: async () => {
    const { runWorkflowStep } = await import('./run-workflow-step.ts');
    return async (message, context) => {
      await runWorkflowStep(message, context);
    };
  },
});
