import { z } from 'zod';

/** Pub/Sub push body (also the Cloud Tasks and embedded queue body). https://cloud.google.com/pubsub/docs/push#receive_push */
export const ZPushEnvelope = z.object({
  message: z.object({
    data: z.base64().max(2_000_000),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().min(1).max(200),
    publishTime: z.string().max(64),
  }),
  subscription: z.string().max(500).optional(),
  deliveryAttempt: z.number().int().positive().optional(),
});

export const ZTopicParams = z.strictObject({ topic: z.enum(['domain-events', 'workflow-steps', 'jobs']) });
