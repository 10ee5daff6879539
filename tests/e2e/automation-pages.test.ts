import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, screenshot, VIEWPORTS, type TConsoleCollector, type TViewportName } from './support/browser.ts';
import { openSettled, signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The automation portal in a real browser against the local host with the demo organisation and
 * its job workers: the "done when" journey (a workflow from the speed-to-lead template, activated
 * in the builder; a new lead gets the text, visible in the lead's automation history), a builder
 * validation error shown on its step, and the pages at desktop and phone sizes with axe checks.
 */
let host: TTestHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  host = await startDemoHost({ workers: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await host?.close();
});

async function pageAs(role: TRole, viewport: TViewportName = 'desktop'): Promise<{ page: Page; errors: TConsoleCollector }> {
  const context = await signedInContext(browser, host, role, viewport);
  contexts.push(context);
  const page = await context.newPage();
  return { page, errors: collectConsoleErrors(page) };
}

const unique = `${Date.now() % 100_000}`.padStart(5, '0');

describe('a workflow from the speed-to-lead template texts a new lead', () => {
  it('is created from the template, activated in the builder, and sends the text when a lead arrives', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/automation');
    await page.getByRole('button', { name: 'New from template' }).click();
    await page.getByRole('button', { name: 'Use the Speed to lead template' }).click();
    await page.waitForURL(/\/automation\/builder\?id=/);
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.locator('.wf-card').count()).toBeGreaterThan(2);

    const name = page.getByLabel('Name').first();
    await name.fill(`Speed to lead e2e ${unique}`);
    await page.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => page.locator('.dc-badge', { hasText: 'active' }).count()).toBe(1);
    await screenshot(page, 'automation-builder-speed-to-lead', 'desktop');

    await openSettled(page, '/leads/new');
    await page.getByLabel('First name').fill('Automation');
    await page.getByLabel('Last name').fill(`Seller${unique}`);
    // Outside 555-0100–0199, the fictional numbers the demo's leads have.
    const digits = `2${unique.slice(-3)}`;
    await page.getByLabel('Phone', { exact: true }).fill(`(737) 555-${digits}`);
    await page.getByLabel('Street').fill(`${Number(unique) + 200} Workflow Way`);
    await page.getByLabel('City').fill('Austin');
    await page.getByLabel('ZIP').fill('78704');
    await page.getByLabel('Source').selectOption('website');
    // The create answer's status, so that a refusal (409 duplicate, 403 plan limit) says what it was.
    const created = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/leads' && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create lead' }).click();
    expect((await created).status()).toBe(201);
    await page.waitForURL(/\/leads\/detail\?id=/);
    const leadId = new URL(page.url()).searchParams.get('id') ?? '';

    // The workers deliver the event and the steps; the text is recorded (sent, or deferred by quiet hours).
    const db = await host.platform.db();
    await expect
      .poll(async () => (await db.collection<TCommunicationRecord>('communications').find({ tenant_id: 'tnt_demo', lead_id: leadId, direction: 'outbound', automated: true }).toArray()).length, { timeout: 15_000 })
      .toBeGreaterThan(0);

    await expect
      .poll(
        async () => {
          await openSettled(page, `/leads/detail?id=${leadId}`);
          await page.waitForLoadState('networkidle');
          return page.locator('.wf-execution', { hasText: `Speed to lead e2e ${unique}` }).count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    const execution = page.locator('.wf-execution', { hasText: `Speed to lead e2e ${unique}` });
    await execution.locator('summary').click();
    expect(await execution.textContent()).toContain('Texted +1737555');
    await screenshot(page, 'automation-lead-history', 'desktop');
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoSeriousA11yViolations(page);
    expect(errors.errors).toEqual([]);

    // The same section on a phone (a rep may read it too).
    const phone = await pageAs('acquisition_rep', 'phone');
    await openSettled(phone.page, `/leads/detail?id=${leadId}`);
    await expect.poll(() => phone.page.locator('.wf-execution').count()).toBeGreaterThan(0);
    expect(await hasHorizontalScroll(phone.page)).toBe(false);
    await screenshot(phone.page, 'automation-lead-history', 'phone');
  });
});

describe('the builder', () => {
  it('shows a validation error on the step it names and refuses to save', async () => {
    const { page } = await pageAs('admin');
    await openSettled(page, '/automation/builder');
    await expect.poll(() => page.getByText('The workflow has no steps').count()).toBe(1);
    await page.getByRole('button', { name: 'Add a step here' }).first().click();
    await page.getByRole('button', { name: 'Action', exact: true }).click();
    await page.getByLabel('Message').fill('');
    await page.getByRole('button', { name: 'Done' }).last().click();
    const card = page.locator('.wf-card--invalid[data-step-id="s1"]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.textContent()).toContain('Step "s1", action.body: Required');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Activate' }).isDisabled()).toBe(true);
    await screenshot(page, 'automation-builder-invalid', 'desktop');
  });

  it('drafts a workflow from a plain-language goal that passes validation and saves as a draft', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/automation/builder');
    await page.getByLabel('Goal').fill('When a new lead comes in, text them right away and remind the rep after a day if they do not reply');
    const answered = page.waitForResponse((response) => response.url().endsWith('/api/automation/suggest-workflow'));
    await page.getByRole('button', { name: 'Draft it' }).click();
    const suggestion = (await (await answered).json()) as { workflow: { steps: unknown[] }; explanation: string[] };
    expect(suggestion.workflow.steps.length).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.wf-card[data-step-id]').count()).toBe(suggestion.workflow.steps.length);
    expect(await page.getByRole('status').filter({ hasText: 'built-in rules' }).locator('li').count()).toBe(suggestion.explanation.length);
    expect(await page.locator('.wf-card--invalid').count()).toBe(0);
    await page.getByLabel('Name').first().fill(`Drafted from a goal ${unique}`);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/automation\/builder\?id=/);
    await expect.poll(() => page.locator('.dc-badge', { hasText: 'draft' }).count()).toBe(1);
    await screenshot(page, 'automation-builder-from-goal', 'desktop');
    expect(errors.errors).toEqual([]);
  });
});

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('automation pages at %s size', (viewport) => {
  it('the workflow list and a seeded workflow’s builder render cleanly and accessibly', async () => {
    const { page, errors } = await pageAs('admin', viewport);
    await openSettled(page, '/automation');
    await expect.poll(() => page.getByText('4-week seller drip').count()).toBeGreaterThan(0);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'automation-list', viewport);

    await openSettled(page, '/automation/builder?id=wf_demo_seller_drip');
    await expect.poll(() => page.locator('.wf-card').count()).toBeGreaterThan(5);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'automation-builder-drip', viewport);
    expect(errors.errors).toEqual([]);
  });
});
