import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TGoogleRestClient, TGoogleRestClientOptions } from '../../infra/google/google-rest-client.ts';
import { createGoogleRestClient, GoogleApiError } from '../../infra/google/google-rest-client.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import { createManualClock } from '../support/manual-clock.ts';

describe('Google REST client', () => {
  let emulator: TGoogleApiEmulator;
  let waits: number[];
  const secretPath = (name: string) => `/v1/projects/demo-dealcycle/secrets/${name}/versions/latest:access`;
  const publishPath = '/v1/projects/demo-dealcycle/topics/jobs:publish';

  const client = (options: Partial<TGoogleRestClientOptions> = {}): TGoogleRestClient =>
    createGoogleRestClient({
      auth: createTestGoogleAuth(),
      baseUrl: emulator.url,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...options,
    });

  const caught = async (promise: Promise<unknown>): Promise<GoogleApiError> => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof GoogleApiError)) throw new Error(`expected a GoogleApiError, got ${String(error)}`);
    return error;
  };

  beforeEach(async () => {
    emulator = await startGoogleApiEmulator({ clock: createManualClock() });
    emulator.setSecret('SMTP_URL', 'smtp://relay');
    waits = [];
  });
  afterEach(() => emulator.close());

  it('sends the access token from GoogleAuth and JSON to the service path under the base URL', async () => {
    const response = await client().request<{ messageIds: string[] }>({
      service: 'pubsub',
      method: 'POST',
      path: publishPath,
      body: { messages: [{ data: 'e30=' }] },
      idempotent: true,
    });

    expect(response.messageIds).toHaveLength(1);
    const [request] = emulator.requests;
    expect(request?.path).toBe(publishPath);
    expect(request?.headers.authorization).toBe('Bearer test-access-token');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({ messages: [{ data: 'e30=' }] });
  });

  it("turns Google's error JSON into a typed error with the HTTP and canonical status", async () => {
    const error = await caught(client().request({ service: 'secretmanager', method: 'GET', path: secretPath('MISSING'), idempotent: true }));

    expect(error).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND' });
    expect(error.message).toContain('not found or has no versions');
    expect(error.retryable).toBe(false);
  });

  it.each([
    { status: 502, body: '<html>Bad Gateway</html>', expected: 'UNAVAILABLE' },
    { status: 403, body: 'Forbidden', expected: 'PERMISSION_DENIED' },
    { status: 507, body: '', expected: 'INTERNAL' },
  ])('maps a non-JSON $status answer by its HTTP status to $expected', async ({ status, body, expected }) => {
    emulator.fault({ path: 'SMTP_URL', status, body, times: 10 });

    const error = await caught(client({ maxRetries: 0 }).request({ service: 'secretmanager', method: 'GET', path: secretPath('SMTP_URL'), idempotent: true }));

    expect(error).toMatchObject({ httpStatus: status, status: expected });
  });

  it.each([429, 500, 503])('retries an idempotent call after %i with growing backoff until it succeeds', async (status) => {
    emulator.fault({ path: 'SMTP_URL', status, times: 3 });

    const response = await client({ initialBackoffMs: 100 }).request<{ payload: { data: string } }>({
      service: 'secretmanager',
      method: 'GET',
      path: secretPath('SMTP_URL'),
      idempotent: true,
    });

    expect(Buffer.from(response.payload.data, 'base64').toString()).toBe('smtp://relay');
    expect(emulator.requests).toHaveLength(4);
    expect(waits).toHaveLength(3);
    // 100, 200, 400 ms, each with ±50 % jitter.
    waits.forEach((wait, retry) => {
      expect(wait).toBeGreaterThanOrEqual(50 * 2 ** retry);
      expect(wait).toBeLessThanOrEqual(150 * 2 ** retry);
    });
  });

  it('waits at least as long as a Retry-After header asks', async () => {
    // A one-shot server: it answers 429 with Retry-After, then is gone.
    const server = createServer((_request, response) => {
      server.close();
      response.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"error":{"code":429,"status":"RESOURCE_EXHAUSTED","message":"slow down"}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const error = await caught(client({ baseUrl, maxRetries: 1 }).request({ service: 'secretmanager', method: 'GET', path: secretPath('SMTP_URL'), idempotent: true }));

    expect(waits).toEqual([7000]);
    // The second attempt found the server gone: a network failure, reported as UNAVAILABLE.
    expect(error).toMatchObject({ httpStatus: 0, status: 'UNAVAILABLE' });
  });

  it('never retries a call that is not idempotent', async () => {
    emulator.fault({ path: ':publish', status: 503 });

    const error = await caught(client().request({ service: 'pubsub', method: 'POST', path: publishPath, body: { messages: [{ data: 'e30=' }] }, idempotent: false }));

    expect(error).toMatchObject({ httpStatus: 503, status: 'UNAVAILABLE' });
    expect(emulator.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('does not retry client errors other than 429', async () => {
    emulator.fault({ path: 'SMTP_URL', status: 400 });

    const error = await caught(client().request({ service: 'secretmanager', method: 'GET', path: secretPath('SMTP_URL'), idempotent: true }));

    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(emulator.requests).toHaveLength(1);
  });

  it('gives up after the configured retries with the last error', async () => {
    emulator.fault({ path: 'SMTP_URL', status: 500, times: 10 });

    const error = await caught(client({ maxRetries: 2 }).request({ service: 'secretmanager', method: 'GET', path: secretPath('SMTP_URL'), idempotent: true }));

    expect(error).toMatchObject({ httpStatus: 500, status: 'INTERNAL' });
    expect(emulator.requests).toHaveLength(3);
  });

  it('reports a call that outlives its deadline as DEADLINE_EXCEEDED and retries it when idempotent', async () => {
    emulator.fault({ path: 'SMTP_URL', hang: true });

    const response = await client({ timeoutMs: 100 }).request<{ payload: { data: string } }>({
      service: 'secretmanager',
      method: 'GET',
      path: secretPath('SMTP_URL'),
      idempotent: true,
    });
    expect(response.payload.data).toBe(Buffer.from('smtp://relay').toString('base64'));
    expect(waits).toHaveLength(1);

    emulator.fault({ path: ':publish', hang: true });
    const error = await caught(client({ timeoutMs: 100 }).request({ service: 'pubsub', method: 'POST', path: publishPath, body: { messages: [{ data: 'e30=' }] }, idempotent: false }));
    expect(error).toMatchObject({ httpStatus: 0, status: 'DEADLINE_EXCEEDED', retryable: true });
  });
});
