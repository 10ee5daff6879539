/**
 * SMS, MMS and calls. Production: the Twilio REST API (infra/twilio/twilio-telephony.ts);
 * local and tests: the sandbox (infra/twilio/sandbox-telephony.ts), which records what would
 * be sent and plays back Twilio's status callbacks, signed as Twilio signs them, through the
 * queue. Both report progress by webhooks to `/api/twilio/...` (functions/twilio), never by
 * return value: a send resolves once the provider accepted it.
 */

export interface TOutboundMessage {
  /** Our number (E.164), one of the tenant's `phone_numbers`. */
  from: string;
  /** The recipient (E.164). */
  to: string;
  body: string;
  /** Public URLs of images for MMS (at most 10). */
  mediaUrls?: readonly string[];
  /** Our communication id: the status callback URL carries it (`?ref=`), so callbacks find the record even before the sid is stored. */
  reference: string;
}

export interface TAcceptedMessage {
  /** Twilio MessageSid (`SM…`/`MM…`). */
  sid: string;
  /** Provider status when accepted: `queued` (or `accepted` with a messaging service). */
  status: string;
  /** Segments the provider billed, when it says (Twilio: `num_segments`). */
  segments: number | null;
}

export interface TOutboundCall {
  /** Our number, shown to both people as caller id. */
  from: string;
  /** Rung first: the rep's own phone. */
  to: string;
  /** Dialled once the rep answers: the lead or buyer. */
  bridgeTo: string;
  /** Record the bridged conversation (tenant setting). */
  record: boolean;
  /** Our communication id, carried on the status and recording callbacks (`?ref=`). */
  reference: string;
}

export interface TStartedCall {
  /** Twilio CallSid (`CA…`). */
  sid: string;
  status: string;
}

export interface TNumberDetails {
  /** IncomingPhoneNumber sid (`PN…`), or a sandbox stand-in. */
  sid: string;
  capabilities: { sms: boolean; mms: boolean; voice: boolean };
}

/** A provider refusal or outage, with what the sending path needs to decide. */
export class TelephonyError extends Error {
  /** Worth trying again later (429, 5xx, network); false for refusals such as an invalid number. */
  readonly retryable: boolean;
  /** Twilio's error code (21211 invalid To, 21610 unsubscribed recipient…), null for network errors. */
  readonly providerCode: number | null;
  readonly httpStatus: number | null;

  constructor(message: string, options: { retryable: boolean; providerCode?: number | null; httpStatus?: number | null; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'TelephonyError';
    this.retryable = options.retryable;
    this.providerCode = options.providerCode ?? null;
    this.httpStatus = options.httpStatus ?? null;
  }
}

export interface TTelephony {
  readonly provider: 'twilio' | 'sandbox';
  /** Sends an SMS (MMS with media); throws `TelephonyError` when refused. */
  sendMessage(message: TOutboundMessage): Promise<TAcceptedMessage>;
  /** Click-to-call: rings `to` (the rep) and, once answered, bridges `bridgeTo`. */
  startCall(call: TOutboundCall): Promise<TStartedCall>;
  /** Ends a call in progress (no-op when it already ended). */
  hangUp(callSid: string): Promise<void>;
  /** Streams a call recording (Twilio media URLs need the account's credentials). */
  fetchRecording(recordingUrl: string): Promise<{ body: ReadableStream<Uint8Array>; contentType: string }>;
  /**
   * Checks that the account owns `number` and points its SMS and voice webhooks at this
   * deployment; resolves with its capabilities. Called when an admin connects a number.
   */
  connectNumber(number: string): Promise<TNumberDetails>;
}
