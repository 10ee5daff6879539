import { buildPushEnvelope, encodePushData, hashTaskName } from '../../shared/jobs/push-envelope.ts';
import { newId } from '../../shared/ids.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TCollection, TDatabase } from '../../shared/ports/document-store.ts';
import { isDuplicateKeyError } from '../../shared/ports/document-store.ts';
import type { TQueue, TQueueMessage, TScheduleOptions, TTopic } from '../../shared/ports/queue.ts';
import { TOPICS } from '../../shared/ports/queue.ts';
import type { TQueueStats } from '../http/metrics.ts';

/**
 * The local stand-in for Pub/Sub and Cloud Tasks (see README.md): a durable task table in the
 * document store and a dispatcher that POSTs each task's push envelope to
 * `<baseUrl>/api/jobs/<topic>`, at least once, with retries, backoff and dead letters.
 */

export const QUEUE_TASKS_COLLECTION = '_queue_tasks';
export const QUEUE_DEAD_LETTERS_COLLECTION = '_queue_dead_letters';

/**
 * A task as stored in `_queue_tasks`.
 * - `state`: `pending` until delivered; a delivered (or dead-lettered) *named* task stays as a
 *   `done` tombstone until `expires_at`, keeping its name reserved as Cloud Tasks does.
 * - `due_at`: when it may be delivered next (it stays put while a delivery is in flight).
 * - `lease_until`: a claim leases the task until then (the epoch when free); a task whose
 *   dispatcher died becomes claimable again by itself when the lease ends.
 * - `attempts`: deliveries started so far (the envelope's `deliveryAttempt`).
 */
export interface TQueueTaskDocument {
  _id: string;
  topic: TTopic;
  /** base64 JSON, encoded at publish time as Pub/Sub does. */
  data?: string;
  attributes?: Record<string, string>;
  /** The dedupe key it was scheduled with. */
  name?: string;
  state: 'pending' | 'done';
  due_at: Date;
  lease_until: Date;
  attempts: number;
  created_at: Date;
  last_error?: string;
  expires_at?: Date;
  [field: string]: unknown;
}

/** A message that failed `maxAttempts` deliveries, parked in `_queue_dead_letters`. */
export interface TDeadLetterDocument {
  _id: string;
  topic: TTopic;
  data: string;
  attributes?: Record<string, string>;
  name?: string;
  attempts: number;
  last_error: string;
  created_at: Date;
  failed_at: Date;
  [field: string]: unknown;
}

/** `lease_until` of a task nobody holds. */
const FREE = new Date(0);

export type TDeliveryOutcome = 'ok' | 'retry' | 'dead_letter';

export interface TEmbeddedQueueOptions {
  db: TDatabase;
  /** Deliveries go to `<baseUrl>/api/jobs/<topic>` (the local host). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <secret>`; the receiver checks it with the local push verifier. */
  pushSecret: string;
  clock?: TClock;
  /** Deliveries before a task is dead-lettered (a Pub/Sub dead-letter policy's max delivery attempts). */
  maxAttempts?: number;
  /** Backoff after the first failure, doubling per attempt up to `maxBackoffSeconds` (a Pub/Sub retry policy). */
  minBackoffSeconds?: number;
  maxBackoffSeconds?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  /** A delivery not answered by then counts as failed (Cloud Tasks' dispatch deadline). */
  deliveryTimeoutMs?: number;
  /** How long a delivered named task keeps its name reserved. */
  tombstoneSeconds?: number;
  /** In `start()` mode: longest wait between looks at the table. */
  pollIntervalMs?: number;
  /** Called after each delivery attempt, e.g. to count `queue_deliveries_total`. */
  onDelivery?: (topic: TTopic, outcome: TDeliveryOutcome, error?: string) => void;
}

export interface TEmbeddedQueue extends TQueue {
  /** Delivers every task due now (and whatever becomes due meanwhile); resolves with the number of delivery attempts. */
  runDue(): Promise<number>;
  /** `runDue` until nothing is due at the clock's time (follow-up tasks included); resolves with the attempts made. */
  drain(options?: { maxRounds?: number }): Promise<number>;
  /** Delivers in the background: a timer to the next due time (at most `pollIntervalMs`), plus a nudge on each publish. */
  start(): void;
  /** Stops the background dispatcher and waits for deliveries in flight. */
  stop(): Promise<void>;
  stats(): Promise<TQueueStats>;
  /** Dead letters, newest first. */
  deadLetters(options?: { topic?: TTopic; limit?: number }): Promise<TDeadLetterDocument[]>;
  /** Puts a dead letter back as a task due now with fresh attempts; false when there is no such dead letter. */
  redrive(id: string): Promise<boolean>;
}

export function createEmbeddedQueue(options: TEmbeddedQueueOptions): TEmbeddedQueue {
  const clock = options.clock ?? systemClock;
  const maxAttempts = options.maxAttempts ?? 5;
  const minBackoffMs = (options.minBackoffSeconds ?? 10) * 1000;
  const maxBackoffMs = (options.maxBackoffSeconds ?? 600) * 1000;
  const concurrency = options.concurrency ?? 8;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 30_000;
  // The lease outlives the delivery deadline, so a task is never delivered twice at once.
  const leaseMs = deliveryTimeoutMs + 30_000;
  const tombstoneMs = (options.tombstoneSeconds ?? 3600) * 1000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const baseUrl = options.baseUrl.replace(/\/$/, '');
  const authorization = `Bearer ${options.pushSecret}`;

  const tasks: TCollection<TQueueTaskDocument> = options.db.collection<TQueueTaskDocument>(QUEUE_TASKS_COLLECTION);
  const deadLetters: TCollection<TDeadLetterDocument> = options.db.collection<TDeadLetterDocument>(QUEUE_DEAD_LETTERS_COLLECTION);
  const ready = Promise.all([
    // Claims walk due tasks in due order (the few leased ones at its head are skipped).
    tasks.createIndex({ state: 1, due_at: 1 }, { name: 'state_due_at' }),
    // stats(): counts per topic, due or not.
    tasks.createIndex({ state: 1, topic: 1, due_at: 1 }, { name: 'state_topic_due_at' }),
    tasks.createIndex({ expires_at: 1 }, { name: 'tombstone_ttl', expireAfterSeconds: 0 }),
    deadLetters.createIndex({ topic: 1, failed_at: -1 }, { name: 'topic_failed_at' }),
  ]);

  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Atomically leases the task due first, or returns null when none is due. */
  async function claimNext(): Promise<TQueueTaskDocument | null> {
    const now = clock.now();
    return tasks.findOneAndUpdate(
      { state: 'pending', due_at: { $lte: now }, lease_until: { $lte: now } },
      { $set: { lease_until: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
      { sort: { due_at: 1 }, returnDocument: 'after' },
    );
  }

  async function post(task: TQueueTaskDocument): Promise<string | undefined> {
    const envelope = buildPushEnvelope({
      data: task.data ?? encodePushData(null),
      attributes: task.attributes,
      messageId: task._id,
      publishTime: task.created_at,
      subscription: `projects/local/subscriptions/${task.topic}`,
      deliveryAttempt: task.attempts,
    });
    try {
      const response = await fetch(`${baseUrl}/api/jobs/${task.topic}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(deliveryTimeoutMs),
      });
      await response.arrayBuffer();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }

  /** Ends a task: named tasks leave a tombstone that keeps the name reserved, others go. */
  async function finish(task: TQueueTaskDocument, now: Date): Promise<void> {
    const mine = { _id: task._id, attempts: task.attempts };
    if (task.name === undefined) await tasks.deleteOne(mine);
    else await tasks.updateOne(mine, { $set: { state: 'done', lease_until: FREE, expires_at: new Date(now.getTime() + tombstoneMs) }, $unset: { data: '', attributes: '' } });
  }

  async function deliver(task: TQueueTaskDocument): Promise<void> {
    const error = await post(task);
    const now = clock.now();
    if (error === undefined) {
      await finish(task, now);
      options.onDelivery?.(task.topic, 'ok');
      return;
    }
    if (task.attempts >= maxAttempts) {
      try {
        await deadLetters.insertOne({
          _id: task._id,
          topic: task.topic,
          data: task.data ?? encodePushData(null),
          ...(task.attributes ? { attributes: task.attributes } : {}),
          ...(task.name === undefined ? {} : { name: task.name }),
          attempts: task.attempts,
          last_error: error,
          created_at: task.created_at,
          failed_at: now,
        });
      } catch (insertError) {
        // Parked already by an earlier run that stopped before removing the task.
        if (!isDuplicateKeyError(insertError)) throw insertError;
      }
      await finish(task, now);
      options.onDelivery?.(task.topic, 'dead_letter', error);
      return;
    }
    const backoffMs = Math.min(maxBackoffMs, minBackoffMs * 2 ** (task.attempts - 1));
    await tasks.updateOne({ _id: task._id, attempts: task.attempts }, { $set: { due_at: new Date(now.getTime() + backoffMs), lease_until: FREE, last_error: error } });
    options.onDelivery?.(task.topic, 'retry', error);
  }

  // Worker pool: up to `concurrency` workers each claim-and-deliver until nothing is due. A
  // run lasts until the last worker stops; asking again during a run tops the pool up and
  // makes the last worker look once more, so work added meanwhile is never left behind.
  let active = 0;
  let rerun = false;
  let run: (PromiseWithResolvers<number> & { attempts: number; failure?: unknown }) | undefined;

  async function work(current: NonNullable<typeof run>): Promise<void> {
    try {
      await ready;
      for (let task = await claimNext(); task; task = await claimNext()) {
        await deliver(task);
        current.attempts++;
      }
    } catch (error) {
      current.failure ??= error;
    } finally {
      active--;
      if (active === 0) {
        if (rerun && current.failure === undefined) {
          rerun = false;
          fill(current);
        } else {
          run = undefined;
          rerun = false;
          if (current.failure === undefined) current.resolve(current.attempts);
          else current.reject(current.failure);
        }
      }
    }
  }

  function fill(current: NonNullable<typeof run>): void {
    while (active < concurrency) {
      active++;
      void work(current);
    }
  }

  function runDue(): Promise<number> {
    if (run) {
      rerun = true;
      fill(run);
      return run.promise;
    }
    run = Object.assign(Promise.withResolvers<number>(), { attempts: 0 });
    fill(run);
    return run.promise;
  }

  function nudge(): void {
    if (started) void runDue().catch(() => undefined);
  }

  async function tick(): Promise<void> {
    try {
      await runDue();
    } catch {
      // A failing store must not stop the dispatcher: the next tick tries again.
    }
    if (!started) return;
    // Tasks leased elsewhere are left to the poll: their lease may end or their holder finish.
    const now = clock.now();
    const next = await tasks.findOne({ state: 'pending', lease_until: { $lte: now } }, { sort: { due_at: 1 }, projection: { due_at: 1 } }).catch(() => null);
    const untilNext = next ? next.due_at.getTime() - now.getTime() : pollIntervalMs;
    if (!started) return;
    timer = setTimeout(() => void tick(), Math.max(0, Math.min(untilNext, pollIntervalMs)));
  }

  async function insertTask(topic: TTopic, message: TQueueMessage, id: string, dueAt: Date, name?: string): Promise<string> {
    await ready;
    const now = clock.now();
    const task: TQueueTaskDocument = {
      _id: id,
      topic,
      data: encodePushData(message.data),
      ...(message.attributes && Object.keys(message.attributes).length > 0 ? { attributes: { ...message.attributes } } : {}),
      ...(name === undefined ? {} : { name }),
      state: 'pending',
      due_at: dueAt,
      lease_until: FREE,
      attempts: 0,
      created_at: now,
    };
    try {
      await tasks.insertOne(task);
    } catch (error) {
      if (name === undefined || !isDuplicateKeyError(error)) throw error;
      // The name is taken: the existing task stands, unless it is a tombstone past its time
      // that the TTL sweep has not removed yet.
      const replaced = await tasks.replaceOne({ _id: id, state: 'done', expires_at: { $lte: now } }, task);
      if (replaced.modifiedCount === 0) return id;
    }
    if (dueAt.getTime() <= now.getTime()) nudge();
    return id;
  }

  return {
    async publish(topic, message) {
      const now = clock.now();
      return insertTask(topic, message, newId('msg', now), now);
    },

    async schedule(topic: TTopic, message: TQueueMessage, scheduleOptions: TScheduleOptions = {}) {
      const now = clock.now();
      const dueAt = scheduleOptions.at && scheduleOptions.at.getTime() > now.getTime() ? scheduleOptions.at : now;
      const id = scheduleOptions.name === undefined ? newId('tsk', now) : hashTaskName(topic, scheduleOptions.name);
      return insertTask(topic, message, id, dueAt, scheduleOptions.name);
    },

    runDue,

    async drain({ maxRounds = 1000 } = {}) {
      let total = 0;
      for (let round = 0; round < maxRounds; round++) {
        const attempts = await runDue();
        if (attempts === 0) break;
        total += attempts;
      }
      return total;
    },

    start() {
      if (started) return;
      started = true;
      void tick();
    },

    async stop() {
      started = false;
      clearTimeout(timer);
      await run?.promise.catch(() => undefined);
    },

    async stats() {
      await ready;
      const now = clock.now();
      // Index-backed counts: a scrape stays cheap however many tasks wait.
      return Promise.all(
        TOPICS.map(async (topic) => {
          const [pending, scheduled, parked] = await Promise.all([
            tasks.countDocuments({ state: 'pending', topic }),
            tasks.countDocuments({ state: 'pending', topic, due_at: { $gt: now } }),
            deadLetters.countDocuments({ topic }),
          ]);
          return { topic, ready: pending - scheduled, scheduled, deadLetters: parked };
        }),
      );
    },

    async deadLetters({ topic, limit = 100 } = {}) {
      await ready;
      return deadLetters.find(topic ? { topic } : {}, { sort: { failed_at: -1 }, limit }).toArray();
    },

    async redrive(id) {
      await ready;
      const letter = await deadLetters.findOne({ _id: id });
      if (!letter) return false;
      const now = clock.now();
      // A named task's tombstone holds the same id: the redriven task replaces it.
      await tasks.replaceOne(
        { _id: id },
        {
          _id: id,
          topic: letter.topic,
          data: letter.data,
          ...(letter.attributes ? { attributes: letter.attributes } : {}),
          ...(letter.name === undefined ? {} : { name: letter.name }),
          state: 'pending',
          due_at: now,
          lease_until: FREE,
          attempts: 0,
          created_at: letter.created_at,
        },
        { upsert: true },
      );
      await deadLetters.deleteOne({ _id: id });
      nudge();
      return true;
    },
  };
}
