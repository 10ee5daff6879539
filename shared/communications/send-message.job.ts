import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';
import { SEND_MESSAGE_JOB } from './schedule-send.ts';

/** Sends one scheduled message (a later send, a quiet-hours deferral, a throughput slot, a blast recipient, a retry). */
export const sendMessageJob = defineJob({
  id: SEND_MESSAGE_JOB,
  version: 1,
  schema: z.object({ tenant_id: z.string().min(1).max(100), communication_id: z.string().min(1).max(100) }),
  load: async () => {
    const { sendDueMessage } = await import('./send-due-message.ts');
    return async (payload, context) => {
      await sendDueMessage(await context.forTenant(payload.tenant_id), payload.communication_id);
    };
  },
});
