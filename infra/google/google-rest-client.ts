/**
 * One small authenticated client for the Google REST APIs DealCycle calls (Pub/Sub, Cloud
 * Tasks, Firestore, Secret Manager, Cloud Storage) instead of their gRPC client libraries: bundles and
 * cold starts stay small, and every call can be tested at its HTTP boundary (see README.md).
 *
 * Errors come back as `GoogleApiError` carrying Google's canonical status
 * (`{error: {code, status, message}}`, https://cloud.google.com/apis/design/errors).
 * Only calls marked idempotent are retried (429, 5xx, timeouts, network errors) with
 * exponential backoff and jitter; anything else fails on the first error so a caller never
 * repeats a non-idempotent write behind its own back.
 */

export type TGoogleService = 'pubsub' | 'cloudtasks' | 'firestore' | 'secretmanager' | 'storage';

/** What the client needs from `GoogleAuth`: per-request headers carrying the access token. */
export interface TGoogleAuth {
  getRequestHeaders(url?: string): Promise<Headers>;
}

export interface TGoogleRestClientOptions {
  /** Defaults to Application Default Credentials with the cloud-platform scope; tests pass a fixed-token GoogleAuth. */
  auth?: TGoogleAuth;
  /** Replaces `https://<service>.googleapis.com` for every service (a local server in tests). */
  baseUrl?: string;
  /** Per-attempt deadline. */
  timeoutMs?: number;
  /** Retries after the first attempt, idempotent calls only. */
  maxRetries?: number;
  /** First backoff step; doubles per retry, capped at 8 s, with ±50 % jitter. */
  initialBackoffMs?: number;
  /** Waits between retries; injected so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

export interface TGoogleRequest {
  service: TGoogleService;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path from the service root, e.g. `/v1/projects/p/topics/t:publish`. */
  path: string;
  body?: unknown;
  /** Safe to send twice: only then are 429/5xx/timeouts retried. */
  idempotent: boolean;
}

/** Bytes rather than JSON (Cloud Storage media uploads and downloads). */
export interface TGoogleMediaRequest {
  service: TGoogleService;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path and query from the service root, e.g. `/upload/storage/v1/b/bucket/o?uploadType=media&name=x`. */
  path: string;
  body?: Uint8Array;
  contentType?: string;
  idempotent: boolean;
}

export interface TGoogleRestClient {
  request<T>(request: TGoogleRequest): Promise<T>;
  /**
   * Same auth, errors and retries as `request`, for bytes: resolves with the successful
   * `Response` for the caller to read or stream. The deadline covers the wait for the response
   * headers only, so a long download is not cut off; a retry happens only before any byte of a
   * body was handed over.
   */
  requestMedia(request: TGoogleMediaRequest): Promise<Response>;
}

/** Google's canonical error codes as they appear in `error.status`. */
export type TGoogleStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'OUT_OF_RANGE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ABORTED'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'CANCELLED'
  | 'DATA_LOSS'
  | 'UNKNOWN'
  | 'INTERNAL'
  | 'NOT_IMPLEMENTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED';

const STATUS_BY_HTTP: Record<number, TGoogleStatus> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** A failed Google API call. `httpStatus` is 0 when no response arrived (timeout, network). */
export class GoogleApiError extends Error {
  readonly httpStatus: number;
  readonly status: TGoogleStatus | string;
  readonly details: unknown[];

  constructor(httpStatus: number, status: TGoogleStatus | string, message: string, options: { details?: unknown[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'GoogleApiError';
    this.httpStatus = httpStatus;
    this.status = status;
    this.details = options.details ?? [];
  }

  /** Transient: worth retrying when the call is idempotent. */
  get retryable(): boolean {
    return this.httpStatus === 0 || this.httpStatus === 429 || this.httpStatus >= 500;
  }
}

export const isGoogleApiError = (error: unknown, status?: TGoogleStatus): error is GoogleApiError =>
  error instanceof GoogleApiError && (status === undefined || error.status === status);

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
const MAX_BACKOFF_MS = 8_000;

export function createGoogleRestClient(options: TGoogleRestClientOptions = {}): TGoogleRestClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 4;
  const initialBackoffMs = options.initialBackoffMs ?? 250;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let auth: Promise<TGoogleAuth> | undefined = options.auth ? Promise.resolve(options.auth) : undefined;
  // The auth library is loaded on the first call, not at import: cold starts of functions that never call Google stay small.
  const getAuth = () =>
    (auth ??= import('google-auth-library').then(({ GoogleAuth: Auth }): TGoogleAuth => new Auth({ scopes: CLOUD_PLATFORM_SCOPE })));

  const urlFor = (service: TGoogleService, path: string) => `${(options.baseUrl ?? `https://${service}.googleapis.com`).replace(/\/$/, '')}${path}`;

  async function attempt<T>(request: TGoogleRequest): Promise<{ value: T } | { error: GoogleApiError; retryAfterMs?: number }> {
    const url = urlFor(request.service, request.path);
    const headers = new Headers(await (await getAuth()).getRequestHeaders(url));
    headers.set('accept', 'application/json');
    if (request.body !== undefined) headers.set('content-type', 'application/json');
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof DOMException && cause.name === 'TimeoutError';
      const message = timedOut ? `${request.method} ${request.path} timed out after ${timeoutMs} ms` : `${request.method} ${request.path} failed: ${String(cause)}`;
      return { error: new GoogleApiError(0, timedOut ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE', message, { cause }) };
    }
    const text = await response.text();
    if (response.ok) return { value: (text ? JSON.parse(text) : {}) as T };
    const retryAfter = Number(response.headers.get('retry-after'));
    return { error: toGoogleApiError(response.status, text, request), retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
  }

  async function attemptMedia(request: TGoogleMediaRequest): Promise<{ value: Response } | { error: GoogleApiError; retryAfterMs?: number }> {
    const url = urlFor(request.service, request.path);
    const headers = new Headers(await (await getAuth()).getRequestHeaders(url));
    if (request.contentType) headers.set('content-type', request.contentType);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException('headers timed out', 'TimeoutError')), timeoutMs);
    let response: Response;
    try {
      // A Buffer is a valid fetch body; the DOM typings only want ArrayBuffer-backed views.
      response = await fetch(url, { method: request.method, headers, body: request.body as Uint8Array<ArrayBuffer> | undefined, signal: controller.signal });
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      const message = timedOut ? `${request.method} ${request.path} timed out after ${timeoutMs} ms` : `${request.method} ${request.path} failed: ${String(cause)}`;
      return { error: new GoogleApiError(0, timedOut ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE', message, { cause }) };
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) return { value: response };
    const retryAfter = Number(response.headers.get('retry-after'));
    return { error: toGoogleApiError(response.status, await response.text(), request), retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined };
  }

  async function withRetries<T>(
    idempotent: boolean,
    run: () => Promise<{ value: T } | { error: GoogleApiError; retryAfterMs?: number | undefined }>,
  ): Promise<T> {
    for (let retry = 0; ; retry++) {
      const outcome = await run();
      if ('value' in outcome) return outcome.value;
      if (!idempotent || !outcome.error.retryable || retry >= maxRetries) throw outcome.error;
      const backoff = Math.min(MAX_BACKOFF_MS, initialBackoffMs * 2 ** retry) * (0.5 + Math.random());
      await sleep(Math.max(backoff, outcome.retryAfterMs ?? 0));
    }
  }

  return {
    request: <T>(request: TGoogleRequest) => withRetries(request.idempotent, () => attempt<T>(request)),
    requestMedia: (request) => withRetries(request.idempotent, () => attemptMedia(request)),
  };
}

function toGoogleApiError(httpStatus: number, text: string, request: Pick<TGoogleRequest, 'method' | 'path'>): GoogleApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  // Google's error JSON: {error: {code, status, message, details}}; proxies may answer with plain text.
  const error = (body as { error?: { status?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const status = typeof error?.status === 'string' ? error.status : (STATUS_BY_HTTP[httpStatus] ?? (httpStatus >= 500 ? 'INTERNAL' : 'UNKNOWN'));
  const message = typeof error?.message === 'string' ? error.message : text.slice(0, 200) || `HTTP ${httpStatus}`;
  return new GoogleApiError(httpStatus, status, `${request.method} ${request.path}: ${status}: ${message}`, {
    details: Array.isArray(error?.details) ? error.details : [],
  });
}
