import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TVerifiedIdentity } from '../../shared/ports/identity.ts';
import type { TServiceContext, TSystemContext } from '../../shared/context/service-context.ts';
import type { TFeature } from '../../shared/tenants/plans.ts';
import type { TLogger } from '../platform/logger.ts';
import type { TPlatform } from '../platform/platform.ts';
import type { Reply } from './reply.ts';

export type THttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route:
 * - `public`: anyone (health, docs, webhooks that verify their own signature, queue pushes);
 * - `signed-in`: a verified Firebase user who may not belong to an organisation yet (onboarding);
 * - `roles`: an active member of a tenant whose role is listed.
 */
export type TAccess = 'public' | 'signed-in' | readonly TRole[];

/** The request as handlers may see it. `publicUrl` is the URL as the caller addressed it (signature checks). */
export interface TRequestInfo {
  method: string;
  path: string;
  publicUrl: string;
  headers: IncomingHttpHeaders;
  ip: string;
  rawBody: Buffer | undefined;
  traceId: string;
}

interface TBaseInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: TRequestInfo;
  log: TLogger;
  platform: TPlatform;
  system: TSystemContext;
}

export type THandlerInput<A extends TAccess, P, Q, B> = TBaseInput<P, Q, B> &
  (A extends 'public' ? object : A extends 'signed-in' ? { identity: TVerifiedIdentity } : { identity: TVerifiedIdentity; ctx: TServiceContext });

export type TBodyType = 'json' | 'form' | 'raw';

export interface TRouteSpec<A extends TAccess, P, Q, B> {
  method: THttpMethod;
  /** Express-style pattern: `/api/leads/:id`. */
  path: string;
  summary: string;
  access: A;
  /** Plan feature the tenant must have (member routes). */
  feature?: TFeature;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** `json` (default), `form` (urlencoded, e.g. Twilio webhooks) or `raw` (a Buffer, e.g. a CSV upload). */
  bodyType?: TBodyType;
  /** Content types accepted by a `raw` route. */
  rawContentTypes?: readonly string[];
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /** Documents the success body in the OpenAPI description. */
  response?: z.ZodType;
  /** Success status when the handler returns plain data (default 200). */
  status?: 200 | 201 | 202 | 204;
  /** Skip per-user/IP rate limiting (queue pushes, which the queue itself throttles). */
  unlimited?: boolean;
  tags?: string[];
  handler: (input: THandlerInput<A, P, Q, B>) => Promise<unknown>;
}

/** A route with its types erased, as the router stores it. */
export type TRoute = TRouteSpec<TAccess, unknown, unknown, unknown>;

/** Declares a route; the generic parameters are inferred from the schemas. */
export function defineRoute<A extends TAccess, P = Record<string, never>, Q = Record<string, never>, B = undefined>(
  spec: TRouteSpec<A, P, Q, B>,
): TRoute {
  return spec as unknown as TRoute;
}

export type THandlerResult = unknown | Reply;
