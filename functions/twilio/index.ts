import { z } from 'zod';
import { findNumberTenant, findWebhookCommunication } from '../../shared/communications/find-webhook-tenant.ts';
import { receiveInboundCall } from '../../shared/communications/receive-inbound-call.ts';
import { receiveInboundSms } from '../../shared/communications/receive-inbound-sms.ts';
import {
  mediaUrlsOf,
  ZCallStatusWebhook,
  ZDialResultWebhook,
  ZInboundSmsWebhook,
  ZMessageStatusWebhook,
  ZRecordingWebhook,
  ZVoiceWebhook,
  ZWebhookQuery,
} from '../../shared/communications/twilio-webhook.schemas.ts';
import { completeInboundDial, saveCallRecording, updateCallStatus } from '../../shared/communications/update-call.ts';
import { updateMessageStatus } from '../../shared/communications/update-message-status.ts';
import type { TSystemContext } from '../../shared/context/service-context.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute, type TRequestInfo } from '../../infra/http/route.ts';
import type { TPlatform } from '../../infra/platform/platform.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import { messagingTwiml, TWIML_CONTENT_TYPE, voiceTwiml, type TVoiceUrls } from '../../infra/twilio/twiml.ts';
import { verifyTwilioSignature } from '../../infra/twilio/verify-twilio-signature.ts';

/**
 * Twilio's webhooks (and the sandbox's, signed the same way). Every request's
 * `X-Twilio-Signature` is checked against the public URL before anything else: a bad or
 * missing one answers 403 and changes nothing. Each MessageSid/CallSid event is handled once
 * (replays answer the same TwiML and store nothing). Answers are TwiML (`text/xml`); the
 * fields each webhook reads are documented in shared/communications/twilio-webhook.schemas.ts.
 */
const ZTwilioForm = z
  .record(z.string().max(100), z.string().max(5_000))
  .optional()
  .meta({ description: 'Twilio webhook fields, application/x-www-form-urlencoded (see shared/communications/twilio-webhook.schemas.ts)' });

interface TWebhookInput<T> {
  form: T;
  raw: Record<string, string>;
  ref: string | undefined;
  platform: TPlatform;
  system: TSystemContext;
  request: TRequestInfo;
}

function webhookRoute<T>(path: string, summary: string, schema: z.ZodType<T>, handle: (input: TWebhookInput<T>) => Promise<Reply>) {
  return defineRoute({
    method: 'POST',
    path,
    summary,
    access: 'public',
    // Twilio's addresses are shared and many; the signature is the gate.
    unlimited: true,
    bodyType: 'form',
    body: ZTwilioForm,
    query: ZWebhookQuery,
    maxBodyBytes: 64 * 1024,
    tags: ['twilio'],
    handler: async ({ body, query, request, platform, system }) => {
      const raw = body ?? {};
      if (!(await verifyTwilioSignature(platform, { url: request.publicUrl, signature: request.headers['x-twilio-signature'], params: raw }))) {
        throw new AppError('forbidden', 'The X-Twilio-Signature does not match this request');
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('invalid', 'This is not the webhook request expected here', {
          fieldErrors: parsed.error.issues.map((issue) => ({ location: 'body', field: issue.path.join('.'), detail: issue.message })),
        });
      }
      return handle({ form: parsed.data, raw, ref: query.ref, platform, system, request });
    },
  });
}

const twiml = (xml: string) => Reply.text(xml, TWIML_CONTENT_TYPE);
const voiceUrls = (platform: TPlatform, ref: string | null): TVoiceUrls => {
  const suffix = ref ? `?ref=${ref}` : '';
  const base = `${platform.config.publicUrl}/api/twilio/voice`;
  return { dialResult: `${base}/dial-result${suffix}`, voicemail: `${base}/voicemail${suffix}`, recording: `${base}/recording${suffix}` };
};

export const definition = defineFunction('twilio', [
  webhookRoute('/api/twilio/sms', 'Inbound SMS/MMS to one of our numbers (Twilio webhook; answers TwiML, a keyword confirmation or nothing)', ZInboundSmsWebhook, async ({ form, raw, system }) => {
    const { ctx, number } = await findNumberTenant(system, form.To);
    const { reply } = await receiveInboundSms(ctx, number, {
      messageSid: form.MessageSid,
      from: form.From,
      body: form.Body,
      mediaUrls: mediaUrlsOf(raw, form.NumMedia),
      segments: form.NumSegments ?? null,
    });
    return twiml(messagingTwiml(reply));
  }),
  webhookRoute('/api/twilio/sms/status', 'Status callback of a message we sent (queued → sent → delivered/failed; out of order is fine)', ZMessageStatusWebhook, async ({ form, ref, system }) => {
    const { ctx, record } = await findWebhookCommunication(system, { ref, sid: form.MessageSid, numbers: [form.From] });
    await updateMessageStatus(ctx, record, form);
    return twiml(messagingTwiml(null));
  }),
  webhookRoute('/api/twilio/voice', 'Inbound call to one of our numbers: rings the contact’s rep, else voicemail (TwiML)', ZVoiceWebhook, async ({ form, system, platform }) => {
    const { ctx, number } = await findNumberTenant(system, form.To);
    const { action, communicationId } = await receiveInboundCall(ctx, number, form);
    return twiml(voiceTwiml(action, voiceUrls(platform, communicationId)));
  }),
  webhookRoute('/api/twilio/voice/dial-result', 'How ringing the rep went (our <Dial> action): done, or voicemail', ZDialResultWebhook, async ({ form, ref, system, platform }) => {
    const { ctx, record } = await findWebhookCommunication(system, { ref, sid: form.CallSid, numbers: [form.To] });
    return twiml(voiceTwiml(await completeInboundDial(ctx, record, form), voiceUrls(platform, record._id)));
  }),
  webhookRoute('/api/twilio/voice/voicemail', 'A voicemail was recorded (our <Record> action)', ZRecordingWebhook, async ({ form, ref, system, platform }) => {
    const { ctx, record } = await findWebhookCommunication(system, { ref, sid: form.CallSid, numbers: [form.To] });
    await saveCallRecording(ctx, record, form);
    return twiml(voiceTwiml({ kind: 'hangup' }, voiceUrls(platform, record._id)));
  }),
  webhookRoute('/api/twilio/voice/recording', 'A call recording is ready (recording status callback)', ZRecordingWebhook, async ({ form, ref, system }) => {
    const { ctx, record } = await findWebhookCommunication(system, { ref, sid: form.CallSid, numbers: [form.To, form.From] });
    await saveCallRecording(ctx, record, form);
    return Reply.empty(204);
  }),
  webhookRoute('/api/twilio/voice/status', 'Call status callback (ringing, in progress, completed with its duration; missed inbound calls end here)', ZCallStatusWebhook, async ({ form, ref, system }) => {
    const { ctx, record } = await findWebhookCommunication(system, { ref, sid: form.CallSid, numbers: [form.To, form.From] });
    await updateCallStatus(ctx, record, form);
    return Reply.empty(204);
  }),
]);

export const handler = definition.createHandler(processPlatform);
