import { loadFirebaseInit, secureTokenBase, type TFirebaseInit } from './firebase-init.ts';

/**
 * The signed-in session, kept in localStorage so every page (without the Firebase SDK) can call
 * the API. Only the sign-in pages load the SDK; everything else refreshes the ID token itself
 * through the Secure Token REST API.
 */
export interface TSession {
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when `idToken` expires. */
  expiresAt: number;
  uid: string;
  email: string;
}

/** What the chrome shows before `/api/users/me` answers: cached from the last answer. */
export interface TProfileCache {
  name: string;
  email: string;
  role: string | null;
  tenantName: string | null;
}

export const SESSION_KEY = 'dc.session';
export const PROFILE_KEY = 'dc.profile';
/** Dispatched on `window` when the cached profile changes (the header's `/api/users/me` answered). */
export const PROFILE_EVENT = 'dc:profile';
/** Refresh this long before expiry so a request never leaves with a token about to lapse. */
export const REFRESH_MARGIN_MS = 60_000;

const storage = (): Storage | undefined => globalThis.localStorage;

export function readSession(store: Storage | undefined = storage()): TSession | null {
  const raw = store?.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<TSession>;
    if (typeof value.idToken !== 'string' || typeof value.refreshToken !== 'string' || typeof value.expiresAt !== 'number') return null;
    return { idToken: value.idToken, refreshToken: value.refreshToken, expiresAt: value.expiresAt, uid: String(value.uid ?? ''), email: String(value.email ?? '') };
  } catch {
    return null;
  }
}

export function writeSession(session: TSession, store: Storage | undefined = storage()): void {
  store?.setItem(SESSION_KEY, JSON.stringify(session));
}

export function readProfile(store: Storage | undefined = storage()): TProfileCache | null {
  try {
    const raw = store?.getItem(PROFILE_KEY);
    return raw ? (JSON.parse(raw) as TProfileCache) : null;
  } catch {
    return null;
  }
}

export function writeProfile(profile: TProfileCache, store: Storage | undefined = storage()): void {
  store?.setItem(PROFILE_KEY, JSON.stringify(profile));
  if (profile.role) document.documentElement.dataset.role = profile.role;
  // Islands that tailor themselves to the role (lists, boards) learn when the header confirms it.
  globalThis.dispatchEvent?.(new Event(PROFILE_EVENT));
}

/** Forgets the session on this device (sign-out). Firebase keeps no copy: the SDK runs with in-memory persistence. */
export function clearSession(store: Storage | undefined = storage()): void {
  store?.removeItem(SESSION_KEY);
  store?.removeItem(PROFILE_KEY);
}

export function needsRefresh(session: TSession, now: number): boolean {
  return session.expiresAt - now <= REFRESH_MARGIN_MS;
}

/**
 * Response of `POST <base>/v1/token?key=<apiKey>` with `grant_type=refresh_token` (fields we use):
 * `id_token`, `refresh_token`, `expires_in` (seconds, as a string), `user_id`.
 * @see https://firebase.google.com/docs/reference/rest/auth#section-refresh-token
 */
interface TSecureTokenResponse {
  id_token?: string;
  refresh_token?: string;
  expires_in?: string;
  user_id?: string;
}

export class SessionExpiredError extends Error {
  constructor(message = 'Your session has ended. Please sign in again.') {
    super(message);
    this.name = 'SessionExpiredError';
  }
}

export interface TRefreshDeps {
  fetch?: typeof fetch;
  now?: () => number;
  init?: TFirebaseInit;
}

/** Exchanges the refresh token for a new ID token. A 400 (revoked, disabled, expired) ends the session. */
export async function refreshSession(session: TSession, deps: TRefreshDeps = {}): Promise<TSession> {
  const fetcher = deps.fetch ?? fetch.bind(globalThis);
  const now = deps.now ?? Date.now;
  const init = deps.init ?? (await loadFirebaseInit(fetcher));
  const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: session.refreshToken });
  const response = await fetcher(`${secureTokenBase(init)}/v1/token?key=${encodeURIComponent(init.apiKey)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (response.status === 400 || response.status === 401 || response.status === 403) throw new SessionExpiredError();
  if (!response.ok) throw new Error(`Token refresh failed (HTTP ${response.status})`);
  const data = (await response.json()) as TSecureTokenResponse;
  if (!data.id_token || !data.refresh_token) throw new SessionExpiredError();
  return {
    idToken: data.id_token,
    refreshToken: data.refresh_token,
    expiresAt: now() + Number(data.expires_in ?? '3600') * 1000,
    uid: data.user_id ?? session.uid,
    email: session.email,
  };
}
