import { SCHEDULES } from '../../shared/jobs/schedules.ts';
import { JOB_DEFINITIONS } from '../../shared/jobs/job-registry.ts';
import type { TLocalPlatform } from '../platform/create-platform.ts';
import { createEmbeddedScheduler, scheduledJobsFrom } from '../queue/embedded-scheduler.ts';

/** The embedded queue's dispatcher and the cron scheduler (Pub/Sub, Cloud Tasks and Cloud Scheduler's stand-ins). */
export async function startWorkers(platform: TLocalPlatform): Promise<{ stop(): Promise<void> }> {
  if (!platform.local) return { stop: async () => {} };
  const queue = await platform.local.queue();
  // Only schedules whose job exists yet: each capability registers its job with its handler.
  const schedules = SCHEDULES.filter((schedule) => JOB_DEFINITIONS.has(schedule.job));
  const scheduler = createEmbeddedScheduler({ db: await platform.db(), queue, jobs: scheduledJobsFrom(schedules), clock: platform.clock });
  queue.start();
  await scheduler.start();
  return {
    async stop() {
      scheduler.stop();
      await queue.stop();
    },
  };
}
