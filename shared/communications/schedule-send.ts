import type { TServiceContext } from '../context/service-context.ts';
import type { TCommunicationRecord } from './communication-record.ts';

/** The job that sends a scheduled message when it comes due (shared/communications/send-message.job.ts). */
export const SEND_MESSAGE_JOB = 'communications.send';

export type TSendMessageJob = { tenant_id: string; communication_id: string };

/**
 * Enqueues the send of a `scheduled` message for `at` on the `jobs` topic (a Cloud Tasks task
 * in production). The task name derives from the message and the time, so enqueueing the same
 * step twice schedules it once, while a move to a later slot gets a task of its own.
 * Cancelling does not need the task: the job finds the message no longer `scheduled`.
 */
export async function scheduleSend(ctx: TServiceContext, record: Pick<TCommunicationRecord, '_id'>, at: Date): Promise<void> {
  const payload: TSendMessageJob = { tenant_id: ctx.tenant._id, communication_id: record._id };
  await (await ctx.ports.queue()).schedule(
    'jobs',
    { data: payload, attributes: { job: SEND_MESSAGE_JOB, tenant_id: ctx.tenant._id } },
    { at, name: `send:${record._id}:${at.getTime()}` },
  );
}
