import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, launchChromium, newContext, screenshot, type TViewportName } from './support/browser.ts';
import { fixtureMe, fixtureUser, routeShellApi, signInAs } from './support/portal-fixtures.ts';
import { ensureSiteBuilt, ROOT_DIR } from './support/site-build.ts';
import { startStaticSite, type StaticSiteServer } from './support/static-site-server.ts';
import { measureVitals } from './support/web-vitals.ts';

/** How the portal behaves for a person, against the static build with the API answered in the browser. */
let server: StaticSiteServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  await ensureSiteBuilt();
  server = await startStaticSite({ rootDir: ROOT_DIR });
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.close();
});

async function open(options: { role?: TRole | null; signedIn?: boolean; viewport?: TViewportName; shellApi?: boolean; colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const { role = 'admin', signedIn = true, viewport = 'desktop', shellApi = true, colorScheme = 'light' } = options;
  const context = await newContext(browser, viewport, server.url, colorScheme);
  contexts.push(context);
  if (signedIn) await signInAs(context, role);
  if (shellApi) await routeShellApi(context, role);
  return { context, page: await context.newPage() };
}

/** Islands answer keys only once hydrated: Astro drops the `ssr` attribute then. */
const hydrated = (page: Page, component: string) => page.locator(`astro-island[component-export="${component}"]:not([ssr])`).waitFor({ state: 'attached' });
const activeAttribute = (page: Page, name: string) => page.evaluate((attribute) => document.activeElement?.getAttribute(attribute) ?? null, name);
const visibleNavLabels = (page: Page) => page.locator('nav[aria-label="Main"] .nav-link').evaluateAll((links) => links.filter((link) => (link as HTMLElement).offsetParent !== null).map((link) => link.textContent?.trim()));

describe('sign-in and session', () => {
  it('sends a signed-out visitor to sign in, remembering the page they asked for', async () => {
    const { page } = await open({ signedIn: false });
    await page.goto('/leads/detail?id=lead_1');
    await page.waitForURL((url) => url.pathname === '/auth/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/leads/detail?id=lead_1');
    expect(await page.getByRole('button', { name: 'Sign in with Google' }).isVisible()).toBe(true);
  });

  it('refreshes an expired ID token through the Secure Token API before calling the API', async () => {
    const { context, page } = await open();
    await context.addInitScript(() => {
      const session = JSON.parse(localStorage.getItem('dc.session') ?? '{}') as Record<string, unknown>;
      localStorage.setItem('dc.session', JSON.stringify({ ...session, expiresAt: Date.now() - 1000 }));
    });
    const refreshBodies: string[] = [];
    await context.route('http://127.0.0.1:9099/securetoken.googleapis.com/v1/token?key=demo-api-key', async (route) => {
      refreshBodies.push(route.request().postData() ?? '');
      await route.fulfill({ json: { id_token: 'renewed-token', refresh_token: 'renewed-refresh', expires_in: '3600', user_id: 'usr_admin' } });
    });
    const meRequest = page.waitForRequest('**/api/users/me');
    await page.goto('/leads');
    expect((await meRequest).headers().authorization).toBe('Bearer renewed-token');
    expect(refreshBodies).toEqual(['grant_type=refresh_token&refresh_token=fixture-refresh-token']);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('dc.session') ?? '{}').refreshToken)).toBe('renewed-refresh');
  });

  it('signs out: the session is forgotten and app pages ask to sign in again', async () => {
    const { page } = await open();
    await page.goto('/auth/sign-out');
    await page.getByText('You have signed out of DealCycle on this device.').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('dc.session'))).toBeNull();
    await page.goto('/deals');
    await page.waitForURL((url) => url.pathname === '/auth/login');
  });

  it('shows a deactivated member the page that explains it', async () => {
    const { context, page } = await open({ shellApi: false });
    await context.route('**/api/users/me', (route) => route.fulfill({ status: 403, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'Your account is deactivated' }) }));
    await page.goto('/leads');
    await page.waitForURL((url) => url.pathname === '/auth/deactivated');
    expect(await page.locator('h1').textContent()).toBe('Your account is deactivated');
  });

  it('onboards a newcomer: creates the organisation, refreshes the token, lands on the admin dashboard', async () => {
    const { context, page } = await open({ role: null, shellApi: false });
    let created: unknown = null;
    await context.route('**/api/users/me', (route) => route.fulfill({ json: fixtureMe(created ? 'admin' : null) }));
    await context.route('**/api/tenants', async (route) => {
      created = route.request().postDataJSON();
      await route.fulfill({ status: 201, json: { id: 'tnt_new' } });
    });
    let refreshed = 0;
    await context.route('http://127.0.0.1:9099/securetoken.googleapis.com/**', async (route) => {
      refreshed++;
      await route.fulfill({ json: { id_token: 'with-claims', refresh_token: 'r2', expires_in: '3600' } });
    });
    await page.goto('/auth/onboarding');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.getByText('Required').waitFor();
    expect(created).toBeNull();
    await page.getByLabel('Organisation name').fill('Sunrise Home Buyers');
    await page.getByLabel('Timezone').selectOption('America/Chicago');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/executive');
    expect(created).toEqual({ name: 'Sunrise Home Buyers', timezone: 'America/Chicago' });
    expect(refreshed).toBe(1);
  });
});

describe('navigation', () => {
  it.each([
    ['admin', ['Executive', 'Acquisitions', 'Disposition', 'On the road', 'Leads', 'Call next', 'Buyers', 'Deals', 'Follow-ups', 'Communications', 'Analytics', 'Automation', 'Profile', 'Team', 'Integrations']],
    ['executive', ['Executive', 'Leads', 'Buyers', 'Deals', 'Analytics', 'Profile']],
    ['acquisition_rep', ['Acquisitions', 'On the road', 'Leads', 'Call next', 'Deals', 'Follow-ups', 'Communications', 'Analytics', 'Profile']],
  ] as const)('shows the %s the sections of their role', async (role, expected) => {
    const { page } = await open({ role });
    await page.goto('/deals');
    expect(await visibleNavLabels(page)).toEqual(expected);
  });

  it.each([
    ['admin', '/dashboard/executive'],
    ['acquisition_rep', '/dashboard/acquisitions'],
    ['disposition_manager', '/dashboard/disposition'],
    ['executive', '/dashboard/executive'],
  ] as const)('opens the %s’s own dashboard from the home page', async (role, expected) => {
    const { page } = await open({ role });
    const errors = collectConsoleErrors(page);
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === expected);
    expect(errors.errors).toEqual([]);
  });

  it('is usable by keyboard: skip link first, then the sidebar, Enter follows a link', async () => {
    const { page } = await open();
    await page.goto('/dashboard/executive');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await activeAttribute(page, 'id')).toBe('main');
    await page.goto('/dashboard/executive');
    for (let press = 0; press < 30 && (await page.evaluate(() => document.activeElement?.textContent?.trim())) !== 'Leads'; press++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/leads');
    expect(await page.locator('a[aria-current="page"]').first().textContent()).toContain('Leads');
  });

  it('shows the bottom navigation on phones instead of the sidebar', async () => {
    const { page } = await open({ viewport: 'phone' });
    await page.goto('/dashboard/mobile');
    expect(await page.locator('nav[aria-label="Main"]').isVisible()).toBe(false);
    expect(await page.locator('nav[aria-label="Quick"] a').allTextContents()).toEqual(['Today', 'Leads', 'Deals', 'Inbox']);
    expect(await page.locator('nav[aria-label="Quick"] a[aria-current="page"]').textContent()).toBe('Today');
  });
});

describe('header', () => {
  it('opens search with Ctrl+K and says so while search is not deployed', async () => {
    const { page } = await open();
    const errors = collectConsoleErrors(page, (_text, url) => url.includes('/api/search'));
    // A page whose own island needs only /api/users/me, which the shell fixtures answer.
    await page.goto('/settings/profile');
    await hydrated(page, 'AppHeader');
    await page.keyboard.press('Control+k');
    const input = page.getByRole('combobox', { name: 'Search by name, phone or address' });
    await input.waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'combobox');
    await input.fill('oak');
    await page.getByText('Search is not available yet').waitFor();
    expect(errors.errors).toEqual([]);
  });

  it('finds leads, buyers and deals and opens the chosen one with the keyboard', async () => {
    const { context, page } = await open();
    await context.route('**/api/search?*', (route) =>
      route.fulfill({
        json: {
          items: [
            { kind: 'lead', id: 'lead_1', title: 'Avery Oakes', subtitle: '412 Oak St', href: '/leads/detail?id=lead_1' },
            { kind: 'deal', id: 'deal_1', title: '412 Oak St', subtitle: 'Under contract', href: '/deals?id=deal_1' },
          ],
        },
      }),
    );
    await page.goto('/leads');
    await hydrated(page, 'AppHeader');
    await page.getByRole('button', { name: /Search leads, buyers, deals/ }).click();
    await page.getByRole('combobox').fill('oak');
    await page.getByText('2 results').waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('option', { selected: true }).textContent()).toContain('412 Oak St');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/deals');
  });

  it('shows unread notifications and marks them read', async () => {
    const { context, page } = await open();
    const marked: Request[] = [];
    await context.route('**/api/notifications', (route) =>
      route.fulfill({ json: { unread: 2, items: [{ id: 'n1', title: 'Reply from Avery', body: 'Yes, call me after 5', href: '/communications', read: false, created_at: '2026-11-02T15:00:00Z' }, { id: 'n2', title: 'Workflow finished', body: 'Follow-up sequence done', href: null, read: false, created_at: '2026-11-02T14:00:00Z' }] } }),
    );
    await context.route('**/api/notifications/read', async (route) => {
      marked.push(route.request());
      await route.fulfill({ status: 204 });
    });
    await page.goto('/leads');
    const bell = page.getByRole('button', { name: 'Notifications, 2 unread' });
    await bell.click();
    await page.getByText('Reply from Avery').waitFor();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    expect(marked.map((request) => request.postDataJSON())).toEqual([{}]);
  });

  it('opens the account menu with the keyboard and offers sign-out', async () => {
    const { page } = await open();
    await page.goto('/leads');
    const menuButton = page.getByRole('button', { name: /Account menu for Demo admin/ });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Profile');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Team settings');
    await page.keyboard.press('End');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sign out');
    await page.keyboard.press('Escape');
    expect(await activeAttribute(page, 'aria-haspopup')).toBe('menu');
  });
});

describe('team settings', () => {
  it('validates an invitation on the client, shows the API field errors, then lists the invitation', async () => {
    const { context, page } = await open();
    const posted: unknown[] = [];
    await context.route('**/api/users/invites', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const body = route.request().postDataJSON() as { email: string };
      posted.push(body);
      if (body.email === 'taken@sunrise.test') {
        return route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Invalid', status: 400, code: 'invalid', errors: [{ location: 'body', field: 'email', detail: 'Already a member' }] }) });
      }
      return route.fulfill({ status: 201, json: { id: 'inv_2', email: body.email, role: 'executive', status: 'pending', invited_by: 'usr_admin', created_at: '2026-11-02T15:00:00Z', expires_at: '2026-11-16T15:00:00Z' } });
    });
    await page.goto('/settings/team');
    await page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite someone' });
    await dialog.getByLabel('Email').fill('not-an-email');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.getByText('Invalid email address').waitFor();
    expect(posted).toEqual([]);
    await dialog.getByLabel('Email').fill('taken@sunrise.test');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.getByText('Already a member').waitFor();
    expect(await dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Email').fill('new.exec@sunrise.test');
    await dialog.getByLabel('Role').selectOption('executive');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to new.exec@sunrise.test').waitFor();
    expect(await page.getByText('new.exec@sunrise.test', { exact: true }).isVisible()).toBe(true);
    expect(posted.at(-1)).toEqual({ email: 'new.exec@sunrise.test', role: 'executive' });
  });

  it('keeps what is typed in the frame the invitation dialog opens in', async () => {
    const { page } = await open();
    await page.goto('/settings/team');
    await page.getByRole('button', { name: 'Invite someone' }).waitFor();
    // Open and type in one task, before the browser paints the dialog: a form that fills its
    // fields after paint would wipe the address.
    await page.evaluate(async () => {
      [...document.querySelectorAll('button')].find((button) => button.textContent?.trim() === 'Invite someone')?.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
      const email = document.querySelector<HTMLInputElement>('dialog[open] input[name="email"]');
      if (!email) throw new Error('The invitation dialog did not open');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(email, 'quick@sunrise.test');
      email.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await page.getByRole('dialog', { name: 'Invite someone' }).getByLabel('Email').inputValue()).toBe('quick@sunrise.test');
  });

  it('changes a role, deactivates after confirmation and revokes an invitation', async () => {
    const { context, page } = await open();
    const patches: unknown[] = [];
    await context.route('**/api/users/usr_acquisition_rep', async (route) => {
      const change = route.request().postDataJSON() as Record<string, string>;
      patches.push(change);
      await route.fulfill({ json: fixtureUser('acquisition_rep', { name: 'Riley Rep', email: 'riley@sunrise.test', ...change }) });
    });
    const revoked: string[] = [];
    await context.route('**/api/users/invites/*', async (route) => {
      revoked.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`);
      await route.fulfill({ status: 204 });
    });
    await page.goto('/settings/team');
    await page.getByLabel('Role of Riley Rep').selectOption('disposition_manager');
    await page.getByText('Riley Rep is now Disposition manager').waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog', { name: 'Deactivate this member?' }).getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    expect(patches).toEqual([{ role: 'disposition_manager' }, { status: 'deactivated' }]);
    await page.getByRole('button', { name: 'Revoke the invitation for casey@sunrise.test' }).click();
    await page.getByText('No pending invitations.').waitFor();
    expect(revoked).toEqual(['DELETE /api/users/invites/inv_1']);
  });

  it('tells a non-admin the page is not for them', async () => {
    const { page } = await open({ role: 'acquisition_rep' });
    await page.goto('/settings/team');
    await page.getByText('Only administrators manage the team').waitFor();
  });
});

describe('design system components in a browser', () => {
  it('navigates and sorts a 100,000-row table by keyboard while rendering only what is visible', async () => {
    const { page } = await open({ signedIn: false, shellApi: false });
    await page.goto('/design-system');
    await hydrated(page, 'ComponentGallery');
    const grid = page.getByRole('grid', { name: 'Sample leads' });
    expect(await grid.getAttribute('aria-rowcount')).toBe('100001');
    await grid.locator('[role="row"][data-row-index="0"]').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeAttribute(page, 'data-row-index')).toBe('2');
    await page.keyboard.press('End');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-row-index') === '99999');
    expect(await activeAttribute(page, 'aria-rowindex')).toBe('100001');
    expect(await grid.locator('[role="row"][data-row-index]').count()).toBeLessThan(40);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-row-index') === '0');
    await page.keyboard.press('Enter');
    await page.getByText('Opened Avery A.').waitFor();

    const scoreHeader = grid.getByRole('columnheader', { name: /Score/ });
    await scoreHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect(await scoreHeader.getAttribute('aria-sort')).toBe('ascending');
    await page.keyboard.press('Enter');
    expect(await scoreHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await grid.locator('[data-row-index="0"] [role="gridcell"]').last().textContent()).toBe('99');
  });

  it('keeps focus in a dialog, closes it with Escape and returns focus to its opener', async () => {
    const { page } = await open({ signedIn: false, shellApi: false });
    await page.goto('/design-system');
    await hydrated(page, 'ComponentGallery');
    const opener = page.getByRole('button', { name: 'Open dialog' });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sample dialog' });
    await dialog.waitFor();
    for (let press = 0; press < 4; press++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent === 'Open dialog');
    expect(await page.locator('dialog[open]').count()).toBe(0);
  });

  it('moves a kanban card to the next column with Shift+ArrowRight and announces it', async () => {
    const { page } = await open({ signedIn: false, shellApi: false });
    await page.goto('/design-system');
    await hydrated(page, 'ComponentGallery');
    const card = page.locator('[data-card-id="d2"]');
    await card.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByText('Moved 88 Cedar Ln to Marketing').waitFor({ state: 'attached' });
    expect(await page.getByRole('region', { name: 'Sample deal pipeline' }).locator('section', { hasText: 'Marketing' }).locator('[data-card-id="d2"]').count()).toBe(1);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-card-id') === 'd2');
  });

  it('draws the four chart kinds once scrolled into view', async () => {
    const { page } = await open({ signedIn: false, shellApi: false });
    await page.goto('/design-system');
    await hydrated(page, 'ComponentGallery');
    await page.getByRole('heading', { name: 'Charts' }).scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('canvas[role="img"]').length === 4 && [...document.querySelectorAll('canvas')].every((canvas) => canvas.width > 0));
    expect(await page.locator('canvas[role="img"]').evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute('aria-label')))).toEqual([
      'Sample assignment fees by month',
      'Sample leads and contracts by source',
      'Sample deals by status',
      'Sample pipeline funnel',
    ]);
  });
});

describe('dark theme', () => {
  it.each(['/leads', '/settings/team', '/design-system'])('%s keeps WCAG AA contrast with prefers-color-scheme: dark', async (path) => {
    const { page } = await open({ colorScheme: 'dark' });
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `dark${path}`, 'desktop');
  });
});

describe('security headers and budgets', () => {
  it('serves pages with firebase.json headers: CSP with frame-ancestors, no-cache HTML, immutable hashed assets', async () => {
    const page = await fetch(`${server.url}/leads`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const asset = (await page.text()).match(/\/_astro\/[\w.-]+\.(?:js|css)/)?.[0];
    const assetResponse = await fetch(`${server.url}${asset}`);
    expect(assetResponse.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('gives every page a script policy of hashes that covers each of its inline scripts, never unsafe-inline', () => {
    const dist = join(ROOT_DIR, 'site', 'dist');
    const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(30);
    for (const file of pages) {
      const html = readFileSync(join(dist, file), 'utf8');
      const policy = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/)?.[1] ?? '';
      const scriptSrc = policy.split(';').find((directive) => directive.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc, file).toMatch(/^script-src 'self'/);
      expect(scriptSrc, file).not.toContain('unsafe-inline');
      for (const [, body] of html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
        const hash = `'sha256-${createHash('sha256').update(body ?? '').digest('base64')}'`;
        expect(scriptSrc, `${file}: inline script ${body?.slice(0, 60)}…`).toContain(hash);
      }
    }
  });

  // Timing on a shared 2-core machine only ever adds noise, so the page's own cost is the best of
  // five cold loads; `npm run bench -- portal-vitals` reports medians and maxima.
  it.each(['/leads', '/dashboard/executive'])('%s loads with LCP < 1.5 s and CLS < 0.05 on a 4× throttled CPU (best of 5 cold loads)', async (path) => {
    const samples = [];
    for (let run = 0; run < 5; run++) {
      const { context, page } = await open();
      samples.push(await measureVitals(page, path, 4));
      await context.close();
    }
    const lcp = Math.min(...samples.map((sample) => sample.lcp));
    expect(lcp).toBeGreaterThan(0);
    expect(lcp).toBeLessThan(1500);
    // Layout shift does not depend on CPU speed: every load must stay under the bound.
    expect(Math.max(...samples.map((sample) => sample.cls))).toBeLessThan(0.05);
  });
});
