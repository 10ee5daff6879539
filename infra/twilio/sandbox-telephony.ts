import { createHash, randomBytes } from 'node:crypto';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { SANDBOX_CALLBACK_JOB, type TSandboxCallback } from '../../shared/communications/sandbox-callback.job.ts';
import { countSmsSegments } from '../../shared/communications/sms-segments.ts';
import { systemClock, type TClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TQueue } from '../../shared/ports/queue.ts';
import { TelephonyError, type TTelephony } from '../../shared/ports/telephony.ts';

/**
 * The local stand-in for Twilio (README.md beside this file). It accepts what the Twilio
 * adapter would send, keeps it in `_sandbox_telephony` (what "went out"), and plays back the
 * status callbacks Twilio would post — `sent` then `delivered`, or a failure for the test
 * numbers below — as jobs on the queue that POST to our public webhook URLs with an
 * `X-Twilio-Signature` computed by the Twilio library with the configured auth token. So the
 * webhooks, their signature check and their idempotency run exactly as in production.
 */
export const SANDBOX_COLLECTION = '_sandbox_telephony';
export const SANDBOX_ACCOUNT_SID = `AC${'0'.repeat(31)}1`;

/**
 * Numbers that behave differently, following Twilio's test credentials' magic numbers where
 * they exist (https://www.twilio.com/docs/iam/test-credentials). Everything else is delivered
 * (texts) or answered and completed (calls).
 */
export const SANDBOX_TEST_NUMBERS = {
  /** Refused at send: invalid 'To' number (21211). */
  invalid: '+15005550001',
  /** Refused at send: no route to the number (21612). */
  unroutable: '+15005550002',
  /** Refused at send: the recipient unsubscribed at the carrier (21610). */
  unsubscribed: '+15005550004',
  /** Refused at send: not a mobile number (21614). */
  landline: '+15005550009',
  /** Accepted, then `undelivered` (30003, unreachable). */
  undelivered: '+15005550007',
  /** Accepted, then `failed` (30008). */
  failed: '+15005550008',
  /** Calls: busy. */
  busy: '+15005550003',
  /** Calls: rings out unanswered. */
  noAnswer: '+15005550005',
} as const;

const REFUSALS: Record<string, [number, string]> = {
  [SANDBOX_TEST_NUMBERS.invalid]: [21211, "The 'To' number is not a valid phone number."],
  [SANDBOX_TEST_NUMBERS.unroutable]: [21612, "The 'To' phone number is not currently reachable via SMS."],
  [SANDBOX_TEST_NUMBERS.unsubscribed]: [21610, 'Attempt to send to unsubscribed recipient'],
  [SANDBOX_TEST_NUMBERS.landline]: [21614, "'To' number is not a valid mobile number"],
};

export interface TSandboxDelays {
  /** After the send: the `sent` callback. */
  sentMs: number;
  /** After the send: `delivered` (or `undelivered`/`failed`). */
  deliveredMs: number;
  /** Calls: `ringing`, answered (`in-progress`), then `completed`. */
  ringingMs: number;
  answeredMs: number;
  completedMs: number;
}

export const DEFAULT_SANDBOX_DELAYS: TSandboxDelays = { sentMs: 500, deliveredMs: 2_000, ringingMs: 500, answeredMs: 3_000, completedMs: 45_000 };

export type TSandboxEntry = {
  _id: string;
  kind: 'message' | 'call';
  from: string;
  to: string;
  body?: string;
  bridge_to?: string;
  media_urls?: string[];
  record?: boolean;
  reference: string;
  created_at: Date;
  hung_up_at?: Date;
};

export interface TSandboxTelephony extends TTelephony {
  readonly provider: 'sandbox';
  /** The `X-Twilio-Signature` Twilio would send for this URL and form. */
  sign(url: string, params: Record<string, string>): string;
}

/** What the sandbox "sent" from these numbers (an organisation's), newest first: the developer panel. */
export async function listSandboxSent(db: TDatabase, fromNumbers: readonly string[], limit = 50): Promise<TSandboxEntry[]> {
  return db.collection<TSandboxEntry & Record<string, unknown>>(SANDBOX_COLLECTION).find({ from: { $in: [...fromNumbers] } }, { sort: { created_at: -1 }, limit }).toArray();
}

/** `SM…`, `CA…`, `RE…`: a prefix and 32 hex digits, like Twilio's sids. */
export const sandboxSid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

export function createSandboxTelephony(options: {
  db: TDatabase;
  queue: () => Promise<TQueue>;
  publicUrl: string;
  authToken: string;
  clock?: TClock;
  delays?: Partial<TSandboxDelays>;
}): TSandboxTelephony {
  const clock = options.clock ?? systemClock;
  const delays = { ...DEFAULT_SANDBOX_DELAYS, ...options.delays };
  const entries = options.db.collection<TSandboxEntry & Record<string, unknown>>(SANDBOX_COLLECTION);
  const sign = (url: string, params: Record<string, string>) => getExpectedTwilioSignature(options.authToken, url, params);

  async function callback(path: string, reference: string, params: Record<string, string>, afterMs: number): Promise<void> {
    const url = `${options.publicUrl}${path}?ref=${encodeURIComponent(reference)}`;
    const form = { AccountSid: SANDBOX_ACCOUNT_SID, ApiVersion: '2010-04-01', ...params };
    const job: TSandboxCallback = { url, params: form, signature: sign(url, form) };
    await (await options.queue()).schedule('jobs', { data: job, attributes: { job: SANDBOX_CALLBACK_JOB } }, { at: new Date(clock.now().getTime() + afterMs) });
  }

  return {
    provider: 'sandbox',
    sign,

    async sendMessage(message) {
      const refusal = REFUSALS[message.to];
      if (refusal) throw new TelephonyError(refusal[1], { retryable: false, providerCode: refusal[0], httpStatus: 400 });
      const sid = sandboxSid(message.mediaUrls?.length ? 'MM' : 'SM');
      await entries.insertOne({
        _id: sid,
        kind: 'message',
        from: message.from,
        to: message.to,
        body: message.body,
        ...(message.mediaUrls?.length ? { media_urls: [...message.mediaUrls] } : {}),
        reference: message.reference,
        created_at: clock.now(),
      });
      const base = { MessageSid: sid, SmsSid: sid, From: message.from, To: message.to };
      await callback('/api/twilio/sms/status', message.reference, { ...base, MessageStatus: 'sent', SmsStatus: 'sent' }, delays.sentMs);
      const final: Record<string, string> =
        message.to === SANDBOX_TEST_NUMBERS.undelivered
          ? { MessageStatus: 'undelivered', SmsStatus: 'undelivered', ErrorCode: '30003' }
          : message.to === SANDBOX_TEST_NUMBERS.failed
            ? { MessageStatus: 'failed', SmsStatus: 'failed', ErrorCode: '30008' }
            : { MessageStatus: 'delivered', SmsStatus: 'delivered' };
      await callback('/api/twilio/sms/status', message.reference, { ...base, ...final }, delays.deliveredMs);
      return { sid, status: 'queued', segments: countSmsSegments(message.body).segments };
    },

    async startCall(call) {
      if (call.to === SANDBOX_TEST_NUMBERS.invalid || call.bridgeTo === SANDBOX_TEST_NUMBERS.invalid) {
        throw new TelephonyError("The 'To' number is not a valid phone number.", { retryable: false, providerCode: 21211, httpStatus: 400 });
      }
      const sid = sandboxSid('CA');
      await entries.insertOne({ _id: sid, kind: 'call', from: call.from, to: call.to, bridge_to: call.bridgeTo, record: call.record, reference: call.reference, created_at: clock.now() });
      const base = { CallSid: sid, From: call.from, To: call.to, Direction: 'outbound-api' };
      const status = (CallStatus: string, sequence: number, extra: Record<string, string> = {}) => ({ ...base, CallStatus, SequenceNumber: String(sequence), ...extra });
      await callback('/api/twilio/voice/status', call.reference, status('ringing', 1), delays.ringingMs);
      if (call.to === SANDBOX_TEST_NUMBERS.busy || call.to === SANDBOX_TEST_NUMBERS.noAnswer) {
        const outcome = call.to === SANDBOX_TEST_NUMBERS.busy ? 'busy' : 'no-answer';
        await callback('/api/twilio/voice/status', call.reference, status(outcome, 2, { CallDuration: '0' }), delays.answeredMs);
        return { sid, status: 'queued' };
      }
      await callback('/api/twilio/voice/status', call.reference, status('in-progress', 2), delays.answeredMs);
      // The contact picking up (or not) only changes how long the rep's leg lasts.
      const bridged = call.bridgeTo !== SANDBOX_TEST_NUMBERS.busy && call.bridgeTo !== SANDBOX_TEST_NUMBERS.noAnswer;
      const seconds = bridged ? Math.round((delays.completedMs - delays.answeredMs) / 1000) : 8;
      await callback('/api/twilio/voice/status', call.reference, status('completed', 3, { CallDuration: String(seconds) }), delays.completedMs);
      if (call.record && bridged) {
        const recordingSid = sandboxSid('RE');
        await callback(
          '/api/twilio/voice/recording',
          call.reference,
          { CallSid: sid, RecordingSid: recordingSid, RecordingUrl: sandboxRecordingUrl(options.publicUrl, recordingSid), RecordingStatus: 'completed', RecordingDuration: String(seconds) },
          delays.completedMs + 500,
        );
      }
      return { sid, status: 'queued' };
    },

    async hangUp(callSid) {
      await entries.updateOne({ _id: callSid }, { $set: { hung_up_at: clock.now() } });
    },

    async fetchRecording(recordingUrl) {
      if (!recordingUrl.startsWith(`${options.publicUrl}/api/communications/sandbox/recordings/`)) {
        throw new TelephonyError('The sandbox only has its own recordings', { retryable: false, httpStatus: 404 });
      }
      return { body: new Blob([silentWav(1)]).stream(), contentType: 'audio/wav' };
    },

    async connectNumber(number) {
      return { sid: `PN${createHash('sha256').update(number).digest('hex').slice(0, 32)}`, capabilities: { sms: true, mms: true, voice: true } };
    },
  };
}

export const sandboxRecordingUrl = (publicUrl: string, recordingSid: string): string => `${publicUrl}/api/communications/sandbox/recordings/${recordingSid}`;

/** `seconds` of silence as an 8 kHz 8-bit mono WAV: something the portal's audio player can play. */
export function silentWav(seconds: number): Uint8Array<ArrayBuffer> {
  const samples = 8_000 * seconds;
  const buffer = Buffer.alloc(44 + samples, 0x80);
  buffer.write('RIFF', 0);
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVEfmt ', 8);
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20);
  buffer.writeUInt16LE(1, 22);
  buffer.writeUInt32LE(8_000, 24);
  buffer.writeUInt32LE(8_000, 28);
  buffer.writeUInt16LE(1, 32);
  buffer.writeUInt16LE(8, 34);
  buffer.write('data', 36);
  buffer.writeUInt32LE(samples, 40);
  return new Uint8Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length) as ArrayBuffer);
}
