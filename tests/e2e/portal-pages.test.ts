import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, newContext, screenshot, VIEWPORTS, type TViewportName } from './support/browser.ts';
import { routeCrmApi, routeShellApi, signInAs } from './support/portal-fixtures.ts';
import { ensureSiteBuilt, PORTAL_ROUTES, ROOT_DIR } from './support/site-build.ts';
import { startStaticSite, type StaticSiteServer } from './support/static-site-server.ts';

/**
 * Every route of the portal, at desktop and phone sizes, against the static build: it renders
 * without console errors (CSP violations included) or sideways scrolling, axe finds no serious
 * violation, and a screenshot is kept in test-results/screenshots.
 */
let server: StaticSiteServer;
let browser: Browser;

beforeAll(async () => {
  await ensureSiteBuilt();
  server = await startStaticSite({ rootDir: ROOT_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type TVisit = { path: string; signedIn: 'admin' | 'newcomer' | null; expectPath?: string };

const visits: TVisit[] = [
  ...PORTAL_ROUTES.app.map((path) => ({ path, signedIn: 'admin' as const })),
  { path: '/auth/login', signedIn: null },
  { path: '/auth/callback', signedIn: null, expectPath: '/auth/login' },
  { path: '/auth/onboarding', signedIn: 'newcomer' },
  { path: '/auth/sign-out', signedIn: 'admin' },
  { path: '/auth/deactivated', signedIn: null },
  { path: '/design-system', signedIn: null },
  { path: '/no-such-page', signedIn: null },
];

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('portal pages at %s size', (viewport) => {
  it.each(visits)('$path renders cleanly and accessibly', async ({ path, signedIn, expectPath }) => {
    const context = await newContext(browser, viewport, server.url);
    try {
      if (signedIn) {
        const role = signedIn === 'admin' ? 'admin' : null;
        await signInAs(context, role);
        await routeShellApi(context, role);
        await routeCrmApi(context);
      }
      const page = await context.newPage();
      // The 404 page is served with status 404, which Chromium logs for the document itself.
      const consoleErrors = collectConsoleErrors(page, (text, url) => path === '/no-such-page' && text.includes('404') && new URL(url).pathname === path);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      if (expectPath) await page.waitForURL((url) => url.pathname === expectPath);
      // Hydrate islands that wait to be visible (charts), then come back to the top.
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => window.scrollTo(0, 0));

      expect(new URL(page.url()).pathname).toBe(expectPath ?? path);
      expect(await page.locator('h1').count(), 'one h1 per page').toBe(1);
      expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, path === '/' ? 'home' : path, viewport);
      expect(consoleErrors.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
