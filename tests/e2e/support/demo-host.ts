import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_TENANT_ID } from '../../../shared/demo/demo-accounts.ts';
import { seedDemoTenant } from '../../../shared/demo/seed-demo-tenant.ts';
import type { TRole } from '../../../shared/auth/principal.ts';
import { ensureEmulatorAccount, googleSubject, signInWithGoogle } from '../../../infra/firebase/emulator-accounts.ts';
import { startWorkers } from '../../../infra/local-host/start-workers.ts';
import { startTestHost, type TTestHost } from '../../support/test-host.ts';
import { newContext, type TViewportName } from './browser.ts';
import { ensureSiteBuilt, ROOT_DIR } from './site-build.ts';

const emulatorHost = () => inject('authEmulatorHost');

/**
 * The local host serving the built portal with the demo organisation seeded, as `npm start`
 * has it: Lone Star Home Buyers, its team (one account per role, present in the Auth emulator)
 * and its leads, follow-ups and timelines — the data the CRM pages are screenshotted with.
 */
export async function startDemoHost(options: { /** Run queued jobs (CSV imports) as `npm start` does. */ workers?: boolean } = {}): Promise<TTestHost> {
  await ensureSiteBuilt();
  const host = await startTestHost({ siteDir: join(ROOT_DIR, 'site', 'dist') });
  await seedDemoTenant({ db: await host.platform.db(), ports: host.platform, log: host.platform.logger });
  for (const account of DEMO_ACCOUNTS) {
    await ensureEmulatorAccount(emulatorHost(), host.platform.config.projectId, { ...account, claims: { tenant_id: DEMO_TENANT_ID, role: account.role } });
  }
  if (!options.workers) return host;
  const workers = await startWorkers(host.platform);
  return {
    ...host,
    async close() {
      await workers.stop();
      await host.close();
    },
  };
}

/** The demo account of a role (the first, when a role has two). */
export const demoAccount = (role: TRole) => {
  const account = DEMO_ACCOUNTS.find((entry) => entry.role === role);
  if (!account) throw new Error(`No demo account for ${role}`);
  return account;
};

/**
 * A browser context signed in as a demo account: the session the sign-in page would store
 * (`signInWithCredential` with a Google credential, through the emulator) put in localStorage
 * before the first page loads.
 */
export async function signedInContext(browser: Browser, host: TTestHost, role: TRole, viewport: TViewportName = 'desktop'): Promise<BrowserContext> {
  const account = demoAccount(role);
  const signed = await signInWithGoogle(emulatorHost(), host.platform.config.auth.apiKey, { sub: googleSubject(account.uid), email: account.email });
  const context = await newContext(browser, viewport, host.url);
  const session = JSON.stringify({ idToken: signed.idToken, refreshToken: signed.refreshToken, expiresAt: Date.now() + 50 * 60_000, uid: signed.uid, email: account.email });
  await context.addInitScript((value) => {
    if (localStorage.getItem('dc.seeded')) return;
    localStorage.setItem('dc.seeded', '1');
    localStorage.setItem('dc.session', value);
  }, session);
  return context;
}

/** Opens `path` and waits until the page's requests have settled (islands loaded their data). */
export async function openSettled(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}
