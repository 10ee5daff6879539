/**
 * The Auth emulator's admin REST API (`Authorization: Bearer owner`), used by the local
 * host to keep the demo accounts present and by tests to sign in the way the portal does.
 * https://firebase.google.com/docs/reference/rest/auth and the emulator's /emulator/openapi.json
 */
export interface TEmulatorAccount {
  uid: string;
  email: string;
  name: string;
  /** Custom claims, e.g. `{tenant_id, role}`. */
  claims?: Record<string, string>;
}

const base = (host: string) => `http://${host}/identitytoolkit.googleapis.com/v1`;

async function call<T>(url: string, body: unknown, admin: boolean): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(admin ? { authorization: 'Bearer owner' } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(`Auth emulator ${url.split('/v1/')[1]}: ${json.error?.message ?? response.status}`);
  return json;
}

/** The Google account id (`sub`) a demo account signs in with. */
export const googleSubject = (uid: string) => `google-${uid}`;

/** Creates the account with this uid, linked to a Google identity, unless it exists. */
export async function ensureEmulatorAccount(host: string, projectId: string, account: TEmulatorAccount): Promise<'created' | 'existing'> {
  const found = await call<{ users?: unknown[] }>(`${base(host)}/projects/${projectId}/accounts:lookup`, { localId: [account.uid] }, true);
  if (found.users?.length) return 'existing';
  await call(`${base(host)}/projects/${projectId}/accounts`, { localId: account.uid, email: account.email, displayName: account.name, emailVerified: true }, true);
  await call(
    `${base(host)}/projects/${projectId}/accounts:update`,
    {
      localId: account.uid,
      linkProviderUserInfo: { providerId: 'google.com', rawId: googleSubject(account.uid), email: account.email, displayName: account.name },
      ...(account.claims ? { customAttributes: JSON.stringify(account.claims) } : {}),
    },
    true,
  );
  return 'created';
}

export interface TEmulatorSession {
  uid: string;
  idToken: string;
  refreshToken: string;
}

/**
 * Signs in as a Google user through the emulator (what `signInWithCredential` does with a
 * fake Google credential): an existing account linked to `sub` is reused, else one is created.
 */
export async function signInWithGoogle(host: string, apiKey: string, google: { sub: string; email: string; name?: string }): Promise<TEmulatorSession> {
  const idToken = JSON.stringify({ sub: google.sub, email: google.email, email_verified: true, name: google.name ?? google.email.split('@')[0] });
  const result = await call<{ localId: string; idToken: string; refreshToken: string }>(
    `${base(host)}/accounts:signInWithIdp?key=${apiKey}`,
    { postBody: `id_token=${encodeURIComponent(idToken)}&providerId=google.com`, requestUri: 'http://localhost', returnSecureToken: true },
    false,
  );
  return { uid: result.localId, idToken: result.idToken, refreshToken: result.refreshToken };
}

/** A fresh ID token (with current custom claims) from a refresh token, as the portal's API client does. */
export async function refreshIdToken(host: string, apiKey: string, refreshToken: string): Promise<string> {
  const response = await fetch(`http://${host}/securetoken.googleapis.com/v1/token?key=${apiKey}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  const json = (await response.json()) as { id_token?: string; error?: { message?: string } };
  if (!json.id_token) throw new Error(`Token refresh failed: ${json.error?.message ?? response.status}`);
  return json.id_token;
}
