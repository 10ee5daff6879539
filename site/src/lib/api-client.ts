import { signInUrl } from './navigation.ts';
import { clearSession, needsRefresh, readSession, refreshSession, SessionExpiredError, writeSession, type TSession } from './session.ts';

/**
 * The one typed client every island uses for `/api`. It attaches the signed-in person's ID token,
 * refreshes it before expiry (and once more on a 401), turns `application/problem+json` answers
 * into `ApiError`s with per-field errors, and retries only requests that are safe to repeat.
 */

/** One field's problem in a problem+json body: `field` is a dot path such as `address.zip`. */
export interface TProblemField {
  location: string;
  field: string;
  detail: string;
}

/**
 * RFC 9457 problem details as the API sends them.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface TProblem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: TProblemField[];
  /** Extension members a route adds (e.g. `existing_lead_id` on a duplicate's 409). */
  [extension: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: TProblem;

  constructor(problem: TProblem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'error';
    this.problem = problem;
  }

  /** Field errors keyed by dot path, first message per field, for forms. */
  get fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) byField[error.field] ??= error.detail;
    return byField;
  }
}

export interface TRequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  signal?: AbortSignal;
  /** Retry on network errors, 429 and 5xx even though the method is not GET/HEAD (the caller knows it is idempotent). */
  idempotent?: boolean;
  /** Send without a token (public endpoints). */
  anonymous?: boolean;
  /** A file sent as the raw request body (CSV uploads) instead of JSON. */
  file?: { body: Blob; contentType: string };
  /** Read the answer as a file (CSV downloads) instead of JSON. */
  asFile?: boolean;
  /** Send before the page has confirmed a membership (`/api/users/me` itself). */
  beforeMembership?: boolean;
}

/** A file the API answered with (`Content-Disposition` names it). */
export interface TDownloadedFile {
  blob: Blob;
  filename: string | null;
}

export interface TApiClientDeps {
  fetch?: typeof fetch;
  now?: () => number;
  /** Waits between retries; injected so tests need no real time. */
  sleep?: (ms: number) => Promise<void>;
  storage?: Storage;
  refresh?: (session: TSession) => Promise<TSession>;
  /** Called when the session cannot be renewed (sign-in again). */
  onSignedOut?: () => void;
  maxRetries?: number;
  /** Resolves when requests may go out; until then a page does not yet know its person belongs to an organisation. */
  membership?: () => Promise<void> | undefined;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

export function createApiClient(deps: TApiClientDeps = {}) {
  const fetcher = deps.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const store = deps.storage ?? globalThis.localStorage;
  const refresh = deps.refresh ?? ((session: TSession) => refreshSession(session, { fetch: fetcher, now }));
  const maxRetries = deps.maxRetries ?? 2;
  let refreshing: Promise<TSession> | null = null;

  /** One refresh at a time, however many requests need it. */
  function renew(session: TSession): Promise<TSession> {
    refreshing ??= refresh(session)
      .then((fresh) => {
        writeSession(fresh, store);
        return fresh;
      })
      .catch((error: unknown) => {
        if (error instanceof SessionExpiredError) {
          clearSession(store);
          deps.onSignedOut?.();
        }
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function token(force: boolean): Promise<string | null> {
    const session = readSession(store);
    if (!session) return null;
    if (force || needsRefresh(session, now())) return (await renew(session)).idToken;
    return session.idToken;
  }

  async function request<T>(method: string, path: string, options: TRequestOptions = {}): Promise<T> {
    const url = buildUrl(path, options.query);
    if (!options.beforeMembership) await deps.membership?.();
    const safe = method === 'GET' || method === 'HEAD' || options.idempotent === true;
    // A 401 earns one forced refresh for the next attempt, never more.
    let refreshedAfter401 = false;
    let refreshNext = false;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: options.asFile ? '*/*' : 'application/json, application/problem+json' };
      if (options.file) headers['content-type'] = options.file.contentType;
      else if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (!options.anonymous) {
        const idToken = await token(refreshNext);
        refreshNext = false;
        if (!idToken) throw signedOutError(deps);
        headers.authorization = `Bearer ${idToken}`;
      }
      let response: Response;
      try {
        response = await fetcher(url, {
          method,
          headers,
          body: options.file ? options.file.body : options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: options.signal,
          credentials: 'same-origin',
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (safe && attempt < maxRetries) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'network', detail: 'Could not reach DealCycle. Check your connection and try again.' });
      }
      if (response.status === 401 && !options.anonymous && !refreshedAfter401) {
        // The token may have been revoked or its claims changed: renew once and repeat.
        refreshedAfter401 = true;
        refreshNext = true;
        attempt--;
        continue;
      }
      if (safe && RETRYABLE.has(response.status) && attempt < maxRetries) {
        await sleep(retryAfter(response) ?? backoff(attempt));
        continue;
      }
      if (response.status === 401 && !options.anonymous) {
        // Still refused with a fresh token: the session was revoked (e.g. the account was
        // deactivated). Only signing in again helps.
        clearSession(store);
        deps.onSignedOut?.();
      }
      if (response.status === 204) return undefined as T;
      if (!response.ok) throw new ApiError(await readProblem(response));
      if (options.asFile) return { blob: await response.blob(), filename: attachmentName(response.headers.get('content-disposition')) } as T;
      return (await response.json()) as T;
    }
  }

  return {
    get: <T>(path: string, options?: Omit<TRequestOptions, 'body'>) => request<T>('GET', path, options),
    post: <T>(path: string, body?: unknown, options?: TRequestOptions) => request<T>('POST', path, { ...options, body }),
    patch: <T>(path: string, body: unknown, options?: TRequestOptions) => request<T>('PATCH', path, { ...options, body }),
    /** Not retried by default: a PUT guarded by a version would answer 409 to its own repeat. */
    put: <T>(path: string, body: unknown, options?: TRequestOptions) => request<T>('PUT', path, { ...options, body }),
    delete: <T = void>(path: string, options?: TRequestOptions) => request<T>('DELETE', path, options),
    /** POSTs a file as the raw body (a CSV import), answered with JSON. Not retried: an upload is not idempotent. */
    upload: <T>(path: string, file: Blob, options?: Omit<TRequestOptions, 'body' | 'file'>) =>
      request<T>('POST', path, { ...options, file: { body: file, contentType: csvContentType(file) } }),
    /** GETs a file (a CSV export or error report) with the session's token, which a plain link cannot send. */
    download: (path: string, options?: Omit<TRequestOptions, 'body' | 'file' | 'asFile'>) => request<TDownloadedFile>('GET', path, { ...options, asFile: true }),
    /** Renews the ID token now (after `claimsChanged`, creating an organisation, accepting an invite). */
    refreshToken: async (): Promise<void> => {
      await token(true);
    },
  };
}

export type TApiClient = ReturnType<typeof createApiClient>;

/**
 * Uploads go as `text/csv` whatever the browser calls the file ('' or vnd.ms-excel for `.csv`):
 * the API reads the bytes and says so when a workbook or a PDF was chosen instead.
 */
const csvContentType = (_file: Blob): string => 'text/csv';

/** `attachment; filename="leads-2026-11-02.csv"` → the name (RFC 6266; the plain form is what the API sends). */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}

function signedOutError(deps: TApiClientDeps): ApiError {
  deps.onSignedOut?.();
  return new ApiError({ type: 'about:blank', title: 'Signed out', status: 401, code: 'unauthenticated', detail: 'Please sign in.' });
}

function buildUrl(path: string, query: TRequestOptions['query']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const suffix = search.size > 0 ? `${path.includes('?') ? '&' : '?'}${search}` : '';
  return `${path}${suffix}`;
}

/** 250 ms, 1 s, 4 s …: enough for a cold start, short enough that a person waits. */
function backoff(attempt: number): number {
  return 250 * 4 ** attempt;
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) ? Math.min(seconds, 10) * 1000 : undefined;
}

async function readProblem(response: Response): Promise<TProblem> {
  const fallback: TProblem = { type: 'about:blank', title: response.statusText || 'Request failed', status: response.status, code: statusCode(response.status) };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body = (await response.json()) as Partial<TProblem>;
    return {
      ...fallback,
      ...body,
      status: typeof body.status === 'number' ? body.status : response.status,
      errors: Array.isArray(body.errors) ? body.errors : undefined,
    };
  } catch {
    return fallback;
  }
}

function statusCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'unavailable' : 'error';
}

let shared: TApiClient | undefined;

const MEMBERSHIP_CONFIRMED = 'dc:membership-confirmed';

/**
 * App pages render `<body data-membership="pending">`: their islands' requests wait until the
 * header's `/api/users/me` confirms a membership (after renewing the token when the claims
 * changed), so a newcomer on their way to onboarding never fires tenant requests that would be
 * refused, and a new member's first requests carry the new claims.
 */
function waitForMembership(): Promise<void> | undefined {
  if (typeof document === 'undefined' || document.body.dataset.membership !== 'pending') return undefined;
  return new Promise((resolve) => document.addEventListener(MEMBERSHIP_CONFIRMED, () => resolve(), { once: true }));
}

/** Lets the page's waiting requests go (the person is a member, or the API could not tell and each request will say why). */
export function confirmMembership(): void {
  document.body.dataset.membership = 'confirmed';
  document.dispatchEvent(new Event(MEMBERSHIP_CONFIRMED));
}

/** The page's client: one per page so concurrent islands share a single token refresh. */
export function api(): TApiClient {
  shared ??= createApiClient({
    membership: waitForMembership,
    onSignedOut: () => {
      if (!location.pathname.startsWith('/auth/')) location.assign(signInUrl(location.pathname + location.search));
    },
  });
  return shared;
}
