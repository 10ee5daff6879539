/**
 * Asynchronous work. Production: Pub/Sub topics (immediate, fan-out) and Cloud Tasks
 * (delayed, named for dedupe). Local: the embedded durable queue. Both deliver the same
 * push envelope (`TPushEnvelope`) by HTTP POST to `/api/jobs/<topic>`, with at-least-once
 * semantics: receivers must be idempotent.
 */

export const TOPICS = ['domain-events', 'workflow-steps', 'jobs'] as const;
export type TTopic = (typeof TOPICS)[number];

export interface TQueueMessage {
  /** JSON payload; base64-encoded into the envelope's `message.data`. */
  data: unknown;
  /** Routing metadata (string values), e.g. `{job: 'leads.import', tenant_id}`. */
  attributes?: Record<string, string>;
}

export interface TScheduleOptions {
  /** When to deliver; past or absent means as soon as possible. */
  at?: Date;
  /** Dedupe key: a second task with the same name is accepted once (Cloud Tasks named tasks). */
  name?: string;
}

export interface TQueue {
  /** Publish now. Resolves with the message id once the message is durable. */
  publish(topic: TTopic, message: TQueueMessage): Promise<string>;
  /** Deliver later (or now) to the same receiver. Resolves with the task id; a duplicate name resolves with the existing id. */
  schedule(topic: TTopic, message: TQueueMessage, options?: TScheduleOptions): Promise<string>;
}

/**
 * Pub/Sub push envelope, also used for Cloud Tasks bodies and the embedded queue.
 * https://cloud.google.com/pubsub/docs/push#receive_push
 */
export interface TPushEnvelope {
  message: {
    /** base64 of the JSON payload */
    data: string;
    attributes?: Record<string, string>;
    messageId: string;
    publishTime: string;
  };
  subscription?: string;
  /** Delivery attempt number when the subscription sets a dead-letter policy. */
  deliveryAttempt?: number;
}

/** Verifies that a push request came from our queue (Google OIDC token in production, a local secret otherwise). */
export interface TPushVerifier {
  verify(authorizationHeader: string | undefined): Promise<boolean>;
}
