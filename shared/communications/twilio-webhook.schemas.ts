import { z } from 'zod';

/**
 * The form fields Twilio posts to our webhooks (application/x-www-form-urlencoded), the ones
 * we read. Twilio adds fields over time, so the objects are loose: unknown fields are kept
 * (the signature covers every posted field) and ignored.
 */
const sid = (prefix: string) => z.string().regex(new RegExp(`^${prefix}[0-9a-zA-Z]{32}$`), `Not a Twilio ${prefix} sid`);
const field = (max = 100) => z.string().max(max);

/**
 * Inbound SMS/MMS — the number's "A message comes in" webhook.
 * https://www.twilio.com/docs/messaging/guides/webhook-request
 */
export const ZInboundSmsWebhook = z.looseObject({
  /** 34-character id of the message (`SM…`, `MM…` for MMS). Replays carry the same one. */
  MessageSid: z.union([sid('SM'), sid('MM')]),
  /** Our account (`AC…`). */
  AccountSid: field(),
  /** The sender, E.164 (or a short code / alphanumeric id). */
  From: field(40),
  /** Our number the message was sent to: it names the tenant. */
  To: field(40),
  /** The text, up to 1,600 characters. */
  Body: field(2000).default(''),
  /** How many media items came with it; each is `MediaUrl{N}` with `MediaContentType{N}`. */
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  /** Segments the message arrived in. */
  NumSegments: z.coerce.number().int().min(0).max(100).optional(),
  /** Where the sender's number is registered (geographic data, when Twilio knows it). */
  FromState: field(40).optional(),
  FromZip: field(20).optional(),
  /** `STOP`/`START`/`HELP` when the account's Advanced Opt-Out recognised a keyword. */
  OptOutType: field(20).optional(),
});
export type TInboundSmsWebhook = z.infer<typeof ZInboundSmsWebhook>;

/** `MediaUrl0…MediaUrl{N-1}` of an inbound MMS. */
export const mediaUrlsOf = (form: Record<string, unknown>, count: number): string[] =>
  Array.from({ length: count }, (_, index) => form[`MediaUrl${index}`]).filter((url): url is string => typeof url === 'string' && url.length > 0);

/**
 * Outbound message status callback — the `StatusCallback` we pass when sending.
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status
 */
export const ZMessageStatusWebhook = z.looseObject({
  MessageSid: z.union([sid('SM'), sid('MM')]),
  /** `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed` (also `accepted`, `scheduled`, `canceled`, `read`). Callbacks can arrive out of order. */
  MessageStatus: z.enum(['accepted', 'scheduled', 'canceled', 'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'read', 'partially_delivered']),
  /** Present on `failed`/`undelivered`: e.g. 30003 unreachable, 30007 carrier filtering. */
  ErrorCode: field(10).optional(),
  ErrorMessage: field(500).optional(),
  From: field(40).optional(),
  To: field(40).optional(),
});
export type TMessageStatusWebhook = z.infer<typeof ZMessageStatusWebhook>;

/**
 * A call reaching our number — the number's "A call comes in" webhook (answered with TwiML).
 * https://www.twilio.com/docs/voice/twiml#request-parameters
 */
export const ZVoiceWebhook = z.looseObject({
  /** 34-character id of the call (`CA…`). */
  CallSid: sid('CA'),
  AccountSid: field(),
  From: field(40),
  To: field(40),
  /** `queued`, `ringing`, `in-progress`, `completed`, `busy`, `failed`, `no-answer`, `canceled`. */
  CallStatus: field(20),
  /** `inbound`, `outbound-api` (our click-to-call), `outbound-dial`. */
  Direction: field(20).optional(),
  /** CNAM caller name, when the number has lookups enabled. */
  CallerName: field(100).optional(),
  FromState: field(40).optional(),
  FromZip: field(20).optional(),
});
export type TVoiceWebhook = z.infer<typeof ZVoiceWebhook>;

/**
 * The `action` of our `<Dial>`: how ringing the rep went.
 * https://www.twilio.com/docs/voice/twiml/dial#action
 */
export const ZDialResultWebhook = ZVoiceWebhook.extend({
  /** `completed` (answered), `answered`, `busy`, `no-answer`, `failed`, `canceled`. */
  DialCallStatus: field(20),
  DialCallSid: field(40).optional(),
  /** Seconds the bridged call lasted (answered calls). */
  DialCallDuration: z.coerce.number().int().min(0).optional(),
});
export type TDialResultWebhook = z.infer<typeof ZDialResultWebhook>;

/**
 * The `action` of our voicemail `<Record>`, and the recording status callback of recorded calls.
 * https://www.twilio.com/docs/voice/twiml/record#attributes-action
 * https://www.twilio.com/docs/voice/api/recording#recordingstatuscallback
 */
export const ZRecordingWebhook = z.looseObject({
  CallSid: sid('CA'),
  AccountSid: field().optional(),
  /** Media URL without extension (append `.mp3` or `.wav`). */
  RecordingUrl: z.url().max(1000),
  RecordingSid: field(40).optional(),
  /** Seconds. */
  RecordingDuration: z.coerce.number().int().min(0).optional(),
  /** Recording status callbacks: `in-progress`, `completed`, `absent`, `failed`. */
  RecordingStatus: field(20).optional(),
  From: field(40).optional(),
  To: field(40).optional(),
});
export type TRecordingWebhook = z.infer<typeof ZRecordingWebhook>;

/**
 * Call status callback — our calls' `StatusCallback`, and the number's voice status callback.
 * https://www.twilio.com/docs/voice/api/call-resource#statuscallback
 */
export const ZCallStatusWebhook = z.looseObject({
  CallSid: sid('CA'),
  AccountSid: field().optional(),
  /** `initiated`, `ringing`, `in-progress`, `completed`, `busy`, `no-answer`, `failed`, `canceled`. */
  CallStatus: field(20),
  /** Seconds, on the final callback. */
  CallDuration: z.coerce.number().int().min(0).optional(),
  From: field(40).optional(),
  To: field(40).optional(),
  Direction: field(20).optional(),
  /** Order of callbacks of one call (they can arrive out of order). */
  SequenceNumber: z.coerce.number().int().min(0).optional(),
});
export type TCallStatusWebhook = z.infer<typeof ZCallStatusWebhook>;

/** `?ref=<communication id>` we put on the callback URLs of messages and calls we start. */
export const ZWebhookQuery = z.strictObject({ ref: z.string().max(64).regex(/^[A-Za-z0-9_-]+$/).optional() });

/** What a voice webhook tells Twilio to do next; infra/twilio/twiml.ts writes it as TwiML with our action URLs. */
export type TVoiceAction =
  | { kind: 'dial'; to: string; callerId: string; timeoutSeconds: number; record: boolean }
  | { kind: 'voicemail'; greeting: string; maxSeconds: number }
  | { kind: 'hangup' };
