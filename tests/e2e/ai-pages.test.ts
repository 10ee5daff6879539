import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import { demoLeadsByStatus } from '../../shared/demo/demo-leads.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, screenshot, VIEWPORTS, type TViewportName } from './support/browser.ts';
import { openSettled, signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The AI parts of the portal on the demo organisation (rules provider), at desktop and phone
 * sizes: summary and qualification on a seeded lead, marketing copy on a deal, the call queue,
 * and the insights card. Screenshots: test-results/screenshots/ai-*.png.
 */
let host: TTestHost;
let browser: Browser;
let dealId = '';

beforeAll(async () => {
  host = await startDemoHost();
  browser = await launchChromium();
  const db = await host.platform.db();
  dealId = (await db.collection<{ _id: string; tenant_id: string; status: string }>('deals').findOne({ tenant_id: 'tnt_demo', status: 'marketing' }))?._id ?? '';
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

type TJourney = { name: string; role: TRole; path: () => string; act: (page: Page) => Promise<void> };

const journeys: TJourney[] = [
  {
    name: 'lead-ai',
    role: 'admin',
    path: () => `/leads/detail?id=${demoLeadsByStatus('qualified')[0] ?? ''}`,
    act: async (page) => {
      const panel = page.locator('section.dc-card', { has: page.getByRole('heading', { name: 'AI assist' }) });
      await panel.getByRole('button', { name: 'Qualify' }).click();
      await panel.getByText('Still to ask').or(panel.getByText('/100')).first().waitFor();
      await panel.getByRole('button', { name: /Summarise notes|Regenerate summary/ }).click();
      await panel.getByText('Next step:').waitFor();
      await expect.poll(() => panel.getByText('DealCycle rules').count()).toBe(2);
      await panel.getByRole('heading', { name: 'AI assist' }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'deal-copy',
    role: 'disposition_manager',
    path: () => `/deals/detail?id=${dealId}`,
    act: async (page) => {
      await page.getByRole('button', { name: 'Write marketing copy' }).click();
      const copy = page.getByRole('textbox', { name: 'Copy (editable)' });
      await copy.waitFor();
      expect(await copy.inputValue()).toMatch(/Asking \$[\d,]+/);
      await copy.scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'call-queue',
    role: 'acquisition_rep',
    path: () => '/leads/call-queue',
    act: async (page) => {
      const items = page.getByRole('list', { name: 'Leads to call, best first' }).getByRole('listitem').filter({ has: page.getByRole('link') });
      await items.first().waitFor();
      expect(await items.count()).toBeGreaterThan(1);
      await expect.poll(() => page.getByRole('link', { name: /^Call / }).count()).toBeGreaterThan(0);
    },
  },
  {
    name: 'acquisitions-dashboard',
    role: 'acquisition_rep',
    path: () => '/dashboard/acquisitions',
    act: async (page) => {
      await page.getByRole('list', { name: 'Leads to call, best first' }).waitFor();
    },
  },
  {
    name: 'executive-insights',
    role: 'executive',
    path: () => '/dashboard/executive',
    act: async (page) => {
      const card = page.locator('section.dc-card', { has: page.getByRole('heading', { name: 'AI insights' }) });
      await card.scrollIntoViewIfNeeded();
      await card.getByRole('list', { name: 'What moved' }).waitFor();
    },
  },
];

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('AI in the portal at %s size', (viewport) => {
  it.each(journeys)('$name works and reads cleanly', async ({ name, role, path, act }) => {
    const context = await signedInContext(browser, host, role, viewport);
    try {
      const page = await context.newPage();
      const errors = collectConsoleErrors(page);
      await openSettled(page, path());
      await act(page);
      await page.waitForLoadState('networkidle');
      expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, `ai-${name}`, viewport);
      expect(errors.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
