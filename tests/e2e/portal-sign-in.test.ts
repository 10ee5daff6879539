import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, launchChromium, newContext } from './support/browser.ts';
import { fixtureMe } from './support/portal-fixtures.ts';
import { ensureSiteBuilt, ROOT_DIR } from './support/site-build.ts';
import { startStaticSite, type StaticSiteServer } from './support/static-site-server.ts';

/**
 * The portal's session against the real Firebase Auth emulator (started by the e2e project's
 * global setup, which sets FIREBASE_AUTH_EMULATOR_HOST). The API is answered in the browser.
 *
 * The popup and redirect flows themselves cannot run here: even with the emulator, the SDK loads
 * https://apis.google.com/js/api.js for its auth iframe, and this machine has no internet. The
 * account is therefore signed in the way `signInWithCredential` does it (`accounts:signInWithIdp`
 * with a fake Google ID token), and the portal takes it from there.
 */
const emulatorHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
const API_KEY = 'demo-api-key';
let server: StaticSiteServer;
let browser: Browser;

beforeAll(async () => {
  if (!emulatorHost) throw new Error('FIREBASE_AUTH_EMULATOR_HOST is not set: run through the e2e project (its global setup starts the Auth emulator)');
  await ensureSiteBuilt();
  server = await startStaticSite({ rootDir: ROOT_DIR, firebaseInit: { apiKey: API_KEY, authDomain: 'localhost', projectId: 'demo-dealcycle', emulatorHost: `http://${emulatorHost}` } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A Google sign-in through the emulator's REST API: what the SDK's signInWithCredential sends. */
async function emulatorGoogleSignIn(email: string): Promise<{ uid: string; idToken: string; refreshToken: string }> {
  const googleIdToken = JSON.stringify({ sub: `google-${email}`, email, email_verified: true, name: email.split('@')[0] });
  const response = await fetch(`http://${emulatorHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithIdp?key=${API_KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ postBody: `id_token=${encodeURIComponent(googleIdToken)}&providerId=google.com`, requestUri: 'http://localhost', returnSecureToken: true }),
  });
  const body = (await response.json()) as { localId: string; idToken: string; refreshToken: string };
  if (!response.ok) throw new Error(`signInWithIdp failed: ${JSON.stringify(body)}`);
  return { uid: body.localId, idToken: body.idToken, refreshToken: body.refreshToken };
}

async function contextWithSession(session: { uid: string; idToken: string; refreshToken: string; email: string; expiresAt: number }): Promise<BrowserContext> {
  const context = await newContext(browser, 'desktop', server.url);
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem('seeded')) localStorage.setItem('dc.session', value);
    sessionStorage.setItem('seeded', '1');
  }, JSON.stringify(session));
  await context.route('**/api/users/me', (route) => route.fulfill({ json: fixtureMe('acquisition_rep') }));
  await context.route('**/api/notifications', (route) => route.fulfill({ json: { items: [], unread: 0 } }));
  return context;
}

const claimsOf = (authorization: string) => JSON.parse(Buffer.from(authorization.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

describe('portal session with the Auth emulator', () => {
  it('loads the Firebase SDK on the sign-in page only', async () => {
    const context = await newContext(browser, 'desktop', server.url);
    try {
      const page = await context.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      const errors = collectConsoleErrors(page);
      await page.goto('/auth/login');
      await page.waitForLoadState('networkidle');
      expect(scripts.some((path) => path.includes('firebase-sign-in'))).toBe(true);
      expect(errors.errors).toEqual([]);

      scripts.length = 0;
      await page.evaluate(() => localStorage.setItem('dc.session', JSON.stringify({ idToken: 't', refreshToken: 'r', expiresAt: Date.now() + 3_600_000, uid: 'u', email: 'e' })));
      await context.route('**/api/users/me', (route) => route.fulfill({ json: fixtureMe('admin') }));
      await page.goto('/leads');
      await page.waitForLoadState('networkidle');
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((path) => path.includes('firebase'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('renews an expired ID token through the emulator’s Secure Token API and sends the new one', async () => {
    const signedIn = await emulatorGoogleSignIn('ada.refresh@sunrise.test');
    const context = await contextWithSession({ ...signedIn, email: 'ada.refresh@sunrise.test', expiresAt: Date.now() - 1000 });
    try {
      const page = await context.newPage();
      const refresh = page.waitForResponse((response) => response.url().includes('/securetoken.googleapis.com/v1/token'));
      const meRequest = page.waitForRequest('**/api/users/me');
      await page.goto('/leads');
      expect((await refresh).status()).toBe(200);
      const authorization = (await meRequest).headers().authorization ?? '';
      expect(claimsOf(authorization)).toMatchObject({ user_id: signedIn.uid, email: 'ada.refresh@sunrise.test', firebase: { sign_in_provider: 'google.com' } });
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('dc.session') ?? '{}') as { idToken: string; expiresAt: number });
      expect(authorization).toBe(`Bearer ${stored.idToken}`);
      expect(stored.expiresAt).toBeGreaterThan(Date.now());
    } finally {
      await context.close();
    }
  });

  it('sends the person to sign in again when the emulator rejects the refresh token', async () => {
    const context = await contextWithSession({ uid: 'nobody', idToken: 'expired', refreshToken: 'not-a-refresh-token', email: 'x@sunrise.test', expiresAt: Date.now() - 1000 });
    try {
      const page = await context.newPage();
      await page.goto('/deals');
      await page.waitForURL((url) => url.pathname === '/auth/login');
      expect(new URL(page.url()).searchParams.get('next')).toBe('/deals');
      expect(await page.evaluate(() => localStorage.getItem('dc.session'))).toBeNull();
    } finally {
      await context.close();
    }
  });
});
