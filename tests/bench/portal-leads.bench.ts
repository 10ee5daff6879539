/**
 * The portal's leads list with 100k leads, in Chromium against the local host (the real API
 * pipeline, the embedded store with its indexes, the built site): how long until rows show on a
 * cold load, after a status filter, a search and a sort; what loading page after page on scroll
 * costs; and how many rows are in the DOM once 1,000 are loaded (the table virtualises).
 * `npm run bench -- portal-leads` (needs Chromium and `npm run build:site`).
 *
 * ID tokens are checked by a stand-in identity provider (as in leads.bench.ts): the browser
 * holds a session whose token the stand-in knows, so no Auth emulator is involved.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { AppError } from '../../shared/errors/app-error.ts';
import { INDEXES } from '../../shared/indexes.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TIdentityProvider } from '../../shared/ports/identity.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { createDemoRandom } from '../../shared/demo/demo-random.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { chromiumPath, launchChromium, newContext } from '../e2e/support/browser.ts';
import { ROOT_DIR } from '../e2e/support/site-build.ts';
import { freePort } from '../support/function-process.ts';
import { generateLeads } from './leads.bench.ts';
import { printTable, summarize } from './support/report.ts';

const LEADS = Number(process.env.PORTAL_LEADS_BENCH_COUNT ?? 100_000);
const SAMPLES = Number(process.env.PORTAL_LEADS_BENCH_SAMPLES ?? 5);
const PAGES = 10;
const TENANT = 'tnt_bench';
const ADMIN = { token: 'bench-admin-token', uid: 'bench-admin' };

const benchIdentity: TIdentityProvider = {
  async verifyIdToken(token) {
    if (token !== ADMIN.token) throw new AppError('unauthenticated', 'Unknown bench token');
    return { uid: ADMIN.uid, email: 'bench-admin@bench.test', emailVerified: true, name: 'Bench Admin', claims: { tenant_id: TENANT, role: 'admin' } };
  },
  async setMembershipClaims() {},
  async setDisabled() {},
};

const FIRST_ROW = '[role="grid"][aria-label="Leads"] [role="row"][data-row-index="0"]';

/** Milliseconds from `action` until `ready` holds in the page (polled every animation frame). */
async function timed(page: Page, action: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<number> {
  const started = await page.evaluate(() => performance.now());
  await action();
  await ready();
  return (await page.evaluate(() => performance.now())) - started;
}

/** The first row's seller name: changes when a new answer is rendered. */
const firstName = (page: Page) => page.locator(`${FIRST_ROW} .dc-row-link`).textContent();

export default async function portalLeadsBench(): Promise<void> {
  try {
    chromiumPath();
  } catch (error) {
    console.log(`\n## Portal leads list\n${(error as Error).message}`);
    return;
  }
  const siteDir = join(ROOT_DIR, 'site', 'dist');
  if (!existsSync(join(siteDir, 'leads.html'))) {
    console.log('\n## Portal leads list\nsite/dist is missing: run `npm run build:site` first.');
    return;
  }

  const now = new Date();
  const db = await openEmbeddedDatabase();
  await applyIndexes(db, INDEXES);
  await db.collection<TTenantRecord>('tenants').insertOne({ _id: TENANT, tenant_id: TENANT, name: 'Bench Homes', timezone: 'America/Chicago', plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: ADMIN.uid, created_at: now, updated_at: now });
  await db.collection<TUserRecord>('users').insertMany([
    { _id: ADMIN.uid, tenant_id: TENANT, email: 'bench-admin@bench.test', name: 'Bench Admin', role: 'admin', status: 'active', weekly_report: false, created_at: now, updated_at: now, last_seen_at: null },
    { _id: 'bench-rep', tenant_id: TENANT, email: 'bench-rep@bench.test', name: 'Bench Rep', role: 'acquisition_rep', status: 'active', weekly_report: false, created_at: now, updated_at: now, last_seen_at: null },
  ]);
  const leads = generateLeads(TENANT, LEADS, createDemoRandom(7).next, now);
  const collection = bindTenant(db, TENANT).collection<TLeadRecord>('leads');
  for (let start = 0; start < leads.length; start += 5_000) await collection.insertMany(leads.slice(start, start + 5_000));

  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-portal-leads-bench-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const platform = await createPlatform(config, { db, identity: benchIdentity });
  const host = await startLocalHost({ platform, rootDir: ROOT_DIR, siteDir, port });
  const browser = await launchChromium();
  const samples: Record<string, number[]> = { 'cold load → first rows': [], 'status chip → rows': [], 'search (300 ms pause included) → rows': [], 'sort by value → rows': [], 'next page of 100 on scroll': [] };
  let domRows = 0;
  let loadedRows = 0;
  try {
    for (let sample = 0; sample < SAMPLES; sample++) {
      const context = await newContext(browser, 'desktop', host.url);
      await context.addInitScript(
        ([session, profile]) => {
          localStorage.setItem('dc.session', session);
          localStorage.setItem('dc.profile', profile);
        },
        [
          JSON.stringify({ idToken: ADMIN.token, refreshToken: 'unused', expiresAt: Date.parse('2099-01-01'), uid: ADMIN.uid, email: 'bench-admin@bench.test' }),
          JSON.stringify({ name: 'Bench Admin', email: 'bench-admin@bench.test', role: 'admin', tenantName: 'Bench Homes' }),
        ] as const,
      );
      const page = await context.newPage();
      const started = Date.now();
      await page.goto('/leads');
      await page.waitForSelector(FIRST_ROW);
      samples['cold load → first rows']?.push(Date.now() - started);

      let before = await firstName(page);
      samples['status chip → rows']?.push(await timed(page, () => page.getByRole('button', { name: /^Qualified/ }).click(), () => page.waitForFunction((selector) => !document.querySelector('[role="grid"][aria-busy="true"]') && Boolean(document.querySelector(selector)), FIRST_ROW)));
      before = await firstName(page);
      samples['search (300 ms pause included) → rows']?.push(
        await timed(
          page,
          () => page.getByLabel('Search leads').fill('garcia'),
          () => page.waitForFunction(([selector, previous]) => document.querySelector(`${selector} .dc-row-link`)?.textContent !== previous && !document.querySelector('[role="grid"][aria-busy="true"]'), [FIRST_ROW, before] as const),
        ),
      );
      await page.getByRole('button', { name: 'Clear all' }).click();
      await page.waitForSelector(FIRST_ROW);
      before = await firstName(page);
      samples['sort by value → rows']?.push(
        await timed(
          page,
          () => page.getByRole('button', { name: /^Value/ }).click(),
          () => page.waitForFunction(([selector, previous]) => document.querySelector(`${selector} .dc-row-link`)?.textContent !== previous && !document.querySelector('[role="grid"][aria-busy="true"]'), [FIRST_ROW, before] as const),
        ),
      );

      // Scroll to the end PAGES times: each time the next 100 arrive and are appended.
      const grid = page.getByRole('grid', { name: 'Leads' });
      for (let index = 0; index < PAGES; index++) {
        const count = Number(await grid.getAttribute('aria-rowcount'));
        samples['next page of 100 on scroll']?.push(
          await timed(
            page,
            () => grid.evaluate((element) => element.scrollTo({ top: element.scrollHeight })),
            () => page.waitForFunction((expected) => Number(document.querySelector('[role="grid"][aria-label="Leads"]')?.getAttribute('aria-rowcount')) > expected, count),
          ),
        );
      }
      loadedRows = Number(await grid.getAttribute('aria-rowcount')) - 1;
      domRows = await grid.locator('[role="row"][data-row-index]').count();
      await context.close();
    }
  } finally {
    await browser.close();
    await host.close();
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  printTable(
    `Portal leads list with ${LEADS.toLocaleString('en-US')} leads (Chromium, desktop, local host; ${SAMPLES} samples)`,
    Object.entries(samples).map(([step, values]) => {
      const { p50, n } = summarize(values);
      return { step, 'p50 ms': p50, 'max ms': Math.max(...values), samples: n };
    }),
  );
  printTable('Rows in the DOM after scrolling', [{ 'rows loaded': loadedRows, 'row elements in the DOM': domRows }]);
}
