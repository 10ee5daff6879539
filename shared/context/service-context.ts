import type { TPrincipal } from '../auth/principal.ts';
import type { TEventPublisher } from '../events/domain-event.ts';
import type { TAiModel } from '../ports/ai.ts';
import type { TBlobStore } from '../ports/blob-store.ts';
import type { TClock } from '../ports/clock.ts';
import type { TDatabase } from '../ports/document-store.ts';
import type { TEmailSender } from '../ports/email.ts';
import type { TIdempotencyLedger } from '../ports/idempotency.ts';
import type { TIdentityProvider } from '../ports/identity.ts';
import type { TQueue } from '../ports/queue.ts';
import type { TRateLimiter } from '../ports/rate-limiter.ts';
import type { TSecrets } from '../ports/secrets.ts';
import type { TTelephony } from '../ports/telephony.ts';
import type { TTenantDatabase } from '../tenancy/tenant-database.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';

/** Minimal structured logger services may use (pino's signature). */
export interface TLog {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/**
 * Outside services a domain service may reach, through their ports. Heavy adapters are
 * behind async getters so a function only loads what its code path uses.
 */
export interface TServicePorts {
  clock: TClock;
  queue(): Promise<TQueue>;
  idempotency(): Promise<TIdempotencyLedger>;
  rateLimiter(): Promise<TRateLimiter>;
  secrets(): Promise<TSecrets>;
  email(): Promise<TEmailSender>;
  identity(): Promise<TIdentityProvider>;
  /** Uploaded files handed to background jobs (CSV imports). */
  blobs(): Promise<TBlobStore>;
  /** SMS and calls: Twilio, or the local sandbox (`TELEPHONY`). */
  telephony(): Promise<TTelephony>;
  /** The generative model when `AI_PROVIDER=gemini`, else null (the rules answer). */
  ai(): Promise<TAiModel | null>;
}

/** What every tenant-scoped domain service receives: the caller, their tenant, and tenant-bound data access. */
export interface TServiceContext {
  principal: TPrincipal;
  tenant: TTenantRecord;
  db: TTenantDatabase;
  events: TEventPublisher;
  ports: TServicePorts;
  log: TLog;
}

/**
 * For the few services that work across tenants (sign-up, membership lookup, background
 * jobs before they know their tenant). Everything else gets a `TServiceContext`.
 */
export interface TSystemContext {
  db: TDatabase;
  ports: TServicePorts;
  log: TLog;
}
