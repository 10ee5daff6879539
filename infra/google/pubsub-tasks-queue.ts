import { randomBytes } from 'node:crypto';
import { NOT_BEFORE_ATTRIBUTE } from '../../shared/jobs/not-before.ts';
import { buildPushEnvelope, encodePushData, hashTaskName } from '../../shared/jobs/push-envelope.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TQueue, TQueueMessage, TScheduleOptions, TTopic } from '../../shared/ports/queue.ts';
import type { TGoogleRestClient } from './google-rest-client.ts';
import { isGoogleApiError } from './google-rest-client.ts';

/**
 * `TQueue` on Google Cloud: `publish` goes to the Pub/Sub topic of the same name (its push
 * subscription delivers to `<jobsUrl>/api/jobs/<topic>`); `schedule` creates a Cloud Tasks
 * HTTP task on the queue of the same name whose body is the same push envelope, so one
 * receiver handles both.
 *
 * `schedule` uses Cloud Tasks even without `at`: only Tasks can honour the port's dedupe by
 * name (Pub/Sub has no publish-side dedupe), and immediate follow-up steps then share the
 * queue's rate and retry limits with delayed ones. Every task is named — `sha256(topic, name)`
 * for a dedupe key, random otherwise — so a create is safe to retry (a repeat answers 409
 * ALREADY_EXISTS, which means success) and names are hashed as Cloud Tasks advises.
 */
export interface TPubSubTasksQueueOptions {
  client: TGoogleRestClient;
  projectId: string;
  /** Cloud Tasks location (region) of the queues. */
  location: string;
  /** Base URL of the `jobs` function; tasks POST to `<jobsUrl>/api/jobs/<topic>`. */
  jobsUrl: string;
  /** Service account Cloud Tasks mints the OIDC token as (the receiver checks it). */
  serviceAccountEmail: string;
  /** OIDC audience the receiver expects. */
  audience: string;
  /** Topics that have a Cloud Tasks queue of the same name. */
  taskQueues?: readonly TTopic[];
  clock?: TClock;
}

/** Cloud Tasks rejects a scheduleTime more than 30 days ahead; one hour of margin absorbs clock skew. */
export const MAX_TASK_DELAY_MS = 30 * 24 * 3600_000 - 3600_000;

export function createPubSubTasksQueue(options: TPubSubTasksQueueOptions): TQueue {
  const clock = options.clock ?? systemClock;
  const taskQueues = new Set<TTopic>(options.taskQueues ?? ['workflow-steps', 'jobs']);
  const jobsUrl = options.jobsUrl.replace(/\/$/, '');
  const project = `projects/${options.projectId}`;
  const queuePath = (topic: TTopic) => `${project}/locations/${options.location}/queues/${topic}`;

  return {
    // Pub/Sub publish: https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.topics/publish
    async publish(topic, message) {
      const response = await options.client.request<{ messageIds?: string[] }>({
        service: 'pubsub',
        method: 'POST',
        path: `/v1/${project}/topics/${topic}:publish`,
        body: { messages: [{ data: encodePushData(message.data), ...attributesOf(message.attributes) }] },
        // A repeated publish can deliver twice, which the port's at-least-once contract already allows.
        idempotent: true,
      });
      const messageId = response.messageIds?.[0];
      if (!messageId) throw new Error(`Pub/Sub publish to ${topic} returned no message id`);
      return messageId;
    },

    // Cloud Tasks create: https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create
    async schedule(topic: TTopic, message: TQueueMessage, scheduleOptions: TScheduleOptions = {}) {
      if (!taskQueues.has(topic)) throw new Error(`No Cloud Tasks queue for topic "${topic}"; scheduling works on: ${[...taskQueues].join(', ')}`);
      const now = clock.now();
      const taskId = scheduleOptions.name === undefined ? randomBytes(16).toString('hex') : hashTaskName(topic, scheduleOptions.name);
      const taskName = `${queuePath(topic)}/tasks/${taskId}`;
      const at = scheduleOptions.at && scheduleOptions.at.getTime() > now.getTime() ? scheduleOptions.at : now;
      const latest = now.getTime() + MAX_TASK_DELAY_MS;
      // Beyond the 30-day horizon: enqueue at the horizon; the receiver re-schedules (shared/jobs/not-before.ts).
      const { [NOT_BEFORE_ATTRIBUTE]: _previousHop, ...attributes }: Record<string, string> = { ...message.attributes };
      if (at.getTime() > latest) attributes[NOT_BEFORE_ATTRIBUTE] = at.toISOString();
      const envelope = buildPushEnvelope({ data: encodePushData(message.data), attributes, messageId: taskId, publishTime: now, subscription: queuePath(topic) });
      const task = {
        name: taskName,
        scheduleTime: new Date(Math.min(at.getTime(), latest)).toISOString(),
        httpRequest: {
          url: `${jobsUrl}/api/jobs/${topic}`,
          httpMethod: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(envelope), 'utf8').toString('base64'),
          oidcToken: { serviceAccountEmail: options.serviceAccountEmail, audience: options.audience },
        },
      };
      try {
        await options.client.request({ service: 'cloudtasks', method: 'POST', path: `/v2/${queuePath(topic)}/tasks`, body: { task }, idempotent: true });
      } catch (error) {
        // The name exists (a duplicate, or our own retried create that had succeeded): the task is there.
        if (!isGoogleApiError(error, 'ALREADY_EXISTS')) throw error;
      }
      return taskId;
    },
  };
}

const attributesOf = (attributes: Record<string, string> | undefined) => (attributes && Object.keys(attributes).length > 0 ? { attributes } : {});
