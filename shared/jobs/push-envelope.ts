import { createHash } from 'node:crypto';
import type { TPushEnvelope, TTopic } from '../ports/queue.ts';

/** `message.data` of a push envelope: base64 of the JSON payload (`null` stands for no payload). */
export const encodePushData = (data: unknown): string => Buffer.from(JSON.stringify(data ?? null), 'utf8').toString('base64');

/** The JSON payload back from `message.data`. Throws on data that is not base64 JSON. */
export const decodePushData = (data: string): unknown => JSON.parse(Buffer.from(data, 'base64').toString('utf8'));

/**
 * The envelope Pub/Sub push delivers, built the same way by the Cloud Tasks adapter (as the
 * task body) and the embedded queue, so one receiver handles all three.
 * https://cloud.google.com/pubsub/docs/push#receive_push
 */
export function buildPushEnvelope(input: {
  /** Already encoded with `encodePushData`. */
  data: string;
  attributes?: Record<string, string>;
  messageId: string;
  publishTime: Date;
  subscription?: string;
  deliveryAttempt?: number;
}): TPushEnvelope {
  return {
    message: {
      data: input.data,
      ...(input.attributes && Object.keys(input.attributes).length > 0 ? { attributes: input.attributes } : {}),
      messageId: input.messageId,
      publishTime: input.publishTime.toISOString(),
    },
    ...(input.subscription ? { subscription: input.subscription } : {}),
    ...(input.deliveryAttempt === undefined ? {} : { deliveryAttempt: input.deliveryAttempt }),
  };
}

/**
 * Task id for a dedupe key (`TScheduleOptions.name`), per topic: hex sha256, so ids are valid
 * Cloud Tasks names, fixed-length and not sequential (sequential names slow Cloud Tasks down).
 */
export const hashTaskName = (topic: TTopic, name: string): string => createHash('sha256').update(`${topic}\n${name}`).digest('hex');
