import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import { demoLeadsByStatus } from '../../shared/demo/demo-leads.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, screenshot, VIEWPORTS, type TViewportName } from './support/browser.ts';
import { openSettled, signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The CRM's pages with the seeded demo organisation, at desktop and phone sizes, through the
 * real local host: each renders its data without console errors or sideways scrolling, axe finds
 * no serious violation, and a screenshot is kept (test-results/screenshots/crm-*.png).
 */
let host: TTestHost;
let browser: Browser;

/** Demo records to open (the seed's ids are stable, but its statuses depend on the seed plan). */
const ids = { deal: '', buyer: '' };

beforeAll(async () => {
  host = await startDemoHost();
  browser = await launchChromium();
  const db = await host.platform.db();
  ids.deal = (await db.collection<{ _id: string; tenant_id: string; status: string }>('deals').findOne({ tenant_id: 'tnt_demo', status: 'assigned' }))?._id ?? '';
  ids.buyer = (await db.collection<{ _id: string; tenant_id: string; status: string }>('buyers').findOne({ tenant_id: 'tnt_demo', status: 'active' }))?._id ?? '';
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const qualifiedLead = () => demoLeadsByStatus('qualified')[0] ?? '';

type TVisit = { name: string; path: () => string; role: TRole; ready: string };

/** `ready`: text that shows the page's data arrived (not just its skeleton). */
const visits: TVisit[] = [
  { name: 'leads', path: () => '/leads', role: 'admin', ready: 'Showing' },
  { name: 'leads-board', path: () => '/leads/board', role: 'admin', ready: 'Qualified' },
  { name: 'leads-detail', path: () => `/leads/detail?id=${qualifiedLead()}`, role: 'admin', ready: 'Seller and property' },
  { name: 'leads-new', path: () => '/leads/new', role: 'acquisition_rep', ready: 'Create lead' },
  { name: 'leads-edit', path: () => `/leads/edit?id=${qualifiedLead()}`, role: 'admin', ready: 'Save changes' },
  { name: 'follow-ups', path: () => '/follow-ups', role: 'acquisition_rep', ready: 'overdue' },
  { name: 'leads-executive', path: () => '/leads', role: 'executive', ready: 'Showing' },
  { name: 'leads-import-export', path: () => '/leads/import-export', role: 'acquisition_rep', ready: 'Upload and preview' },
  { name: 'deals', path: () => '/deals', role: 'disposition_manager', ready: 'Fees waiting to close' },
  { name: 'deals-detail', path: () => `/deals/detail?id=${ids.deal}`, role: 'disposition_manager', ready: 'Why' },
  { name: 'deals-rep', path: () => '/deals', role: 'acquisition_rep', ready: 'Fees waiting to close' },
  { name: 'buyers', path: () => '/buyers', role: 'disposition_manager', ready: 'bought' },
  { name: 'buyers-detail', path: () => `/buyers/detail?id=${ids.buyer}`, role: 'admin', ready: 'Buy box' },
  { name: 'buyers-new', path: () => '/buyers/new', role: 'disposition_manager', ready: 'Create buyer' },
  { name: 'buyers-edit', path: () => `/buyers/edit?id=${ids.buyer}`, role: 'disposition_manager', ready: 'Save changes' },
  { name: 'buyers-import-export', path: () => '/buyers/import-export', role: 'disposition_manager', ready: 'Upload and preview' },
];

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('CRM pages with demo data at %s size', (viewport) => {
  it.each(visits)('$name renders its data cleanly and accessibly', async ({ name, path, role, ready }) => {
    const context = await signedInContext(browser, host, role, viewport);
    try {
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      await openSettled(page, path());
      await page.locator('#main').getByText(ready).first().waitFor();
      await page.waitForLoadState('networkidle');

      expect(await page.locator('h1').count(), 'one h1 per page').toBe(1);
      expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `crm-${name}`, viewport);
      expect(errors.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
