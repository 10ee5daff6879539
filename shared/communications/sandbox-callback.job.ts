import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { defineJob } from '../jobs/job-definition.ts';

export const SANDBOX_CALLBACK_JOB = 'telephony.sandbox-callback';

/**
 * A webhook the telephony sandbox plays back in Twilio's place (infra/twilio/sandbox-telephony.ts):
 * the form Twilio would post, to the URL Twilio would call, with the `X-Twilio-Signature` the
 * sandbox computed with the auth token when it queued it. Delivered like Twilio's servers
 * deliver it, through the public URL and the webhook's own signature check; a non-2xx answer
 * makes the queue retry, as Twilio retries.
 */
export const ZSandboxCallback = z.object({
  url: z.url().max(2000),
  params: z.record(z.string().max(100), z.string().max(5000)),
  signature: z.string().max(200),
});
export type TSandboxCallback = z.infer<typeof ZSandboxCallback>;

export const sandboxCallbackJob = defineJob({
  id: SANDBOX_CALLBACK_JOB,
  version: 1,
  schema: ZSandboxCallback,
  load: async () => async (callback) => {
    const response = await fetch(callback.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': callback.signature, 'user-agent': 'TwilioProxy/1.1 (DealCycle sandbox)' },
      body: new URLSearchParams(callback.params).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new AppError('unavailable', `The sandbox callback to ${new URL(callback.url).pathname} answered ${response.status}`);
  },
});
