import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedQueue } from '../../infra/queue/embedded-queue.ts';
import type { TScheduledJob } from '../../infra/queue/embedded-scheduler.ts';
import { createEmbeddedScheduler, scheduledJobsFrom } from '../../infra/queue/embedded-scheduler.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { SCHEDULES } from '../../shared/jobs/schedules.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TQueue, TQueueMessage, TScheduleOptions, TTopic } from '../../shared/ports/queue.ts';
import type { TManualClock } from '../support/manual-clock.ts';
import { createManualClock } from '../support/manual-clock.ts';

interface TEnqueued {
  kind: 'publish' | 'schedule';
  topic: TTopic;
  message: TQueueMessage;
  options?: TScheduleOptions;
}

function recordingQueue(): TQueue & { enqueued: TEnqueued[] } {
  const enqueued: TEnqueued[] = [];
  return {
    enqueued,
    publish: async (topic, message) => {
      enqueued.push({ kind: 'publish', topic, message });
      return `msg_${enqueued.length}`;
    },
    schedule: async (topic, message, options) => {
      enqueued.push({ kind: 'schedule', topic, message, options });
      return `tsk_${enqueued.length}`;
    },
  };
}

const hourly: TScheduledJob = { name: 'reports.hourly', cron: '0 * * * *', timeZone: 'UTC', topic: 'jobs', message: { data: {}, attributes: { job: 'reports.hourly' } } };
// Monday 07:00 in New York: 12:00Z in winter (EST), 11:00Z once DST starts (8 March 2026).
const weekly: TScheduledJob = { name: 'reports.weekly', cron: '0 7 * * 1', timeZone: 'America/New_York', topic: 'jobs', message: { data: {}, attributes: { job: 'reports.weekly' } } };

describe('embedded scheduler', () => {
  let clock: TManualClock;
  let db: TDatabase;
  let queue: ReturnType<typeof recordingQueue>;
  const scheduler = (jobs: TScheduledJob[] = [hourly]) => createEmbeddedScheduler({ db, queue, jobs, clock });
  const names = () => queue.enqueued.map((entry) => entry.options?.name);

  beforeEach(async () => {
    clock = createManualClock('2026-03-02T09:30:00.000Z');
    db = await openEmbeddedDatabase({ clock });
    queue = recordingQueue();
  });
  afterEach(() => db.close());

  it('starts counting from now the first time it sees a job, without firing', async () => {
    const cron = scheduler();
    await cron.start();
    cron.stop();
    expect(queue.enqueued).toEqual([]);
  });

  it('enqueues a job once when its next occurrence comes, then waits for the following one', async () => {
    const cron = scheduler();
    await cron.runDue();
    clock.set('2026-03-02T09:59:59.999Z');
    expect(await cron.runDue()).toEqual([]);
    clock.set('2026-03-02T10:00:00.000Z');
    expect(await cron.runDue()).toEqual(['reports.hourly']);
    expect(await cron.runDue()).toEqual([]);
    clock.set('2026-03-02T11:00:00.000Z');
    await cron.runDue();

    expect(queue.enqueued).toEqual([
      { kind: 'schedule', topic: 'jobs', message: hourly.message, options: { name: 'cron:reports.hourly:2026-03-02T10:00:00.000Z' } },
      { kind: 'schedule', topic: 'jobs', message: hourly.message, options: { name: 'cron:reports.hourly:2026-03-02T11:00:00.000Z' } },
    ]);
  });

  it('evaluates cron in the job time zone, across a DST change', async () => {
    const cron = scheduler([weekly]);
    await cron.runDue();
    expect(cron.nextRunAt('reports.weekly')).toEqual(new Date('2026-03-02T12:00:00.000Z'));
    clock.set('2026-03-02T12:00:00.000Z');
    await cron.runDue();
    expect(cron.nextRunAt('reports.weekly')).toEqual(new Date('2026-03-09T11:00:00.000Z'));
    clock.set('2026-03-09T11:00:00.000Z');
    await cron.runDue();

    expect(names()).toEqual(['cron:reports.weekly:2026-03-02T12:00:00.000Z', 'cron:reports.weekly:2026-03-09T11:00:00.000Z']);
  });

  it('runs a job missed while the host was down once at the next start, for its latest occurrence', async () => {
    const before = scheduler();
    await before.start();
    before.stop();
    clock.set('2026-03-02T14:10:00.000Z');

    const after = scheduler();
    await after.start();
    after.stop();

    expect(names()).toEqual(['cron:reports.hourly:2026-03-02T14:00:00.000Z']);
  });

  it('runs a job by name on demand, leaving its schedule alone', async () => {
    const cron = scheduler();
    await cron.runDue();

    expect(await cron.runNow('reports.hourly')).toBe('msg_1');
    expect(queue.enqueued).toEqual([{ kind: 'publish', topic: 'jobs', message: hourly.message }]);
    clock.set('2026-03-02T10:00:00.000Z');
    expect(await cron.runDue()).toEqual(['reports.hourly']);
  });

  it('answers not_found for a job it does not know', async () => {
    await expect(scheduler().runNow('nope')).rejects.toSatisfy((error) => error instanceof AppError && error.code === 'not_found');
  });

  it('enqueues each occurrence once when two schedulers share a store', async () => {
    const shared = createEmbeddedQueue({ db, baseUrl: 'http://127.0.0.1:1', pushSecret: 'secret', clock });
    const first = createEmbeddedScheduler({ db, queue: shared, jobs: [hourly], clock });
    const second = createEmbeddedScheduler({ db, queue: shared, jobs: [hourly], clock });
    await first.runDue();
    clock.set('2026-03-02T10:00:00.000Z');
    await Promise.all([first.runDue(), second.runDue()]);

    expect(await shared.stats()).toContainEqual({ topic: 'jobs', ready: 1, scheduled: 0, deadLetters: 0 });
  });

  it("turns the project's schedules into jobs that publish {} to `jobs` with the job attribute", () => {
    expect(scheduledJobsFrom(SCHEDULES)).toContainEqual({
      name: 'analytics.rollup',
      cron: '15 2 * * *',
      timeZone: 'UTC',
      topic: 'jobs',
      message: { data: {}, attributes: { job: 'analytics.rollup' } },
    });
    expect(scheduledJobsFrom(SCHEDULES)).toHaveLength(SCHEDULES.length);
  });
});
