import twilio from 'twilio';
import { TelephonyError, type TTelephony } from '../../shared/ports/telephony.ts';
import { bridgeTwiml } from './twiml.ts';

const TWILIO_API = 'https://api.twilio.com';
type TRequestOptions<TData> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: TData };

export interface TTwilioTelephonyOptions {
  accountSid: string;
  authToken: string;
  /** Where Twilio reaches our webhooks (PUBLIC_URL): status callbacks and number webhooks point here. */
  publicUrl: string;
  /** Tests: send the REST calls to this server instead of api.twilio.com (the real client, its real HTTP encoding). */
  apiBaseUrl?: string;
  /** REST timeout (ms). */
  timeoutMs?: number;
}

/**
 * The Twilio REST API through the official helper library (`twilio`), loaded only by code
 * paths that send or call (infra/platform/create-platform.ts imports this module lazily: the
 * library is 3.6 MB). Errors become `TelephonyError`s: 429 and 5xx (and network failures) are
 * retryable, everything else is Twilio refusing the request, with its error code.
 * https://www.twilio.com/docs/messaging/api/message-resource · https://www.twilio.com/docs/voice/api/call-resource
 */
export function createTwilioTelephony(options: TTwilioTelephonyOptions): TTelephony {
  const apiBase = options.apiBaseUrl?.replace(/\/$/, '');
  const httpClient = apiBase ? new RedirectingRequestClient(apiBase, options.timeoutMs) : undefined;
  const client = twilio(options.accountSid, options.authToken, { ...(httpClient ? { httpClient } : {}), timeout: options.timeoutMs ?? 15_000 });
  const webhook = (path: string, reference?: string) => `${options.publicUrl}${path}${reference ? `?ref=${encodeURIComponent(reference)}` : ''}`;
  const allowedRecordingHosts = new Set(['api.twilio.com', ...(apiBase ? [new URL(apiBase).host] : [])]);

  return {
    provider: 'twilio',

    async sendMessage(message) {
      const sent = await translate(() =>
        client.messages.create({
          from: message.from,
          to: message.to,
          body: message.body,
          ...(message.mediaUrls?.length ? { mediaUrl: [...message.mediaUrls] } : {}),
          statusCallback: webhook('/api/twilio/sms/status', message.reference),
        }),
      );
      const segments = Number(sent.numSegments);
      return { sid: sent.sid, status: sent.status, segments: Number.isFinite(segments) && segments > 0 ? segments : null };
    },

    async startCall(call) {
      const started = await translate(() =>
        client.calls.create({
          from: call.from,
          to: call.to,
          twiml: bridgeTwiml({ callerId: call.from, bridgeTo: call.bridgeTo, record: call.record, recordingCallback: webhook('/api/twilio/voice/recording', call.reference) }),
          statusCallback: webhook('/api/twilio/voice/status', call.reference),
          statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
          statusCallbackMethod: 'POST',
          timeout: 25,
        }),
      );
      return { sid: started.sid, status: started.status };
    },

    async hangUp(callSid) {
      try {
        await translate(() => client.calls(callSid).update({ status: 'completed' }));
      } catch (error) {
        // 21220: the call is not in progress any more — already over.
        if (!(error instanceof TelephonyError) || (error.providerCode !== 21220 && error.httpStatus !== 404)) throw error;
      }
    },

    async fetchRecording(recordingUrl) {
      const url = new URL(/\.(mp3|wav)$/.test(recordingUrl) ? recordingUrl : `${recordingUrl}.mp3`);
      // Credentials go to Twilio only.
      if (!allowedRecordingHosts.has(url.host)) throw new TelephonyError('Not a Twilio recording URL', { retryable: false, httpStatus: 400 });
      if (apiBase) url.protocol = new URL(apiBase).protocol;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}` },
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new TelephonyError(`Twilio could not be reached: ${(error as Error).message}`, { retryable: true, cause: error });
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new TelephonyError(`Twilio answered ${response.status} for the recording`, { retryable: response.status >= 500 || response.status === 429, httpStatus: response.status });
      }
      return { body: response.body, contentType: response.headers.get('content-type') ?? 'audio/mpeg' };
    },

    async connectNumber(number) {
      const [found] = await translate(() => client.incomingPhoneNumbers.list({ phoneNumber: number, limit: 1 }));
      if (!found) throw new TelephonyError(`${number} is not a number of this Twilio account`, { retryable: false, httpStatus: 404 });
      const updated = await translate(() =>
        client.incomingPhoneNumbers(found.sid).update({
          smsUrl: webhook('/api/twilio/sms'),
          smsMethod: 'POST',
          voiceUrl: webhook('/api/twilio/voice'),
          voiceMethod: 'POST',
          statusCallback: webhook('/api/twilio/voice/status'),
          statusCallbackMethod: 'POST',
        }),
      );
      const capabilities = updated.capabilities as { sms?: boolean; mms?: boolean; voice?: boolean } | undefined;
      return { sid: updated.sid, capabilities: { sms: Boolean(capabilities?.sms), mms: Boolean(capabilities?.mms), voice: Boolean(capabilities?.voice) } };
    },
  };
}

/** Runs a REST call and turns the library's errors into `TelephonyError`s. */
async function translate<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof twilio.RestException) {
      const retryable = error.status === 429 || error.status >= 500;
      return Promise.reject(new TelephonyError(error.message || `Twilio answered ${error.status}`, { retryable, providerCode: error.code ?? null, httpStatus: error.status, cause: error }));
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number') {
      return Promise.reject(new TelephonyError((error as Error).message, { retryable: status === 429 || status >= 500, httpStatus: status, cause: error }));
    }
    return Promise.reject(new TelephonyError(`Twilio could not be reached: ${(error as Error).message}`, { retryable: true, cause: error }));
  }
}

/** The library's own HTTP client, with api.twilio.com swapped for a local server (tests). */
class RedirectingRequestClient extends twilio.RequestClient {
  readonly #base: string;

  constructor(base: string, timeoutMs?: number) {
    super({ timeout: timeoutMs ?? 15_000 });
    this.#base = base;
  }

  override request<TData>(opts: TRequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.startsWith(TWILIO_API) ? `${this.#base}${opts.uri.slice(TWILIO_API.length)}` : opts.uri });
  }
}
