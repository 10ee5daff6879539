import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';

/** Every minute (shared/jobs/schedules.ts): starts workflows whose scheduled trigger is due. */
export const scheduledTickJob = defineJob({
  id: 'automation.scheduled-tick',
  version: 1,
  schema: z.object({}).passthrough(),
  load: async () => {
    const { runScheduledWorkflows } = await import('./run-scheduled-workflows.ts');
    return async (_payload, context) => {
      await runScheduledWorkflows(context);
    };
  },
});
