import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGooglePushVerifier } from '../../infra/google/google-push-verifier.ts';
import { createGoogleRestClient } from '../../infra/google/google-rest-client.ts';
import { createPubSubTasksQueue, MAX_TASK_DELAY_MS } from '../../infra/google/pubsub-tasks-queue.ts';
import type { TDeliveryOutcome, TEmbeddedQueue, TEmbeddedQueueOptions } from '../../infra/queue/embedded-queue.ts';
import { createEmbeddedQueue } from '../../infra/queue/embedded-queue.ts';
import { createLocalPushVerifier } from '../../infra/queue/local-push-verifier.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { deferIfNotDue, NOT_BEFORE_ATTRIBUTE } from '../../shared/jobs/not-before.ts';
import { decodePushData, hashTaskName } from '../../shared/jobs/push-envelope.ts';
import type { TPushEnvelope, TPushVerifier, TQueue } from '../../shared/ports/queue.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import type { TManualClock } from '../support/manual-clock.ts';
import { createManualClock } from '../support/manual-clock.ts';
import type { TPushReceiver } from '../support/push-receiver.ts';
import { startPushReceiver } from '../support/push-receiver.ts';

const AUDIENCE = 'https://jobs-abc123-uc.a.run.app';
const PUSH_ACCOUNT = 'pubsub-push@demo-dealcycle.iam.gserviceaccount.com';
const TASKS_ACCOUNT = 'cloud-tasks@demo-dealcycle.iam.gserviceaccount.com';
const PUSH_SECRET = 'local-push-secret-for-tests';
const MINUTE = 60_000;
const SECOND = 1000;

interface TQueueHarness {
  queue: TQueue;
  clock: TManualClock;
  receiver: TPushReceiver;
  /** Checks the Authorization header of a delivery, as the `jobs` function does. */
  verifier: TPushVerifier;
  /** Lets the queue deliver whatever is due at the clock's time. */
  deliverDue(): Promise<void>;
  close(): Promise<void>;
}

async function googleHarness(): Promise<TQueueHarness & { emulator: TGoogleApiEmulator }> {
  const clock = createManualClock();
  const emulator = await startGoogleApiEmulator({ clock });
  const receiver = await startPushReceiver();
  const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url, sleep: async () => undefined });
  const queue = createPubSubTasksQueue({
    client,
    projectId: emulator.projectId,
    location: 'us-central1',
    jobsUrl: receiver.url,
    serviceAccountEmail: TASKS_ACCOUNT,
    audience: AUDIENCE,
    clock,
  });
  return {
    queue,
    clock,
    receiver,
    emulator,
    verifier: createGooglePushVerifier({ audience: AUDIENCE, serviceAccountEmails: [PUSH_ACCOUNT, TASKS_ACCOUNT], certsUrl: emulator.certsUrl }),
    async deliverDue() {
      await emulator.dispatch({ pushEndpoint: (topic) => `${receiver.url}/api/jobs/${topic}`, serviceAccountEmail: PUSH_ACCOUNT, audience: AUDIENCE });
    },
    async close() {
      await Promise.all([emulator.close(), receiver.close()]);
    },
  };
}

async function embeddedHarness(
  options: Partial<TEmbeddedQueueOptions> = {},
  clock: TManualClock = createManualClock(),
): Promise<TQueueHarness & { queue: TEmbeddedQueue; db: TDatabase }> {
  const db = options.db ?? (await openEmbeddedDatabase({ clock }));
  const receiver = await startPushReceiver();
  const queue = createEmbeddedQueue({ db, baseUrl: receiver.url, pushSecret: PUSH_SECRET, clock, ...options });
  return {
    queue,
    db,
    clock,
    receiver,
    verifier: createLocalPushVerifier(PUSH_SECRET),
    async deliverDue() {
      await queue.drain();
    },
    async close() {
      await queue.stop();
      await receiver.close();
      await db.close();
    },
  };
}

const targets: { name: string; setup: () => Promise<TQueueHarness> }[] = [
  { name: 'Pub/Sub + Cloud Tasks', setup: googleHarness },
  { name: 'embedded', setup: () => embeddedHarness() },
];

describe.each(targets)('queue: $name', (target) => {
  let harness: TQueueHarness;
  beforeEach(async () => {
    harness = await target.setup();
  });
  afterEach(() => harness.close());

  it('delivers a published message once to /api/jobs/<topic> as a push envelope', async () => {
    const payload = { type: 'lead_created', tenant_id: 't_1', data: { name: 'Zoë Ω', price: 125_000.5, tags: ['absentee'] } };
    const id = await harness.queue.publish('domain-events', { data: payload, attributes: { tenant_id: 't_1' } });
    await harness.deliverDue();
    await harness.deliverDue();

    expect(harness.receiver.received).toHaveLength(1);
    const [push] = harness.receiver.received;
    expect(push?.topic).toBe('domain-events');
    expect(push?.envelope.message).toMatchObject({ attributes: { tenant_id: 't_1' }, messageId: id, publishTime: harness.clock.now().toISOString() });
    expect(harness.receiver.payloads()).toEqual([payload]);
  });

  it('delivers a task scheduled without a time right away, under its id', async () => {
    const id = await harness.queue.schedule('workflow-steps', { data: { execution: 'exe_1', step: 0 } });
    await harness.deliverDue();

    expect(harness.receiver.received.map((push) => [push.topic, push.envelope.message.messageId])).toEqual([['workflow-steps', id]]);
  });

  it('holds a delayed task until the clock passes its time, then delivers it once', async () => {
    const at = new Date(harness.clock.now().getTime() + 90 * MINUTE);
    await harness.queue.schedule('workflow-steps', { data: { execution: 'exe_1', step: 2 } }, { at });

    harness.clock.advance(90 * MINUTE - 1);
    await harness.deliverDue();
    expect(harness.receiver.received).toHaveLength(0);

    harness.clock.advance(1);
    await harness.deliverDue();
    harness.clock.advance(60 * MINUTE);
    await harness.deliverDue();
    expect(harness.receiver.payloads()).toEqual([{ execution: 'exe_1', step: 2 }]);
  });

  it('accepts a second task with the same name as the first, before and after delivery, and delivers it once', async () => {
    const options = { name: 'exe_1:step:3', at: new Date(harness.clock.now().getTime() + 5 * MINUTE) };
    const first = await harness.queue.schedule('workflow-steps', { data: { attempt: 1 } }, options);
    const second = await harness.queue.schedule('workflow-steps', { data: { attempt: 2 } }, options);
    harness.clock.advance(5 * MINUTE);
    await harness.deliverDue();
    const third = await harness.queue.schedule('workflow-steps', { data: { attempt: 3 } }, { name: 'exe_1:step:3' });
    await harness.deliverDue();

    expect(new Set([first, second, third]).size).toBe(1);
    expect(harness.receiver.payloads()).toEqual([{ attempt: 1 }]);
  });

  it('keeps the same name on different topics apart', async () => {
    const steps = await harness.queue.schedule('workflow-steps', { data: 'step' }, { name: 'same' });
    const jobs = await harness.queue.schedule('jobs', { data: 'job' }, { name: 'same' });
    await harness.deliverDue();

    expect(steps).not.toBe(jobs);
    expect(harness.receiver.payloads().sort()).toEqual(['job', 'step']);
  });

  it('sends credentials the paired push verifier accepts with every delivery', async () => {
    await harness.queue.publish('jobs', { data: {}, attributes: { job: 'analytics.rollup' } });
    await harness.queue.schedule('jobs', { data: {}, attributes: { job: 'imports.process' } });
    await harness.deliverDue();

    expect(harness.receiver.received).toHaveLength(2);
    for (const push of harness.receiver.received) expect(await harness.verifier.verify(push.headers.authorization)).toBe(true);
  });

  it('redelivers a message its receiver failed until the receiver accepts it', async () => {
    let calls = 0;
    harness.receiver.respondWith(() => (++calls === 1 ? 503 : 204));
    await harness.queue.schedule('workflow-steps', { data: { execution: 'exe_9' } });
    await harness.deliverDue();
    harness.clock.advance(10 * MINUTE);
    await harness.deliverDue();
    harness.clock.advance(10 * MINUTE);
    await harness.deliverDue();

    expect(harness.receiver.payloads()).toEqual([{ execution: 'exe_9' }, { execution: 'exe_9' }]);
  });
});

describe('Pub/Sub + Cloud Tasks queue on the wire', () => {
  let harness: Awaited<ReturnType<typeof googleHarness>>;
  beforeEach(async () => {
    harness = await googleHarness();
  });
  afterEach(() => harness.close());

  const taskCreates = () => harness.emulator.requests.filter((request) => request.path.endsWith('/tasks'));
  const taskBody = (index = 0) => (taskCreates()[index]?.body as { task: TTaskBody }).task;
  interface TTaskBody {
    name: string;
    scheduleTime: string;
    httpRequest: { url: string; httpMethod: string; headers: Record<string, string>; body: string; oidcToken: { serviceAccountEmail: string; audience: string } };
  }
  const envelopeOf = (task: TTaskBody) => JSON.parse(Buffer.from(task.httpRequest.body, 'base64').toString('utf8')) as TPushEnvelope;

  it('publishes base64 JSON with attributes to the topic with the access token', async () => {
    const id = await harness.queue.publish('domain-events', { data: { type: 'lead_created' }, attributes: { tenant_id: 't_1' } });

    expect(harness.emulator.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/projects/demo-dealcycle/topics/domain-events:publish',
        headers: expect.objectContaining({ authorization: 'Bearer test-access-token', 'content-type': 'application/json' }),
        body: { messages: [{ data: Buffer.from('{"type":"lead_created"}').toString('base64'), attributes: { tenant_id: 't_1' } }] },
      }),
    ]);
    expect(id).toBe(harness.emulator.published[0]?.messageId);
  });

  it('leaves attributes out of a publish that has none', async () => {
    await harness.queue.publish('jobs', { data: {} });
    expect(harness.emulator.requests[0]?.body).toEqual({ messages: [{ data: Buffer.from('{}').toString('base64') }] });
  });

  it('creates an HTTP task with a hashed name, the due time, the envelope as body and an OIDC token', async () => {
    const at = new Date('2026-03-03T12:00:00.000Z');
    const id = await harness.queue.schedule('workflow-steps', { data: { execution: 'exe_1', step: 2 }, attributes: { tenant_id: 't_1' } }, { at, name: 'exe_1:2' });

    const parent = 'projects/demo-dealcycle/locations/us-central1/queues/workflow-steps';
    expect(taskCreates()).toHaveLength(1);
    expect(taskCreates()[0]?.path).toBe(`/v2/${parent}/tasks`);
    expect(id).toBe(hashTaskName('workflow-steps', 'exe_1:2'));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const task = taskBody();
    expect(task).toEqual({
      name: `${parent}/tasks/${id}`,
      scheduleTime: '2026-03-03T12:00:00.000Z',
      httpRequest: {
        url: `${harness.receiver.url}/api/jobs/workflow-steps`,
        httpMethod: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: expect.any(String),
        oidcToken: { serviceAccountEmail: TASKS_ACCOUNT, audience: AUDIENCE },
      },
    });
    expect(envelopeOf(task)).toEqual({
      message: {
        data: Buffer.from('{"execution":"exe_1","step":2}').toString('base64'),
        attributes: { tenant_id: 't_1' },
        messageId: id,
        publishTime: '2026-03-02T09:00:00.000Z',
      },
      subscription: parent,
    });
  });

  it('names unnamed tasks randomly so a retried create cannot duplicate them', async () => {
    await harness.queue.schedule('jobs', { data: 1 });
    await harness.queue.schedule('jobs', { data: 2 });

    const ids = [taskBody(0).name, taskBody(1).name].map((name) => name.split('/').at(-1));
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('schedules a past time as now', async () => {
    await harness.queue.schedule('jobs', { data: 1 }, { at: new Date('2020-01-01T00:00:00Z') });
    expect(taskBody().scheduleTime).toBe(harness.clock.now().toISOString());
  });

  it('treats 409 ALREADY_EXISTS on create as success with the same id', async () => {
    harness.emulator.fault({ path: '/tasks', status: 409 });
    const id = await harness.queue.schedule('jobs', { data: 1 }, { name: 'once' });
    expect(id).toBe(hashTaskName('jobs', 'once'));
  });

  it.each([429, 500, 503])('retries a task create answered %i and ends with one task', async (status) => {
    harness.emulator.fault({ path: '/tasks', status, times: 2 });
    await harness.queue.schedule('jobs', { data: 1 });

    expect(taskCreates()).toHaveLength(3);
    expect(new Set(taskCreates().map((request) => (request.body as { task: TTaskBody }).task.name)).size).toBe(1);
    expect(harness.emulator.tasks.size).toBe(1);
  });

  it('surfaces a permission error from Pub/Sub', async () => {
    harness.emulator.fault({ path: ':publish', status: 403 });
    await expect(harness.queue.publish('jobs', { data: 1 })).rejects.toMatchObject({ httpStatus: 403, status: 'PERMISSION_DENIED' });
  });

  it('refuses to schedule on a topic that has no Cloud Tasks queue, without calling Google', async () => {
    await expect(harness.queue.schedule('domain-events', { data: 1 })).rejects.toThrow('No Cloud Tasks queue for topic "domain-events"');
    expect(harness.emulator.requests).toHaveLength(0);
  });

  it('enqueues a delay beyond 30 days at the horizon with not_before, and the receiver re-schedules it until it is due', async () => {
    const at = new Date(harness.clock.now().getTime() + 45 * 24 * 60 * MINUTE);
    await harness.queue.schedule('workflow-steps', { data: { execution: 'exe_long' }, attributes: { tenant_id: 't_1' } }, { at, name: 'exe_long:1' });

    expect(taskBody().scheduleTime).toBe(new Date(harness.clock.now().getTime() + MAX_TASK_DELAY_MS).toISOString());
    expect(envelopeOf(taskBody()).message.attributes).toEqual({ tenant_id: 't_1', [NOT_BEFORE_ATTRIBUTE]: at.toISOString() });

    // The `jobs` function: defer early arrivals, handle the rest.
    const handled: unknown[] = [];
    harness.receiver.respondWith(async (push) => {
      if (!(await deferIfNotDue(harness.queue, 'workflow-steps', push.envelope, harness.clock.now()))) handled.push(decodePushData(push.envelope.message.data));
      return 204;
    });
    harness.clock.advance(MAX_TASK_DELAY_MS);
    await harness.deliverDue();
    expect(handled).toEqual([]);
    expect(taskBody(1).scheduleTime).toBe(at.toISOString());
    expect(envelopeOf(taskBody(1)).message.attributes).toEqual({ tenant_id: 't_1' });

    harness.clock.set(at);
    await harness.deliverDue();
    expect(handled).toEqual([{ execution: 'exe_long' }]);
  });
});

describe('embedded queue', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const setup = async (options: Partial<TEmbeddedQueueOptions> = {}, clock?: TManualClock) => {
    const harness = await embeddedHarness(options, clock);
    cleanups.push(() => harness.close());
    return harness;
  };
  const attemptsSeen = (harness: TQueueHarness) => harness.receiver.received.map((push) => push.envelope.deliveryAttempt);

  it('retries a failing delivery after 10, 20, 40 and 80 s, then parks it with its last error', async () => {
    const harness = await setup();
    harness.receiver.respondWith(() => 500);
    const id = await harness.queue.publish('workflow-steps', { data: { execution: 'exe_1' }, attributes: { tenant_id: 't_1' } });

    await harness.queue.runDue();
    for (const delay of [10, 20, 40, 80]) {
      harness.clock.advance(delay * SECOND - 1);
      expect(await harness.queue.runDue()).toBe(0);
      harness.clock.advance(1);
      expect(await harness.queue.runDue()).toBe(1);
    }
    harness.clock.advance(24 * 60 * MINUTE);
    await harness.queue.drain();

    expect(attemptsSeen(harness)).toEqual([1, 2, 3, 4, 5]);
    expect(await harness.queue.deadLetters()).toEqual([
      expect.objectContaining({ _id: id, topic: 'workflow-steps', attributes: { tenant_id: 't_1' }, attempts: 5, last_error: 'HTTP 500' }),
    ]);
    expect((await harness.queue.stats()).find((stat) => stat.topic === 'workflow-steps')).toEqual({ topic: 'workflow-steps', ready: 0, scheduled: 0, deadLetters: 1 });
  });

  it('caps the backoff at 600 s', async () => {
    const harness = await setup({ maxAttempts: 9 });
    harness.receiver.respondWith(() => 503);
    await harness.queue.publish('jobs', { data: {} });
    await harness.queue.runDue();

    const delays: number[] = [];
    for (let attempt = 2; attempt <= 9; attempt++) {
      let waited = 0;
      while ((await harness.queue.runDue()) === 0) {
        harness.clock.advance(10 * SECOND);
        waited += 10;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 600, 600]);
  });

  it('reports each delivery outcome', async () => {
    const outcomes: [string, TDeliveryOutcome][] = [];
    const harness = await setup({ maxAttempts: 2, onDelivery: (topic, outcome) => outcomes.push([topic, outcome]) });
    harness.receiver.respondWith((push) => (push.topic === 'jobs' ? 204 : 500));
    await harness.queue.publish('jobs', { data: 1 });
    await harness.queue.publish('domain-events', { data: 2 });
    await harness.queue.drain();
    harness.clock.advance(10 * SECOND);
    await harness.queue.drain();

    expect(outcomes.sort()).toEqual([
      ['domain-events', 'dead_letter'],
      ['domain-events', 'retry'],
      ['jobs', 'ok'],
    ]);
  });

  it('treats an unreachable receiver and one that does not answer in time as failed deliveries', async () => {
    const harness = await setup({ deliveryTimeoutMs: 100, maxAttempts: 1 });
    harness.receiver.respondWith(() => new Promise<number>(() => undefined));
    await harness.queue.publish('jobs', { data: 'slow' });
    const unreachable = createEmbeddedQueue({ db: harness.db, baseUrl: 'http://127.0.0.1:1', pushSecret: PUSH_SECRET, clock: harness.clock, maxAttempts: 1 });
    await harness.queue.drain();
    await unreachable.publish('domain-events', { data: 'nowhere' });
    await unreachable.drain();

    const errors = Object.fromEntries((await harness.queue.deadLetters()).map((letter) => [letter.topic, letter.last_error]));
    expect(errors.jobs).toMatch(/TimeoutError/);
    expect(errors['domain-events']).toMatch(/fetch failed/);
  });

  it('redrives a dead letter as a fresh task, named ones included', async () => {
    const harness = await setup({ maxAttempts: 1 });
    harness.receiver.respondWith(() => 500);
    const id = await harness.queue.schedule('workflow-steps', { data: { step: 1 } }, { name: 'exe_1:1' });
    await harness.queue.drain();
    harness.receiver.respondWith(() => 204);

    expect(await harness.queue.redrive(id)).toBe(true);
    expect(await harness.queue.redrive(id)).toBe(false);
    await harness.queue.drain();

    expect(attemptsSeen(harness)).toEqual([1, 1]);
    expect(await harness.queue.deadLetters()).toEqual([]);
  });

  it('frees a delivered name once its tombstone has expired', async () => {
    const harness = await setup({ tombstoneSeconds: 3600 });
    await harness.queue.schedule('jobs', { data: 'first' }, { name: 'nightly' });
    await harness.queue.drain();
    harness.clock.advance(60 * MINUTE);
    await harness.queue.schedule('jobs', { data: 'second' }, { name: 'nightly' });
    await harness.queue.drain();

    expect(harness.receiver.payloads()).toEqual(['first', 'second']);
  });

  it('delivers a delayed task once after the store is reopened (a restart)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dealcycle-queue-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const clock = createManualClock();
    const before = await embeddedHarness({ db: await openEmbeddedDatabase({ directory, clock }) }, clock);
    await before.queue.schedule('workflow-steps', { data: { step: 'after-restart' } }, { at: new Date(clock.now().getTime() + 30 * MINUTE) });
    await before.queue.publish('domain-events', { data: { event: 'before-restart' } });
    await before.close();

    const harness = await setup({ db: await openEmbeddedDatabase({ directory, clock }) }, clock);
    await harness.queue.drain();
    expect(harness.receiver.payloads()).toEqual([{ event: 'before-restart' }]);
    clock.advance(30 * MINUTE);
    await harness.queue.drain();
    await harness.queue.drain();
    expect(harness.receiver.payloads()).toEqual([{ event: 'before-restart' }, { step: 'after-restart' }]);
  });

  it('never delivers a task twice at once, even with two dispatchers on one store', async () => {
    const harness = await setup();
    let release: (status: number) => void = () => undefined;
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    harness.receiver.respondWith(
      () =>
        new Promise<number>((resolve) => {
          release = resolve;
          arrived();
        }),
    );
    const other = createEmbeddedQueue({ db: harness.db, baseUrl: harness.receiver.url, pushSecret: PUSH_SECRET, clock: harness.clock });
    await harness.queue.publish('jobs', { data: 'once' });

    const first = harness.queue.runDue();
    await arrival;
    expect(await other.runDue()).toBe(0);
    harness.clock.advance(59 * SECOND);
    expect(await other.runDue()).toBe(0);
    release(204);

    expect(await first).toBe(1);
    expect(await other.drain()).toBe(0);
    expect(harness.receiver.received).toHaveLength(1);
  });

  it('delivers again once the lease of a dispatcher that stopped answering has expired, and ignores its late outcome', async () => {
    const harness = await setup({ deliveryTimeoutMs: 60 * MINUTE });
    let stuckArrived: () => void = () => undefined;
    const stuckArrival = new Promise<void>((resolve) => (stuckArrived = resolve));
    harness.receiver.respondWith(() => {
      stuckArrived();
      return new Promise<number>(() => undefined);
    });
    await harness.queue.publish('jobs', { data: 'stuck' });
    const stuck = harness.queue.runDue();
    await stuckArrival;

    // A second dispatcher (default 30 s deadline, so a 60 s lease) on the same store.
    const fresh = await embeddedHarness({ db: harness.db }, harness.clock);
    cleanups.push(() => fresh.receiver.close());
    let release: (status: number) => void = () => undefined;
    let freshArrived: () => void = () => undefined;
    const freshArrival = new Promise<void>((resolve) => (freshArrived = resolve));
    fresh.receiver.respondWith(() => new Promise<number>((resolve) => ((release = resolve), freshArrived())));
    harness.clock.advance(60 * MINUTE + 30 * SECOND - 1);
    expect(await fresh.queue.runDue()).toBe(0);
    harness.clock.advance(1);
    const redelivery = fresh.queue.runDue();
    await freshArrival;

    // The stuck delivery finally fails; its outcome must not cut the new lease short.
    await harness.receiver.close();
    await stuck;
    harness.clock.advance(15 * SECOND);
    expect(await harness.queue.runDue()).toBe(0);

    release(204);
    expect(await redelivery).toBe(1);
    expect(fresh.receiver.received.map((push) => push.envelope.deliveryAttempt)).toEqual([2]);
    expect(await fresh.queue.stats()).toContainEqual({ topic: 'jobs', ready: 0, scheduled: 0, deadLetters: 0 });
  });

  it('keeps at most 8 deliveries in flight', async () => {
    const harness = await setup();
    const total = 20;
    let released = 0;
    let maxInFlight = 0;
    let held: ((status: number) => void)[] = [];
    harness.receiver.respondWith(
      () =>
        new Promise<number>((resolve) => {
          held.push(resolve);
          maxInFlight = Math.max(maxInFlight, held.length);
          // Release a batch once the dispatcher has filled every slot it has (or all that is left).
          if (held.length === Math.min(8, total - released)) {
            released += held.length;
            for (const respond of held) respond(204);
            held = [];
          }
        }),
    );
    for (let i = 0; i < total; i++) await harness.queue.publish('domain-events', { data: i });

    expect(await harness.queue.runDue()).toBe(total);
    expect(maxInFlight).toBe(8);
  });

  it('reports ready, scheduled and dead-lettered tasks per topic', async () => {
    const harness = await setup({ maxAttempts: 1 });
    harness.receiver.respondWith(() => 500);
    await harness.queue.publish('workflow-steps', { data: 'fails' });
    await harness.queue.drain();
    await harness.queue.publish('domain-events', { data: 1 });
    await harness.queue.publish('domain-events', { data: 2 });
    await harness.queue.schedule('jobs', { data: 3 }, { at: new Date(harness.clock.now().getTime() + MINUTE) });

    expect(await harness.queue.stats()).toEqual([
      { topic: 'domain-events', ready: 2, scheduled: 0, deadLetters: 0 },
      { topic: 'workflow-steps', ready: 0, scheduled: 0, deadLetters: 1 },
      { topic: 'jobs', ready: 0, scheduled: 1, deadLetters: 0 },
    ]);
  });

  it('delivers in the background once started, and stop waits for deliveries in flight', async () => {
    const harness = await setup({ clock: systemClock, pollIntervalMs: 20 });
    const arrivals: unknown[] = [];
    let bothArrived: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (bothArrived = resolve));
    harness.receiver.respondWith((push) => {
      arrivals.push(decodePushData(push.envelope.message.data));
      if (arrivals.length === 2) bothArrived();
      return 204;
    });

    harness.queue.start();
    await harness.queue.schedule('jobs', { data: 'in 30 ms' }, { at: new Date(Date.now() + 30) });
    await harness.queue.publish('domain-events', { data: 'now' });
    await done;
    await harness.queue.stop();

    expect(arrivals).toEqual(['now', 'in 30 ms']);
  });
});
