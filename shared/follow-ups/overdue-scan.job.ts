import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';

/** Scheduled every 5 minutes (shared/jobs/schedules.ts); the scheduler publishes `{}`. */
export const overdueScanJob = defineJob({
  id: 'follow-ups.overdue-scan',
  version: 1,
  schema: z.object({}),
  load: async () => {
    const { scanOverdueFollowUps } = await import('./scan-overdue-follow-ups.ts');
    return async (_payload, context) => {
      await scanOverdueFollowUps(context);
    };
  },
});
