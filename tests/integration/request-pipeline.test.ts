import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;
let admin: TTestSession;
beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '1000' } });
  ({ admin } = await host.createOrganisation());
});
afterAll(() => host.close());

const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return (await response.json()) as { status: number; code: string; errors?: { location: string; field: string; detail: string }[]; requestId: string };
};

describe('authentication', () => {
  it.each(['/api/users/me', '/api/tenants/current', '/api/users'])('answers 401 problem+json to %s without a token', async (path) => {
    const response = await fetch(`${host.url}${path}`);
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe('unauthenticated');
  });

  it('answers 401 to a forged token', async () => {
    const response = await fetch(`${host.url}/api/users/me`, { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } });
    expect(response.status).toBe(401);
  });

  it('answers 403 with an onboarding hint to a signed-in person without an organisation', async () => {
    const stranger = await host.signIn();
    const problem = await problemOf(await stranger.request('/api/tenants/current'));
    expect(problem).toMatchObject({ status: 403, onboarding: true });
  });
});

describe('hostile and broken input never reaches a 500', () => {
  const patch = (body: string, contentType = 'application/json') =>
    admin.request('/api/tenants/current', { method: 'PATCH', body, headers: { 'content-type': contentType } });

  it.each([
    ['malformed JSON', '{"name": ', 400, 'body', ''],
    ['a wrong type', '{"name": 42}', 400, 'body', 'name'],
    ['an unknown field', '{"name":"X","plan":"scale"}', 400, 'body', 'plan'],
    ['a query operator', '{"name":{"$ne":""}}', 400, 'body', 'name.$ne'],
    ['a huge string', JSON.stringify({ name: 'x'.repeat(10_000) }), 400, 'body', 'name'],
    ['a nested unknown field', '{"settings":{"mao_factor":0.7,"admin":true}}', 400, 'body', 'settings.admin'],
    ['an out-of-range number', '{"settings":{"mao_factor":7}}', 400, 'body', 'settings.mao_factor'],
  ])('%s gets %i with the field named', async (_case, body, status, location, field) => {
    const response = await patch(body);
    expect(response.status).toBe(status);
    const problem = await problemOf(response);
    expect(problem.errors?.[0]).toMatchObject({ location, field });
  });

  it('refuses a body sent as another content type with 415', async () => {
    expect((await patch('name=X', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('refuses a body over the limit with 413 before reading it all', async () => {
    const response = await patch(JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }));
    expect(response.status).toBe(413);
  });

  it('validates query strings too', async () => {
    const response = await admin.request('/api/users?limit=100000');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]).toMatchObject({ location: 'query', field: 'limit' });
  });

  it('rejects a forged cursor clearly', async () => {
    const response = await admin.request('/api/users?cursor=not-a-cursor');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.[0]).toMatchObject({ field: 'cursor' });
  });

  it('leaves stored data as it was after refusing bad input', async () => {
    const before = await (await admin.request('/api/tenants/current')).json();
    await patch('{"name":{"$set":{"tenant_id":"other"}}}');
    await patch('{"name": ');
    expect(await (await admin.request('/api/tenants/current')).json()).toEqual(before);
  });
});

describe('routing', () => {
  it('answers 404 problem+json for an unknown API path', async () => {
    expect((await problemOf(await admin.request('/api/users/me/nothing'))).status).toBe(404);
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const response = await admin.request('/api/tenants/current', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('GET');
  });
});

describe('headers', () => {
  it('carries the trace id from traceparent into the problem', async () => {
    const response = await fetch(`${host.url}/api/users/me`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } });
    expect((await problemOf(response)).requestId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('sets security headers on API responses', async () => {
    const response = await admin.request('/api/users/me');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('allows CORS for the portal origin only', async () => {
    const allowed = await fetch(`${host.url}/api/users/me`, { method: 'OPTIONS', headers: { origin: 'http://localhost:4321', 'access-control-request-method': 'GET' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
    const other = await fetch(`${host.url}/api/users/me`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once a user exceeds their budget', async () => {
    const limited = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '3' } });
    try {
      const person = await limited.signIn();
      const statuses: number[] = [];
      for (let index = 0; index < 4; index += 1) statuses.push((await person.request('/api/users/me')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const response = await person.request('/api/users/me');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('ops endpoints', () => {
  it('reports health without a token', async () => {
    const response = await fetch(`${host.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { store: { ok: true }, queue: { ok: true } } });
  });

  it('exports request counts and latency histograms by function, route and status', async () => {
    await admin.request('/api/tenants/current');
    const text = await (await fetch(`${host.url}/metrics`)).text();
    expect(text).toMatch(/http_requests_total\{function="tenants",route="\/api\/tenants\/current",method="GET",status="200"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('queue_depth');
  });

  it('publishes an OpenAPI 3.1 document generated from the route schemas, with a viewer', async () => {
    const document = (await (await fetch(`${host.url}/api/docs/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/users/invites']?.post?.requestBody).toBeDefined();
    expect(Object.keys(document.paths)).toContain('/api/users/{id}');
    const page = await fetch(`${host.url}/api/docs`);
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${host.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
