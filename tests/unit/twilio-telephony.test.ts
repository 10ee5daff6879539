import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelephonyError, type TTelephony } from '../../shared/ports/telephony.ts';
import { createTwilioTelephony } from '../../infra/twilio/twilio-telephony.ts';
import { freePort } from '../support/function-process.ts';

/**
 * The Twilio adapter at its HTTP boundary: the real helper library, its real HTTP client,
 * talking to a local server that answers like api.twilio.com. What we check is what Twilio
 * sees (paths, Basic auth, form fields) and how its answers become results or TelephonyErrors.
 */
const ACCOUNT = `AC${'a'.repeat(32)}`;
const TOKEN = 'test-auth-token';
const PUBLIC_URL = 'https://crm.example.com';

type TSeen = { method: string; path: string; query: URLSearchParams; form: URLSearchParams; authorization: string | undefined };
type TAnswer = { status: number; json?: unknown; body?: string; contentType?: string };

let server: Server;
let base: string;
let seen: TSeen[] = [];
let answer: (request: TSeen) => TAnswer;
let telephony: TTelephony;

const readBody = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://twilio.local');
      const record: TSeen = { method: request.method ?? '', path: url.pathname, query: url.searchParams, form: new URLSearchParams(await readBody(request)), authorization: request.headers.authorization };
      seen.push(record);
      const reply = answer(record);
      response.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
      response.end(reply.body ?? JSON.stringify(reply.json ?? {}));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  telephony = createTwilioTelephony({ accountSid: ACCOUNT, authToken: TOKEN, publicUrl: PUBLIC_URL, apiBaseUrl: base, timeoutMs: 2_000 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const messageJson = (overrides: Record<string, unknown> = {}) => ({
  sid: `SM${'1'.repeat(32)}`,
  account_sid: ACCOUNT,
  status: 'queued',
  num_segments: '2',
  to: '+15125550142',
  from: '+17372010001',
  body: 'Hello',
  date_created: 'Mon, 02 Mar 2026 16:00:00 +0000',
  ...overrides,
});
const twilioError = (status: number, code: number, message: string): TAnswer => ({ status, json: { status, code, message, more_info: `https://www.twilio.com/docs/errors/${code}` } });
const basicAuth = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;

describe('sending a text', () => {
  it('posts the message form with our status callback, authenticated as the account', async () => {
    answer = () => ({ status: 201, json: messageJson() });
    const accepted = await telephony.sendMessage({ from: '+17372010001', to: '+15125550142', body: 'Hello', mediaUrls: ['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.jpg'], reference: 'cm_1' });
    expect(accepted).toEqual({ sid: `SM${'1'.repeat(32)}`, status: 'queued', segments: 2 });
    const [request] = seen;
    expect(request).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, authorization: basicAuth });
    expect(Object.fromEntries(request?.form ?? [])).toMatchObject({ From: '+17372010001', To: '+15125550142', Body: 'Hello', StatusCallback: `${PUBLIC_URL}/api/twilio/sms/status?ref=cm_1` });
    expect(request?.form.getAll('MediaUrl')).toEqual(['https://cdn.example.com/a.jpg', 'https://cdn.example.com/b.jpg']);
  });

  it.each([
    [400, 21211, "The 'To' number +15005550001 is not a valid phone number.", false],
    [400, 21610, 'Attempt to send to unsubscribed recipient', false],
    [401, 20003, 'Authenticate', false],
    [429, 20429, 'Too Many Requests', true],
    [500, 20500, 'Internal Server Error', true],
    [503, 20503, 'Service Unavailable', true],
  ])('turns %i (error %i) into a TelephonyError with its code, retryable=%s', async (status, code, message, retryable) => {
    answer = () => twilioError(status, code, message);
    const error = await telephony.sendMessage({ from: '+17372010001', to: '+15005550001', body: 'Hello', reference: 'cm_2' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelephonyError);
    expect(error).toMatchObject({ retryable, providerCode: code, httpStatus: status, message });
  });

  it('reports an unreachable Twilio as retryable', async () => {
    const closed = createTwilioTelephony({ accountSid: ACCOUNT, authToken: TOKEN, publicUrl: PUBLIC_URL, apiBaseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 1_000 });
    const error = await closed.sendMessage({ from: '+17372010001', to: '+15125550142', body: 'Hello', reference: 'cm_3' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TelephonyError);
    expect(error).toMatchObject({ retryable: true, providerCode: null });
  });
});

describe('click-to-call', () => {
  it('rings the rep with TwiML that dials the lead, and asks for every status callback', async () => {
    answer = () => ({ status: 201, json: { sid: `CA${'2'.repeat(32)}`, status: 'queued', account_sid: ACCOUNT } });
    const started = await telephony.startCall({ from: '+17372010001', to: '+15125550190', bridgeTo: '+15125550142', record: true, reference: 'cm_4' });
    expect(started).toEqual({ sid: `CA${'2'.repeat(32)}`, status: 'queued' });
    const [request] = seen;
    expect(request?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Calls.json`);
    expect(request?.form.get('To')).toBe('+15125550190');
    expect(request?.form.get('StatusCallback')).toBe(`${PUBLIC_URL}/api/twilio/voice/status?ref=cm_4`);
    expect(request?.form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    const twiml = request?.form.get('Twiml') ?? '';
    expect(twiml).toContain('<Dial callerId="+17372010001" record="record-from-answer-dual"');
    expect(twiml).toContain(`recordingStatusCallback="${PUBLIC_URL}/api/twilio/voice/recording?ref=cm_4"`);
    expect(twiml).toContain('<Number>+15125550142</Number>');
  });

  it('hangs up by completing the call, and treats a call already over as done', async () => {
    answer = () => ({ status: 200, json: { sid: `CA${'3'.repeat(32)}`, status: 'completed' } });
    await telephony.hangUp(`CA${'3'.repeat(32)}`);
    expect(seen[0]).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Calls/CA${'3'.repeat(32)}.json` });
    expect(seen[0]?.form.get('Status')).toBe('completed');
    answer = () => twilioError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    await expect(telephony.hangUp(`CA${'3'.repeat(32)}`)).resolves.toBeUndefined();
  });
});

describe('connecting a number', () => {
  it('finds the number in the account and points its webhooks here', async () => {
    const sid = `PN${'4'.repeat(32)}`;
    answer = (request) =>
      request.method === 'GET'
        ? { status: 200, json: { incoming_phone_numbers: [{ sid, phone_number: '+17372010001', capabilities: { sms: true, mms: false, voice: true } }], next_page_uri: null, page: 0, page_size: 1, uri: request.path } }
        : { status: 200, json: { sid, phone_number: '+17372010001', capabilities: { sms: true, mms: false, voice: true } } };
    expect(await telephony.connectNumber('+17372010001')).toEqual({ sid, capabilities: { sms: true, mms: false, voice: true } });
    expect(seen[0]?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/IncomingPhoneNumbers.json`);
    expect(seen[0]?.query.get('PhoneNumber')).toBe('+17372010001');
    expect(Object.fromEntries(seen[1]?.form ?? [])).toMatchObject({
      SmsUrl: `${PUBLIC_URL}/api/twilio/sms`,
      VoiceUrl: `${PUBLIC_URL}/api/twilio/voice`,
      StatusCallback: `${PUBLIC_URL}/api/twilio/voice/status`,
      SmsMethod: 'POST',
      VoiceMethod: 'POST',
    });
  });

  it('refuses a number the account does not own', async () => {
    answer = (request) => ({ status: 200, json: { incoming_phone_numbers: [], next_page_uri: null, page: 0, page_size: 1, uri: request.path } });
    await expect(telephony.connectNumber('+17379999999')).rejects.toMatchObject({ retryable: false, httpStatus: 404 });
  });
});

describe('recordings', () => {
  it('fetches a recording with the account’s credentials, and only from Twilio', async () => {
    answer = () => ({ status: 200, body: 'ID3-audio', contentType: 'audio/mpeg' });
    const recordingUrl = `${base.replace('http:', 'https:')}/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE${'5'.repeat(32)}`;
    const recording = await telephony.fetchRecording(recordingUrl);
    expect(recording.contentType).toBe('audio/mpeg');
    expect(await new Response(recording.body).text()).toBe('ID3-audio');
    expect(seen[0]).toMatchObject({ path: `/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE${'5'.repeat(32)}.mp3`, authorization: basicAuth });
    await expect(telephony.fetchRecording('https://attacker.example.com/steal')).rejects.toBeInstanceOf(TelephonyError);
    expect(seen).toHaveLength(1);
  });
});
