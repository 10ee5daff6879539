import type { TPushEnvelope, TQueue, TTopic } from '../ports/queue.ts';
import { decodePushData } from './push-envelope.ts';

/**
 * Cloud Tasks accepts a `scheduleTime` at most 30 days ahead. A longer delay is enqueued at
 * the limit and carries this attribute (ISO 8601) with the real due time; the receiver calls
 * `deferIfNotDue` first and, while the time has not come, re-schedules the same message for
 * the next hop instead of handling it. The embedded queue has no limit and never sets it.
 */
export const NOT_BEFORE_ATTRIBUTE = 'not_before';

/**
 * Re-schedules a message that arrived before its `not_before` time and reports `true`
 * (the receiver then answers 2xx and does nothing else). The hop's task name derives from
 * the delivered message id, so a repeated delivery of the same hop schedules it once.
 */
export async function deferIfNotDue(queue: TQueue, topic: TTopic, envelope: TPushEnvelope, now: Date): Promise<boolean> {
  const notBefore = envelope.message.attributes?.[NOT_BEFORE_ATTRIBUTE];
  if (notBefore === undefined) return false;
  const at = new Date(notBefore);
  if (Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return false;
  const data = decodePushData(envelope.message.data);
  await queue.schedule(topic, { data, attributes: envelope.message.attributes }, { at, name: `not-before:${envelope.message.messageId}` });
  return true;
}
