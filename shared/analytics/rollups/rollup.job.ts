import { z } from 'zod';
import { defineJob } from '../../jobs/job-definition.ts';

const ZDay = z.iso.date();

/**
 * `analytics.rollup`: nightly from Cloud Scheduler (shared/jobs/schedules.ts) with `{}`, which fans
 * out one message per organisation; a message naming a tenant rolls up its range (by default
 * the last seven whole days in its zone). `npm run rollup` and `POST /api/analytics/rollups` run
 * the same service for any range.
 */
export const rollupJob = defineJob({
  id: 'analytics.rollup',
  version: 1,
  schema: z.object({ tenant_id: z.string().min(1).max(64).optional(), from: ZDay.optional(), to: ZDay.optional() }),
  load: async () => {
    const { runRollupJob } = await import('./run-rollup-job.ts');
    return runRollupJob;
  },
});

/**
 * `analytics.rollup-today`: every 15 minutes from Cloud Scheduler with `{}`, fanning out per
 * organisation like the nightly job; a message naming a tenant rolls up its today so far, so
 * dashboards count live only the minutes since, and its yesterday whole on the first run after
 * the organisation's midnight.
 */
export const rollupTodayJob = defineJob({
  id: 'analytics.rollup-today',
  version: 1,
  schema: z.object({ tenant_id: z.string().min(1).max(64).optional() }),
  load: async () => {
    const { runRollupTodayJob } = await import('./run-rollup-job.ts');
    return runRollupTodayJob;
  },
});
