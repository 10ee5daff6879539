import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { z } from 'zod';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import { pickSenderNumber } from '../../shared/communications/pick-sender-number.ts';
import { toCommunication } from '../../shared/communications/to-communication.ts';
import { ZCommunication } from '../../shared/communications/communication.schemas.ts';
import type { TServiceContext } from '../../shared/context/service-context.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { text } from '../../shared/schemas/common.ts';
import type { TPlatform } from '../platform/platform.ts';
import { SANDBOX_ACCOUNT_SID, sandboxSid } from './sandbox-telephony.ts';

/**
 * The developer panel's "simulate inbound": plays the part of Twilio's servers for a text or a
 * call arriving at one of the organisation's numbers. It builds the form Twilio would post,
 * signs it with the sandbox's auth token exactly as Twilio signs, and POSTs it to our public
 * webhook URL — then, for calls, follows the TwiML it gets back (`<Dial>` action, `<Record>`
 * action) the way Twilio would, and ends with the call status callback. Only while the
 * sandbox is the telephony provider.
 */
export const ZSimulateInboundSmsRequest = z.strictObject({
  from: text(40).min(3),
  /** One of the organisation's numbers; the default number otherwise. */
  to: text(40).optional(),
  body: text(1600).default(''),
  media_urls: z.array(z.url().max(1000)).max(10).optional(),
});

export const ZSimulateInboundCallRequest = z.strictObject({
  from: text(40).min(3),
  to: text(40).optional(),
  /** What happens when the rep's phone rings. */
  outcome: z.enum(['answered', 'no_answer', 'busy']).default('answered'),
  /** Length of the answered conversation. */
  duration_seconds: z.number().int().min(1).max(7200).default(95),
  /** A missed caller's voicemail length; 0 hangs up without leaving one. */
  voicemail_seconds: z.number().int().min(0).max(120).default(20),
});

export const ZSimulationResult = z.object({
  steps: z.array(z.object({ webhook: z.string(), status: z.number(), response: z.string() })),
  communication: ZCommunication.nullable(),
});
export type TSimulationResult = z.infer<typeof ZSimulationResult>;

export function assertSandbox(platform: TPlatform): void {
  if (platform.config.telephony.provider !== 'sandbox') throw new AppError('not_found', 'The telephony sandbox is not active here');
}

async function post(platform: TPlatform, url: string, params: Record<string, string>, steps: TSimulationResult['steps']): Promise<string> {
  const signature = getExpectedTwilioSignature(platform.config.telephony.sandboxAuthToken, url, params);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  steps.push({ webhook: new URL(url).pathname, status: response.status, response: body });
  if (!response.ok) throw new AppError('invalid', `The webhook ${new URL(url).pathname} answered ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

/** `action="…"` of the first `<verb>` in TwiML, unescaped. */
const actionOf = (twiml: string, verb: string): string | null => {
  const match = new RegExp(`<${verb}\\b[^>]*\\baction="([^"]+)"`).exec(twiml);
  return match?.[1] ? match[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>') : null;
};

async function ourNumber(ctx: TServiceContext, requested: string | undefined, capability: 'sms' | 'voice'): Promise<string> {
  return (await pickSenderNumber(ctx, { requested, capability })).number;
}

async function stored(ctx: TServiceContext, sid: string): Promise<TSimulationResult['communication']> {
  const record = await ctx.db.collection<TCommunicationRecord>('communications').findOne({ provider_sid: sid });
  return record ? toCommunication(record) : null;
}

export async function simulateInboundSms(platform: TPlatform, ctx: TServiceContext, input: z.output<typeof ZSimulateInboundSmsRequest>): Promise<TSimulationResult> {
  assertSandbox(platform);
  const to = await ourNumber(ctx, input.to, 'sms');
  const sid = sandboxSid(input.media_urls?.length ? 'MM' : 'SM');
  const media = Object.fromEntries((input.media_urls ?? []).flatMap((url, index) => [[`MediaUrl${index}`, url], [`MediaContentType${index}`, 'image/jpeg']]));
  const params = {
    AccountSid: SANDBOX_ACCOUNT_SID,
    ApiVersion: '2010-04-01',
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    SmsStatus: 'received',
    From: input.from,
    To: to,
    Body: input.body,
    NumMedia: String(input.media_urls?.length ?? 0),
    NumSegments: '1',
    ...media,
  };
  const steps: TSimulationResult['steps'] = [];
  await post(platform, `${platform.config.publicUrl}/api/twilio/sms`, params, steps);
  return { steps, communication: await stored(ctx, sid) };
}

export async function simulateInboundCall(platform: TPlatform, ctx: TServiceContext, input: z.output<typeof ZSimulateInboundCallRequest>): Promise<TSimulationResult> {
  assertSandbox(platform);
  const to = await ourNumber(ctx, input.to, 'voice');
  const sid = sandboxSid('CA');
  const call = { AccountSid: SANDBOX_ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: sid, From: input.from, To: to, Direction: 'inbound' };
  const steps: TSimulationResult['steps'] = [];
  const base = platform.config.publicUrl;
  let twiml = await post(platform, `${base}/api/twilio/voice`, { ...call, CallStatus: 'ringing' }, steps);
  let seconds = 0;
  const dialAction = actionOf(twiml, 'Dial');
  if (dialAction) {
    const answered = input.outcome === 'answered';
    seconds += answered ? input.duration_seconds : 20;
    twiml = await post(
      platform,
      dialAction,
      { ...call, CallStatus: 'in-progress', DialCallStatus: answered ? 'completed' : input.outcome.replace('_', '-'), DialCallSid: sandboxSid('CA'), ...(answered ? { DialCallDuration: String(input.duration_seconds) } : {}) },
      steps,
    );
  }
  const recordAction = actionOf(twiml, 'Record');
  if (recordAction && input.voicemail_seconds > 0) {
    seconds += input.voicemail_seconds;
    const recordingSid = sandboxSid('RE');
    await post(
      platform,
      recordAction,
      { ...call, CallStatus: 'in-progress', RecordingSid: recordingSid, RecordingUrl: `${base}/api/communications/sandbox/recordings/${recordingSid}`, RecordingDuration: String(input.voicemail_seconds) },
      steps,
    );
  }
  await post(platform, `${base}/api/twilio/voice/status`, { ...call, CallStatus: 'completed', CallDuration: String(Math.max(seconds, 1)) }, steps);
  return { steps, communication: await stored(ctx, sid) };
}
