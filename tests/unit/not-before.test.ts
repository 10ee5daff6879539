import { describe, expect, it } from 'vitest';
import { deferIfNotDue, NOT_BEFORE_ATTRIBUTE } from '../../shared/jobs/not-before.ts';
import { buildPushEnvelope, encodePushData } from '../../shared/jobs/push-envelope.ts';
import type { TQueue, TQueueMessage, TScheduleOptions, TTopic } from '../../shared/ports/queue.ts';

function recordingQueue() {
  const scheduled: { topic: TTopic; message: TQueueMessage; options?: TScheduleOptions }[] = [];
  const queue: TQueue = {
    publish: async () => 'unused',
    schedule: async (topic, message, options) => {
      scheduled.push({ topic, message, options });
      return 'task';
    },
  };
  return { queue, scheduled };
}

const now = new Date('2026-03-02T09:00:00.000Z');
const envelope = (attributes?: Record<string, string>) =>
  buildPushEnvelope({ data: encodePushData({ execution: 'exe_1' }), attributes, messageId: 'abc123', publishTime: now });

describe('deferIfNotDue', () => {
  it.each<{ case: string; attributes: Record<string, string> }>([
    { case: 'no not_before attribute', attributes: { tenant_id: 't_1' } },
    { case: 'a not_before that has come', attributes: { [NOT_BEFORE_ATTRIBUTE]: now.toISOString() } },
    { case: 'a not_before that is not a date', attributes: { [NOT_BEFORE_ATTRIBUTE]: 'soon' } },
  ])('lets a message with $case through untouched', async ({ attributes }) => {
    const { queue, scheduled } = recordingQueue();
    expect(await deferIfNotDue(queue, 'workflow-steps', envelope(attributes), now)).toBe(false);
    expect(scheduled).toEqual([]);
  });

  it('re-schedules an early message for its not_before time under a name derived from the delivered message', async () => {
    const { queue, scheduled } = recordingQueue();
    const notBefore = '2026-04-20T00:00:00.000Z';
    const attributes = { tenant_id: 't_1', [NOT_BEFORE_ATTRIBUTE]: notBefore };

    expect(await deferIfNotDue(queue, 'workflow-steps', envelope(attributes), now)).toBe(true);
    expect(scheduled).toEqual([
      { topic: 'workflow-steps', message: { data: { execution: 'exe_1' }, attributes }, options: { at: new Date(notBefore), name: 'not-before:abc123' } },
    ]);
  });
});
