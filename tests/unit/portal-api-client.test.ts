import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../site/src/lib/api-client.ts';
import { readSession, SESSION_KEY, SessionExpiredError, type TSession } from '../../site/src/lib/session.ts';

class MemoryStorage implements Storage {
  private readonly values = new Map<string, string>();
  get length() {
    return this.values.size;
  }
  clear() {
    this.values.clear();
  }
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  key(index: number) {
    return [...this.values.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
}

const NOW = Date.parse('2026-11-02T15:00:00Z');

interface TCall {
  url: string;
  method: string;
  authorization: string | undefined;
  body: string | undefined;
}

/** A scripted fetch: answers in order, records each request. */
function scriptedFetch(answers: (Response | Error)[]) {
  const calls: TCall[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    calls.push({ url: String(input), method: init?.method ?? 'GET', authorization: headers.get('authorization') ?? undefined, body: typeof init?.body === 'string' ? init.body : undefined });
    const next = answers.shift();
    if (!next) throw new Error(`Unexpected request ${String(input)}`);
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

function setup(answers: (Response | Error)[], session: Partial<TSession> | null = {}) {
  const storage = new MemoryStorage();
  if (session) storage.setItem(SESSION_KEY, JSON.stringify({ idToken: 'token-1', refreshToken: 'refresh-1', expiresAt: NOW + 30 * 60_000, uid: 'u1', email: 'a@b.test', ...session }));
  const scripted = scriptedFetch(answers);
  const waits: number[] = [];
  const refreshes: string[] = [];
  let signedOut = 0;
  const client = createApiClient({
    fetch: scripted.fetch,
    now: () => NOW,
    sleep: async (ms) => {
      waits.push(ms);
    },
    storage,
    refresh: async (current) => {
      refreshes.push(current.refreshToken);
      if (current.refreshToken === 'revoked') throw new SessionExpiredError();
      return { ...current, idToken: `token-${refreshes.length + 1}`, refreshToken: 'refresh-2', expiresAt: NOW + 3_600_000 };
    },
    onSignedOut: () => {
      signedOut++;
    },
  });
  return { client, calls: scripted.calls, waits, refreshes, storage, signedOut: () => signedOut };
}

describe('portal API client', () => {
  it('sends the ID token as a Bearer header and returns the parsed JSON', async () => {
    const { client, calls } = setup([json(200, { items: [], nextCursor: null })]);
    await expect(client.get('/api/users', { query: { limit: 50, cursor: undefined } })).resolves.toEqual({ items: [], nextCursor: null });
    expect(calls).toEqual([{ url: '/api/users?limit=50', method: 'GET', authorization: 'Bearer token-1', body: undefined }]);
  });

  it('refreshes a token that expires within a minute before sending the request', async () => {
    const { client, calls, refreshes, storage } = setup([json(200, {})], { expiresAt: NOW + 30_000 });
    await client.get('/api/users/me');
    expect(refreshes).toEqual(['refresh-1']);
    expect(calls[0]?.authorization).toBe('Bearer token-2');
    expect(readSession(storage)?.idToken).toBe('token-2');
  });

  it('renews the token once and repeats the request after a 401', async () => {
    const { client, calls, refreshes } = setup([json(401, { title: 'Unauthorized', status: 401 }, 'application/problem+json'), json(200, { ok: true })]);
    await expect(client.post('/api/tenants', { name: 'Acme' })).resolves.toEqual({ ok: true });
    expect(refreshes).toHaveLength(1);
    expect(calls.map((call) => call.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('ends the session when the API still refuses the renewed token (revoked session)', async () => {
    const refused = () => json(401, { title: 'Unauthorized', status: 401, code: 'unauthenticated' }, 'application/problem+json');
    const { client, storage, signedOut, refreshes } = setup([refused(), refused()]);
    await expect(client.get('/api/users/me')).rejects.toMatchObject({ status: 401 });
    expect(refreshes).toHaveLength(1);
    expect(readSession(storage)).toBeNull();
    expect(signedOut()).toBe(1);
  });

  it('forces at most one refresh per request, even when a retry follows it', async () => {
    const { client, refreshes, calls } = setup([json(401, { title: 'Unauthorized', status: 401 }, 'application/problem+json'), new Response('', { status: 503 }), json(200, { ok: true })]);
    await expect(client.get('/api/leads')).resolves.toEqual({ ok: true });
    expect(refreshes).toHaveLength(1);
    expect(calls.map((call) => call.authorization)).toEqual(['Bearer token-1', 'Bearer token-2', 'Bearer token-2']);
  });

  it('shares one refresh between concurrent requests', async () => {
    const { client, refreshes } = setup([json(200, {}), json(200, {})], { expiresAt: NOW });
    await Promise.all([client.get('/api/a'), client.get('/api/b')]);
    expect(refreshes).toHaveLength(1);
  });

  it('signs the person out when the refresh token is no longer accepted', async () => {
    const { client, storage, signedOut } = setup([], { expiresAt: NOW, refreshToken: 'revoked' });
    await expect(client.get('/api/users/me')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(readSession(storage)).toBeNull();
    expect(signedOut()).toBe(1);
  });

  it('fails without calling the API when nobody is signed in', async () => {
    const { client, calls } = setup([], null);
    await expect(client.get('/api/users/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(calls).toHaveLength(0);
  });

  it('turns a problem+json answer into an ApiError with errors by field path', async () => {
    const problem = {
      type: 'https://dealcycle.dev/problems/invalid',
      title: 'Invalid request',
      status: 400,
      detail: 'The request has invalid fields',
      code: 'invalid',
      requestId: 'req-1',
      errors: [
        { location: 'body', field: 'address.zip', detail: 'Not a ZIP code' },
        { location: 'body', field: 'email', detail: 'Invalid email' },
      ],
    };
    const { client } = setup([json(400, problem, 'application/problem+json')]);
    const error = await client.post('/api/leads', {}).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid', message: 'The request has invalid fields' });
    expect((error as ApiError).fieldErrors).toEqual({ 'address.zip': 'Not a ZIP code', email: 'Invalid email' });
    expect((error as ApiError).problem.requestId).toBe('req-1');
  });

  it('retries a GET on 503 and network errors, honouring Retry-After', async () => {
    const unavailable = new Response('', { status: 503, headers: { 'retry-after': '2' } });
    const { client, calls, waits } = setup([unavailable, new TypeError('fetch failed'), json(200, { ok: true })]);
    await expect(client.get('/api/leads')).resolves.toEqual({ ok: true });
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([2000, 1000]);
  });

  it('does not retry a POST that failed with 503', async () => {
    const { client, calls } = setup([new Response('', { status: 503 })]);
    await expect(client.post('/api/users/invites', { email: 'a@b.test', role: 'admin' })).rejects.toMatchObject({ status: 503, code: 'unavailable' });
    expect(calls).toHaveLength(1);
  });

  it('retries a request the caller marks idempotent', async () => {
    const { client, calls } = setup([new Response('', { status: 502 }), new Response(null, { status: 204 })]);
    await expect(client.delete('/api/users/invites/inv_1', { idempotent: true })).resolves.toBeUndefined();
    expect(calls.map((call) => call.method)).toEqual(['DELETE', 'DELETE']);
  });

  it('gives up after two retries and reports the last failure', async () => {
    const { client, calls } = setup([new Response('', { status: 500 }), new Response('', { status: 500 }), new Response('', { status: 500 })]);
    await expect(client.get('/api/leads')).rejects.toMatchObject({ status: 500 });
    expect(calls).toHaveLength(3);
  });
});
