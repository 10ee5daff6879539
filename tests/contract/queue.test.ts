import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGooglePushVerifier } from '../../infra/google/google-push-verifier.ts';
import { createGoogleRestClient } from '../../infra/google/google-rest-client.ts';
import { createPubSubTasksQueue, MAX_TASK_DELAY_MS } from '../../infra/google/pubsub-tasks-queue.ts';
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
const MINUTE = 60_000;

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

const targets: { name: string; setup: () => Promise<TQueueHarness> }[] = [{ name: 'Pub/Sub + Cloud Tasks', setup: googleHarness }];

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
