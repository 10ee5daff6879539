import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';

/** Hourly (shared/jobs/schedules.ts): organisations whose local time is Monday 07:00+ get last week's report, once. */
export const weeklyDispatchJob = defineJob({
  id: 'reports.weekly-dispatch',
  version: 1,
  schema: z.object({}),
  load: async () => {
    const { dispatchWeeklyReports } = await import('./dispatch-weekly-reports.ts');
    return async (_payload, context) => {
      await dispatchWeeklyReports(context);
    };
  },
});
