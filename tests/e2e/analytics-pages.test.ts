import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard } from '../../shared/analytics/analytics.schemas.ts';
import type { TRole } from '../../shared/auth/principal.ts';
import { formatValue } from '../../site/src/lib/analytics-view.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, screenshot, VIEWPORTS, type TConsoleCollector, type TViewportName } from './support/browser.ts';
import { signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The analytics portal on the demo organisation through the real local host: every dashboard
 * shows the figures the API computed (read from the page's own API answer, not constants), at
 * desktop and phone sizes, accessibly; a range change is reflected in the URL and the figures; a
 * number opens the records behind it; a custom report is saved and exported; "send now" puts the
 * weekly report in the local outbox, where the page renders it. Screenshots:
 * test-results/screenshots/analytics-*.png.
 */
let host: TTestHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  host = await startDemoHost();
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await host?.close();
});

async function pageAs(role: TRole, viewport: TViewportName = 'desktop'): Promise<{ page: Page; errors: TConsoleCollector; dashboards: Response[] }> {
  const context = await signedInContext(browser, host, role, viewport);
  contexts.push(context);
  const page = await context.newPage();
  const dashboards: Response[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/analytics/dashboards/')) dashboards.push(response);
  });
  return { page, errors: collectConsoleErrors(page), dashboards };
}

/** The dashboard the page finally shows: its last answer from the API. */
async function shownDashboard(page: Page, dashboards: Response[]): Promise<TDashboard> {
  await page.waitForLoadState('networkidle');
  await page.locator('.an-kpi[data-kpi]').first().waitFor();
  const last = dashboards.at(-1);
  if (!last) throw new Error('The page asked for no dashboard');
  expect(last.status()).toBe(200);
  return (await last.json()) as TDashboard;
}

const tileValue = (page: Page, key: string) => page.locator(`.an-kpi[data-kpi="${key}"] .an-kpi-value`).textContent();

type TVisit = { name: string; path: string; role: TRole; kpi: string };

const visits: TVisit[] = [
  { name: 'executive', path: '/dashboard/executive', role: 'executive', kpi: 'revenue' },
  { name: 'acquisitions', path: '/dashboard/acquisitions', role: 'acquisition_rep', kpi: 'leads' },
  { name: 'disposition', path: '/dashboard/disposition', role: 'disposition_manager', kpi: 'assignments' },
  { name: 'mobile', path: '/dashboard/mobile', role: 'acquisition_rep', kpi: 'calls' },
  { name: 'performance', path: '/analytics/performance', role: 'admin', kpi: 'calls' },
  { name: 'buyers', path: '/buyers/analytics', role: 'disposition_manager', kpi: 'buyer_response_rate' },
];

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('analytics dashboards with demo data at %s size', (viewport) => {
  it.each(visits)('$name shows the API’s figures cleanly and accessibly', async ({ name, path, role, kpi }) => {
    const { page, errors, dashboards } = await pageAs(role, viewport);
    await page.goto(path);
    const dashboard = await shownDashboard(page, dashboards);
    const figure = dashboard.kpis.find((entry) => entry.key === kpi);
    expect(figure, `${kpi} is on the ${dashboard.name} dashboard`).toBeDefined();
    expect(await tileValue(page, kpi)).toBe(formatValue(figure?.value, figure?.unit ?? 'count'));
    // Charts arrive after first paint (chart.js is imported on demand): wait for them to draw.
    const canvases = page.locator('.an-chart canvas');
    if ((await canvases.count()) > 0) await expect.poll(() => page.locator('.an-chart-wait').count()).toBe(0);

    expect(await page.locator('h1').count(), 'one h1 per page').toBe(1);
    expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `analytics-${name}`, viewport);
    expect(errors.errors).toEqual([]);
    await page.close();
  });
});

describe('the executive dashboard’s period, comparison and drill-downs', () => {
  let page: Page;
  let dashboards: Response[];
  let errors: TConsoleCollector;

  beforeAll(async () => {
    ({ page, dashboards, errors } = await pageAs('executive'));
    await page.goto('/dashboard/executive');
    await shownDashboard(page, dashboards);
  });

  it('opens on the last 30 days compared with the previous period, said in the URL', async () => {
    const shown = await shownDashboard(page, dashboards);
    expect(shown.range.days).toBe(30);
    expect(shown.comparison?.compare).toBe('previous');
    expect(new URL(page.url()).searchParams.get('range')).toBe('30d');
  });

  it('changes the figures and the URL when another period is picked', async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/api/analytics/dashboards/executive') && response.status() === 200);
    await page.getByRole('button', { name: '7 days', exact: true }).click();
    const week = (await (await answered).json()) as TDashboard;
    expect(week.range.days).toBe(7);
    await expect.poll(() => new URL(page.url()).searchParams.get('range')).toBe('7d');
    const leads = week.kpis.find((kpi) => kpi.key === 'leads');
    await expect.poll(() => tileValue(page, 'leads')).toBe(formatValue(leads?.value, 'count'));
    expect(await page.getByRole('button', { name: '7 days', exact: true }).getAttribute('aria-pressed')).toBe('true');
  });

  it('compares with the same period last year, and a shared link opens the same view', async () => {
    const answered = page.waitForResponse((response) => response.url().includes('compare=last_year') && response.status() === 200);
    await page.getByLabel('Compare with').selectOption('last_year');
    const lastYear = (await (await answered).json()) as TDashboard;
    expect(lastYear.comparison?.compare).toBe('last_year');
    expect(lastYear.comparison?.from.slice(0, 4)).toBe(String(Number(lastYear.range.from.slice(0, 4)) - 1));
    await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe('last_year');

    const shared = await pageAs('admin');
    await shared.page.goto(new URL(page.url()).pathname + new URL(page.url()).search);
    const opened = await shownDashboard(shared.page, shared.dashboards);
    expect({ from: opened.range.from, to: opened.range.to, compare: opened.comparison?.compare }).toEqual({ from: lastYear.range.from, to: lastYear.range.to, compare: 'last_year' });
    expect(await shared.page.getByLabel('Compare with').inputValue()).toBe('last_year');
    await shared.page.close();
  });

  it('takes custom days, applied together, into the URL', async () => {
    await page.getByRole('button', { name: 'Custom', exact: true }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-10-15');
    const answered = page.waitForResponse((response) => response.url().includes('from=2026-10-01&to=2026-10-15') && response.status() === 200);
    await page.getByRole('button', { name: 'Apply' }).click();
    const custom = (await (await answered).json()) as TDashboard;
    expect(custom.range).toMatchObject({ from: '2026-10-01', to: '2026-10-15', days: 15 });
    await expect.poll(() => new URL(page.url()).search).toContain('from=2026-10-01&to=2026-10-15');
    expect(new URL(page.url()).searchParams.get('range')).toBeNull();
    await expect.poll(() => page.locator('.an-period').textContent()).toContain('Oct 1 – Oct 15, 2026');
  });

  it('opens the records behind a number, each linking to its lead', async () => {
    const answered = page.waitForResponse((response) => response.url().includes('/api/analytics/dashboards/executive') && response.status() === 200);
    await page.getByRole('button', { name: '90 days', exact: true }).click();
    const shown = (await (await answered).json()) as TDashboard;
    expect(shown.range.days).toBe(90);
    const leads = shown.kpis.find((kpi) => kpi.key === 'leads');
    expect(leads?.value ?? 0).toBeGreaterThan(0);
    await expect.poll(() => tileValue(page, 'leads')).toBe(formatValue(leads?.value, 'count'));
    await page.getByRole('button', { name: 'Leads: see the records' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('list', { name: 'Records' }).waitFor();
    await expect.poll(() => drawer.textContent()).toContain(`${(leads?.value ?? 0).toLocaleString('en-US')} record`);
    const first = drawer.getByRole('list', { name: 'Records' }).getByRole('link').first();
    expect(await first.getAttribute('href')).toMatch(/^\/leads\/detail\?id=/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'analytics-drilldown', 'desktop');
    await page.keyboard.press('Escape');
  });

  it('opens the records behind a chart bar from its table of numbers', async () => {
    const funnel = page.locator('.an-chart-card', { hasText: 'Acquisition funnel' });
    await funnel.getByText('Show the numbers').click();
    await funnel.getByRole('button', { name: 'Contacted' }).click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.getByRole('heading').first().textContent()).toContain('Contacted');
    await drawer.getByRole('list', { name: 'Records' }).waitFor();
    await page.keyboard.press('Escape');
    expect(errors.errors).toEqual([]);
  });
});

it('drills into a number on a phone, in a drawer that fits the screen', async () => {
  const { page, errors, dashboards } = await pageAs('admin', 'phone');
  await page.goto('/dashboard/executive?range=90d');
  await shownDashboard(page, dashboards);
  await page.getByRole('button', { name: 'Revenue: see the records' }).click();
  const records = page.getByRole('dialog').getByRole('list', { name: 'Records' });
  await records.waitFor();
  expect(await records.getByRole('link').first().getAttribute('href')).toMatch(/^\/deals\/detail\?id=|^\/leads\/detail\?id=/);
  expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, 'analytics-drilldown', 'phone');
  expect(errors.errors).toEqual([]);
  await page.close();
});

describe('custom reports and the weekly report', () => {
  let page: Page;
  let errors: TConsoleCollector;
  const name = `Leads by source ${Date.now() % 100_000}`;

  beforeAll(async () => {
    ({ page, errors } = await pageAs('admin'));
    await page.goto('/analytics/reports');
    await page.waitForLoadState('networkidle');
  });

  it('runs a report, saves it and exports it as CSV with the same figures', async () => {
    await page.getByLabel('Period').selectOption('last_90_days');
    const ran = page.waitForResponse((response) => response.url().endsWith('/api/analytics/reports/run') && response.request().postDataJSON()?.range?.preset === 'last_90_days');
    await page.getByRole('button', { name: 'Run report' }).click();
    const result = (await (await ran).json()) as { rows: { label: string; values: Record<string, number | null> }[]; totals: Record<string, number | null> };
    const table = page.getByRole('table', { name: 'Report results' });
    await table.waitFor();
    const firstRow = result.rows[0];
    expect(firstRow).toBeDefined();
    expect(await table.getByRole('row', { name: new RegExp(`^${firstRow?.label}`) }).first().textContent()).toContain(formatValue(firstRow?.values.leads ?? null, 'count'));

    await page.getByLabel('Report name').fill(name);
    await page.getByRole('button', { name: 'Save report' }).click();
    const saved = page.getByRole('list', { name: 'Saved reports' });
    await saved.getByText(name).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export ${name} as CSV` }).click();
    const file = await download;
    const csv = await readFile((await file.path()) ?? '', 'utf8');
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(csv.split('\n')[0]).toContain('Leads');
    expect(csv).toContain(firstRow?.label ?? '');
    expect(errors.errors).toEqual([]);
  });

  it('sends the weekly report now and shows it rendered in the local outbox', async () => {
    // The card hydrates when it scrolls into view (client:visible), as it does for a person.
    await page.getByRole('heading', { name: 'Weekly report' }).scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.locator('#main').getByRole('status').filter({ hasText: 'sent to' }).waitFor();
    const sent = page.getByRole('list', { name: 'Sent emails' });
    await sent.getByRole('button').first().waitFor();
    expect(await sent.getByRole('button').first().textContent()).toMatch(/week/i);
    const frame = page.frameLocator('iframe.an-email-frame');
    await expect.poll(async () => (await frame.locator('body').textContent({ timeout: 5_000 }).catch(() => '')) ?? '').toMatch(/Revenue|Leads/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'analytics-outbox', 'desktop');
    // The sign-in init script (signedInContext) runs in every frame, the sandboxed email too, where
    // storage is refused: that error is the harness's, not the page's.
    expect(errors.errors.filter((error) => !error.includes('is sandboxed and lacks the \'allow-same-origin\' flag'))).toEqual([]);
  });

  it('shows whether you get the weekly report and changes it, and the change holds after a reload', async () => {
    const card = page.locator('#main').getByTestId('weekly-subscription');
    await card.scrollIntoViewIfNeeded();
    await expect.poll(() => card.textContent()).toMatch(/You get this email every Monday/);
    await page.getByRole('button', { name: 'Stop emailing me' }).click();
    await page.locator('#main').getByRole('status').filter({ hasText: 'no longer get the weekly report' }).waitFor();
    expect(await card.textContent()).toMatch(/You do not get this email/);
    await page.reload();
    await page.getByRole('heading', { name: 'Weekly report' }).scrollIntoViewIfNeeded();
    await expect.poll(() => card.textContent()).toMatch(/You do not get this email/);
    await page.getByRole('button', { name: 'Email it to me' }).click();
    await page.locator('#main').getByRole('status').filter({ hasText: 'every Monday' }).waitFor();
    expect(await page.getByRole('button', { name: 'Stop emailing me' }).isVisible()).toBe(true);
    expect(errors.errors.filter((error) => !error.includes('is sandboxed'))).toEqual([]);
  });

  it('deletes a saved report, and only that one', async () => {
    const saved = page.getByRole('list', { name: 'Saved reports' });
    const other = `${name} by month`;
    await page.getByLabel('Group by').selectOption('month');
    await page.getByLabel('Report name').fill(other);
    await page.getByRole('button', { name: 'Save report' }).click();
    await saved.getByText(other, { exact: true }).waitFor();
    await page.getByRole('button', { name: `Delete ${other}` }).click();
    await page.getByText(`Deleted “${other}”`).waitFor();
    await expect.poll(() => saved.getByText(other, { exact: true }).count()).toBe(0);
    expect(await saved.getByText(name, { exact: true }).count()).toBe(1);
    // The outbox's sandboxed frame (above) reports the harness's storage error, not the page's.
    expect(errors.errors.filter((error) => !error.includes('is sandboxed'))).toEqual([]);
  });

  it('enters a month of marketing spend (amounts it cannot take refused under the field) and deletes it', async () => {
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Save spend' }) });
    await form.scrollIntoViewIfNeeded();
    await form.getByLabel('Month').fill('2020-03');
    await form.getByLabel('Source').selectOption('referral');
    await form.getByLabel('Amount ($)').fill('lots');
    await form.getByRole('button', { name: 'Save spend' }).click();
    await form.getByText('Enter an amount in dollars').waitFor();
    await form.getByLabel('Amount ($)').fill('250,000,000');
    await form.getByRole('button', { name: 'Save spend' }).click();
    await form.getByText('Enter an amount up to $100,000,000').waitFor();

    await form.getByLabel('Amount ($)').fill('1,250');
    await form.getByRole('button', { name: 'Save spend' }).click();
    await page.getByText('Referral 2020-03: $1,250').waitFor();
    const entries = page.getByRole('table', { name: 'Marketing spend by month and source' });
    const row = entries.getByRole('row').filter({ hasText: '2020-03' });
    await expect.poll(() => row.textContent()).toMatch(/Referral.*\$1,250/);

    await page.getByRole('button', { name: 'Delete Referral 2020-03' }).click();
    await page.getByText('Spend deleted').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    // The outbox's sandboxed frame (above) reports the harness's storage error, not the page's.
    expect(errors.errors.filter((error) => !error.includes('is sandboxed'))).toEqual([]);
  });

  it.each(Object.keys(VIEWPORTS) as TViewportName[])('renders cleanly and accessibly at %s size', async (viewport) => {
    const visit = await pageAs('admin', viewport);
    await visit.page.goto('/analytics/reports');
    await visit.page.waitForLoadState('networkidle');
    await visit.page.getByRole('list', { name: 'Saved reports' }).waitFor();
    await visit.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await visit.page.waitForLoadState('networkidle');
    await visit.page.getByRole('table', { name: 'ROI by source' }).waitFor();
    await visit.page.evaluate(() => window.scrollTo(0, 0));
    expect(await hasHorizontalScroll(visit.page), 'the page scrolls sideways').toBe(false);
    await expectNoSeriousA11yViolations(visit.page);
    await screenshot(visit.page, 'analytics-reports', viewport);
    expect(visit.errors.errors).toEqual([]);
    await visit.page.close();
  });
});
