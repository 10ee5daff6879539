import { Cron } from 'croner';
import { notFound } from '../../shared/errors/app-error.ts';
import type { TSchedule } from '../../shared/jobs/schedules.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { isDuplicateKeyError } from '../../shared/ports/document-store.ts';
import type { TQueue, TQueueMessage, TTopic } from '../../shared/ports/queue.ts';

/**
 * The local stand-in for Cloud Scheduler: cron jobs (with time zones) that publish a message
 * to the queue at their times. The last occurrence handled is kept per job in
 * `_scheduler_runs`, so occurrences missed while the host was down run once at the next
 * start (not once per missed occurrence), and a job seen for the first time starts counting
 * from now instead of firing.
 *
 * Each occurrence is enqueued with the dedupe name `cron:<job>:<occurrence>` before its record
 * moves on (compare-and-swap), so a crash in between, or two hosts sharing a MongoDB, still
 * publish each occurrence once.
 */
export const SCHEDULER_RUNS_COLLECTION = '_scheduler_runs';

export interface TScheduledJob {
  /** Stable id: the record key and the dedupe name prefix. */
  name: string;
  /** Unix cron (5 fields, or 6 with seconds), evaluated in `timeZone`. */
  cron: string;
  /** IANA time zone, e.g. `America/Chicago`. */
  timeZone: string;
  topic: TTopic;
  message: TQueueMessage;
}

interface TSchedulerRun {
  _id: string;
  /** The latest occurrence already enqueued (or the moment the job was first seen). */
  last_run_at: Date;
  updated_at: Date;
  [field: string]: unknown;
}

/** The jobs of shared/jobs/schedules.ts, as Cloud Scheduler runs them: `{}` to `jobs` with the attribute `job`. */
export function scheduledJobsFrom(schedules: readonly TSchedule[]): TScheduledJob[] {
  return schedules.map((schedule) => ({
    name: schedule.job,
    cron: schedule.cron,
    timeZone: schedule.timeZone,
    topic: 'jobs',
    message: { data: {}, attributes: { job: schedule.job } },
  }));
}

export interface TEmbeddedScheduler {
  /** Enqueues every job whose next occurrence has come (once, however many were missed); resolves with their names. */
  runDue(): Promise<string[]>;
  /** Publishes a job's message now, outside its schedule; resolves with the message id. */
  runNow(name: string): Promise<string>;
  /** Next occurrence of a job after the clock's time. */
  nextRunAt(name: string): Date | undefined;
  /** Runs what was missed, then keeps a timer to the next occurrence. */
  start(): Promise<void>;
  stop(): void;
}

/** Longest single timer wait: re-reading the clock now and then keeps long waits honest (sleep, clock changes). */
const MAX_TIMER_MS = 60_000;

export function createEmbeddedScheduler(options: { db: TDatabase; queue: TQueue; jobs: readonly TScheduledJob[]; clock?: TClock }): TEmbeddedScheduler {
  const clock = options.clock ?? systemClock;
  const runs = options.db.collection<TSchedulerRun>(SCHEDULER_RUNS_COLLECTION);
  const jobs = new Map(options.jobs.map((job) => [job.name, { job, cron: new Cron(job.cron, { timezone: job.timeZone, paused: true }) }]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;

  const find = (name: string) => {
    const entry = jobs.get(name);
    if (!entry) throw notFound(`Scheduled job "${name}"`);
    return entry;
  };

  async function runIfDue(job: TScheduledJob, cron: Cron): Promise<boolean> {
    const now = clock.now();
    const record = await runs.findOne({ _id: job.name });
    if (!record) {
      try {
        await runs.insertOne({ _id: job.name, last_run_at: now, updated_at: now });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      return false;
    }
    const next = cron.nextRun(record.last_run_at);
    if (!next || next.getTime() > now.getTime()) return false;
    const occurrence = latestOccurrence(cron, now) ?? next;
    await options.queue.schedule(job.topic, job.message, { name: `cron:${job.name}:${occurrence.toISOString()}` });
    await runs.updateOne({ _id: job.name, last_run_at: record.last_run_at }, { $set: { last_run_at: occurrence, updated_at: now } });
    return true;
  }

  async function runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const { job, cron } of jobs.values()) if (await runIfDue(job, cron)) ran.push(job.name);
    return ran;
  }

  function nextRunAt(name: string): Date | undefined {
    return find(name).cron.nextRun(clock.now()) ?? undefined;
  }

  function arm(): void {
    if (!started) return;
    const now = clock.now().getTime();
    const next = Math.min(...[...jobs.keys()].map((name) => nextRunAt(name)?.getTime() ?? Number.POSITIVE_INFINITY));
    timer = setTimeout(
      () => {
        runDue()
          .catch(() => undefined)
          .finally(arm);
      },
      Math.max(0, Math.min(next - now, MAX_TIMER_MS)),
    );
  }

  return {
    runDue,
    nextRunAt,
    async runNow(name) {
      const { job } = find(name);
      return options.queue.publish(job.topic, job.message);
    },
    async start() {
      if (started) return;
      started = true;
      await runDue();
      arm();
    },
    stop() {
      started = false;
      clearTimeout(timer);
    },
  };
}

/** The latest occurrence at or before `now` (croner's `previousRuns` excludes `now` itself). */
function latestOccurrence(cron: Cron, now: Date): Date | undefined {
  const previous = cron.previousRuns(1, now)[0];
  if (!previous) return undefined;
  const following = cron.nextRun(previous);
  return following && following.getTime() <= now.getTime() ? following : previous;
}
