import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline as pipeStreams } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { ZodType } from 'zod';
import type { TServiceContext, TSystemContext } from '../../shared/context/service-context.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import type { TVerifiedIdentity } from '../../shared/ports/identity.ts';
import { createEventPublisher } from '../../shared/events/event-publisher.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { resolveMembership } from '../../shared/users/resolve-membership.ts';
import type { TPlatform } from '../platform/platform.ts';
import { traceFields } from '../platform/logger.ts';
import { DEFAULT_MAX_BODY_BYTES, decodeBody, mediaType, queryObject, readRawBody } from './body.ts';
import { toProblem, validationError } from './problem.ts';
import { Reply } from './reply.ts';
import type { TRequestInfo, TRoute } from './route.ts';
import { createRouter } from './router.ts';
import { readTraceContext } from './trace-context.ts';

export type TRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const API_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The one request pipeline every function uses: correlation id and structured log → CORS
 * and security headers → route → rate limits → ID token → principal and role → plan
 * feature → body limits and content type → zod-validated params/query/body → handler →
 * JSON (or a `Reply`), or an `application/problem+json` error.
 */
export function createRequestHandler(functionName: string, routes: readonly TRoute[], getPlatform: () => Promise<TPlatform>): TRequestHandler {
  const router = createRouter(routes);
  const tenantCache = new Map<string, { record: TTenantRecord; expires: number }>();

  return async (req, res) => {
    const started = performance.now();
    const platform = await getPlatform();
    const { config } = platform;
    const trace = readTraceContext(req.headers);
    const log = platform.logger.child({ ...traceFields(config.projectId, trace.traceId, trace.spanId), function: functionName });
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://function.internal');
    let routeLabel = 'unmatched';

    try {
      for (const [name, value] of Object.entries(API_HEADERS)) res.setHeader(name, value);
      if (config.runtime === 'gcp') res.setHeader('strict-transport-security', 'max-age=63072000; includeSubDomains');
      if (applyCors(req, res, config.portalOrigins) && method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }

      const match = router.match(method, url.pathname);
      if (match.kind === 'none') throw new AppError('not_found', `No route for ${method} ${url.pathname}`);
      if (match.kind === 'method') {
        res.setHeader('allow', match.allow.join(', '));
        throw new AppError('method_not_allowed', `${method} is not allowed here; use ${match.allow.join(' or ')}`);
      }
      const { route } = match;
      routeLabel = route.path;

      const ip = clientIp(req, config.trustProxy);
      if (!route.unlimited) await enforceRateLimit(platform, `ip:${ip}`, config.rateLimits.ipPerMinute, res);

      const system: TSystemContext = { db: await platform.db(), ports: platform, log };
      let identity: TVerifiedIdentity | undefined;
      let ctx: TServiceContext | undefined;
      if (route.access !== 'public') {
        identity = await authenticate(platform, req);
        log.setBindings({ uid: identity.uid });
        if (route.access !== 'signed-in') {
          const membership = await resolveMembership(system, identity, (tenantId) => loadTenant(system, tenantCache, tenantId));
          if (!route.access.includes(membership.principal.role)) {
            throw new AppError('forbidden', `Your role (${membership.principal.role.replace(/_/g, ' ')}) cannot do this`);
          }
          if (route.feature && !membership.tenant.plan.features[route.feature]) {
            throw new AppError('feature_disabled', `Your plan does not include ${route.feature.replace(/_/g, ' ')}`, { extensions: { feature: route.feature } });
          }
          log.setBindings({ tenant_id: membership.tenant._id });
          ctx = {
            principal: membership.principal,
            tenant: membership.tenant,
            db: bindTenant(system.db, membership.tenant._id),
            events: createEventPublisher(platform.queue, membership.tenant._id, platform.clock),
            ports: platform,
            log,
          };
        }
        if (!route.unlimited) await enforceRateLimit(platform, `user:${identity.uid}`, config.rateLimits.userPerMinute, res);
      }

      const rawBody = ['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method) && !req.headers['content-length']
        ? undefined
        : await readRawBody(req, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      const request: TRequestInfo = {
        method,
        path: url.pathname,
        publicUrl: `${config.publicUrl}${url.pathname}${url.search}`,
        headers: req.headers,
        ip,
        rawBody,
        traceId: trace.traceId,
      };

      const params = parse(route.params, match.params, 'params');
      const query = parse(route.query, queryObject(url.searchParams), 'query');
      const body = parse(route.body, decodeRouteBody(route, rawBody, mediaType(req)), 'body');

      const result = await route.handler({ params, query, body, request, log, platform, system, identity, ctx } as never);
      await send(res, method, result instanceof Reply ? result : Reply.json(result, route.status ?? 200));
    } catch (error) {
      const { problem, retryAfterSeconds, unexpected } = toProblem(error, trace.traceId);
      if (unexpected) log.error({ err: error }, `Unhandled error in ${method} ${routeLabel}`);
      else if (problem.status >= 500) log.warn({ err: error }, problem.detail);
      if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
      if (problem.status === 413) res.setHeader('connection', 'close');
      if (!res.headersSent) {
        res.writeHead(problem.status, { 'content-type': 'application/problem+json; charset=utf-8' }).end(JSON.stringify(problem));
      } else {
        res.destroy(error as Error);
      }
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const labels = { function: functionName, route: routeLabel, method, status: String(res.statusCode) };
      platform.metrics.requests.inc(labels);
      platform.metrics.duration.observe(labels, seconds);
      log.info(
        {
          httpRequest: {
            requestMethod: method,
            requestUrl: url.pathname,
            status: res.statusCode,
            latency: `${seconds.toFixed(4)}s`,
            userAgent: req.headers['user-agent'],
          },
        },
        `${method} ${url.pathname} ${res.statusCode}`,
      );
    }
  };
}

function parse<T>(schema: ZodType<T> | undefined, value: unknown, location: 'params' | 'query' | 'body'): T | undefined {
  if (!schema) {
    if (location === 'body' && value !== undefined) throw new AppError('invalid', 'This endpoint takes no request body');
    return undefined;
  }
  const result = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (!result.success) throw validationError(result.error, location);
  return result.data;
}

function decodeRouteBody(route: TRoute, rawBody: Buffer | undefined, contentType: string | undefined): unknown {
  if (!rawBody || rawBody.length === 0) return undefined;
  const type = route.bodyType ?? 'json';
  if (type !== 'raw') return decodeBody(rawBody, type, contentType);
  const accepted = route.rawContentTypes ?? [];
  if (accepted.length > 0 && (!contentType || !accepted.includes(contentType))) {
    throw new AppError('unsupported_media_type', `Send the file as ${accepted.join(' or ')}`, { extensions: { accepted } });
  }
  return rawBody;
}

async function authenticate(platform: TPlatform, req: IncomingMessage): Promise<TVerifiedIdentity> {
  const header = req.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (!token) throw new AppError('unauthenticated', 'Sign in first: send a Firebase ID token as "Authorization: Bearer <token>"');
  return (await platform.identity()).verifyIdToken(token);
}

const TENANT_CACHE_MS = 10_000;

/** Tenants change rarely (plan, settings); a short cache saves a lookup on every request. */
async function loadTenant(system: TSystemContext, cache: Map<string, { record: TTenantRecord; expires: number }>, tenantId: string) {
  const now = Date.now();
  const cached = cache.get(tenantId);
  if (cached && cached.expires > now) return cached.record;
  const record = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: tenantId });
  if (record) cache.set(tenantId, { record, expires: now + TENANT_CACHE_MS });
  return record;
}

async function enforceRateLimit(platform: TPlatform, key: string, limit: number, res: ServerResponse): Promise<void> {
  if (limit === 0) return;
  const decision = await (await platform.rateLimiter()).consume(`http:${key}`, { limit, windowSeconds: 60 });
  res.setHeader('ratelimit-remaining', String(decision.remaining));
  if (!decision.allowed) {
    throw new AppError('rate_limited', `Too many requests; try again in ${decision.retryAfterSeconds} s`, { retryAfterSeconds: decision.retryAfterSeconds });
  }
}

/** Sets CORS headers for an allowed portal origin; returns true when the request carried one. */
function applyCors(req: IncomingMessage, res: ServerResponse, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  res.setHeader('vary', 'Origin');
  if (!origin || !allowed.includes(origin)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
  res.setHeader('access-control-allow-headers', 'Authorization, Content-Type, traceparent');
  res.setHeader('access-control-expose-headers', 'Retry-After, Content-Disposition');
  res.setHeader('access-control-max-age', '600');
  return true;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

async function send(res: ServerResponse, method: string, reply: Reply): Promise<void> {
  for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
  if (reply.kind === 'empty' || reply.status === 204) {
    res.writeHead(reply.status).end();
    return;
  }
  if (reply.kind === 'stream') {
    res.writeHead(reply.status);
    if (method === 'HEAD') return void res.end();
    await pipeStreams(reply.body as Readable, res);
    return;
  }
  const payload = reply.kind === 'json' ? JSON.stringify(reply.body) : String(reply.body);
  if (reply.kind === 'json') res.setHeader('content-type', 'application/json; charset=utf-8');
  res.writeHead(reply.status, { 'content-length': Buffer.byteLength(payload) });
  res.end(method === 'HEAD' ? undefined : payload);
}
