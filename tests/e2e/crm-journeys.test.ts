import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, launchChromium, screenshot, type TConsoleCollector } from './support/browser.ts';
import { openSettled, signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The CRM's journeys in a real browser against the local host with the demo organisation (and
 * its job workers, for imports): a rep creates a lead with the form and moves it through the
 * pipeline until a disposition manager closes its deal with an assigned buyer; an import with
 * errors and its error report; bulk actions and the lost reason; the header's search and bell.
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

/** A page signed in as the demo account of `role`, collecting console errors. */
async function pageAs(role: TRole, viewport: 'desktop' | 'phone' = 'desktop'): Promise<{ page: Page; errors: TConsoleCollector }> {
  const context = await signedInContext(browser, host, role, viewport);
  contexts.push(context);
  const page = await context.newPage();
  return { page, errors: collectConsoleErrors(page) };
}

/**
 * Drop on the column's heading: a drop point far down a tall column makes headless Chromium start
 * the drag from whatever card the pointer crosses first, not the one pressed.
 */
const COLUMN_HEAD = { targetPosition: { x: 60, y: 16 } };

/** Waits for the bulk action's answer (its toast may still show the previous one). */
const bulkAnswered = (page: Page) => page.waitForResponse((response) => new URL(response.url()).pathname === '/api/leads/bulk' && response.status() === 200);

const unique = `${Date.now() % 100_000}`.padStart(5, '0');
/** Four digits for a 555 number outside 0100–0199, the fictional numbers the demo's contacts have. */
const line = `2${unique.slice(-3)}`;
const sellerFirst = 'Journey';
const sellerLast = `Tester${unique}`;
const sellerName = `${sellerFirst} ${sellerLast}`;

describe('a lead from the form to a qualified seller', () => {
  let page: Page;
  let errors: TConsoleCollector;

  beforeAll(async () => {
    ({ page, errors } = await pageAs('acquisition_rep'));
  });

  it('checks the form with the API’s rules, then creates the lead and opens it', async () => {
    await openSettled(page, '/leads/new');
    await page.getByRole('button', { name: 'Create lead' }).click();
    const firstName = page.getByLabel('First name');
    await expect.poll(() => firstName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.dc-field.has-error').first().textContent()).toContain('Required');

    await firstName.fill(sellerFirst);
    await page.getByLabel('Last name').fill(sellerLast);
    await page.getByLabel('Phone', { exact: true }).fill(`(737) 555-${line}`);
    await page.getByLabel('Street').fill(`${Number(unique) + 100} Journey Test Ln`);
    await page.getByLabel('City').fill('Austin');
    await page.getByLabel('ZIP').fill('7870');
    await page.getByLabel('Property type').selectOption('single_family');
    await page.getByLabel('Estimated value ($)').fill('240000');
    await page.getByLabel('Source').selectOption('driving_for_dollars');
    await page.getByRole('button', { name: 'Create lead' }).click();
    const zip = page.getByLabel('ZIP');
    await expect.poll(() => zip.getAttribute('aria-invalid')).toBe('true');

    await zip.fill('78704');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.waitForURL((url) => url.pathname === '/leads/detail');
    await page.getByRole('heading', { level: 1, name: sellerName }).waitFor();
    await page.getByText('Assigned to').locator('..').getByText('You').waitFor();
    await page.locator('#main').getByText('Lead created').first().waitFor();
    await screenshot(page, 'journey-lead-created', 'desktop');
  });

  it('moves the new lead to contacted by dragging its card on the pipeline board', async () => {
    await openSettled(page, '/leads/board');
    const card = page.locator('.dc-kanban-card', { hasText: sellerName });
    const contacted = page.locator('.dc-kanban-column', { has: page.getByRole('heading', { name: /^Contacted/ }) });
    await card.dragTo(contacted, COLUMN_HEAD);
    await contacted.locator('.dc-kanban-card', { hasText: sellerName }).waitFor();
    await page.getByText(`Moved ${sellerName} to Contacted`).waitFor({ state: 'attached' });
    // The move reached the API: a reload finds the card in its new column.
    await page.reload();
    await page.waitForLoadState('networkidle');
    await contacted.locator('.dc-kanban-card', { hasText: sellerName }).waitFor();
    await screenshot(page, 'journey-board-moved', 'desktop');
  });

  it('explains a move the pipeline does not allow instead of attempting it', async () => {
    const card = page.locator('.dc-kanban-card', { hasText: sellerName });
    const closed = page.locator('.dc-kanban-column', { has: page.getByRole('heading', { name: /^Closed/ }) });
    await card.dragTo(closed, COLUMN_HEAD);
    await page.getByText('A lead closes when its deal closes').waitFor();
    expect(await page.locator('.dc-kanban-column', { has: page.getByRole('heading', { name: /^Contacted/ }) }).locator('.dc-kanban-card', { hasText: sellerName }).count()).toBe(1);
  });

  it('qualifies it from the lead page and records a note, an appointment, an offer and a follow-up', async () => {
    await page.locator('.dc-kanban-card', { hasText: sellerName }).click();
    const quickView = page.getByRole('dialog', { name: sellerName });
    await quickView.getByRole('link', { name: 'Open the lead' }).click();
    await page.waitForURL((url) => url.pathname === '/leads/detail');
    await page.getByRole('button', { name: 'Mark qualified' }).click();
    await page.getByText(`${sellerName} is now qualified`).waitFor();
    await page.locator('.dc-record-summary').getByText('Qualified', { exact: true }).waitFor();

    await page.getByLabel('Add a note').fill('Roof is 20 years old; seller wants to close before the holidays.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.dc-timeline-note', { hasText: 'Roof is 20 years old' }).waitFor();

    await page.getByRole('button', { name: 'Book' }).click();
    const booking = page.getByRole('dialog', { name: 'Book an appointment' });
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await page.getByText('Appointment booked').waitFor();

    await page.getByRole('button', { name: 'Record offer' }).click();
    const offer = page.getByRole('dialog', { name: 'Record an offer' });
    await offer.getByLabel('Amount ($)').fill('150,000');
    await offer.getByRole('button', { name: 'Record offer' }).click();
    await page.getByText('Offer recorded').waitFor();
    await page.locator('.dc-list-item', { hasText: '$150,000' }).waitFor();

    const followUps = page.locator('.dc-card', { has: page.getByRole('heading', { name: 'Follow-ups', exact: true }) });
    await followUps.getByRole('button', { name: 'Add' }).click();
    const followUp = page.getByRole('dialog', { name: 'New follow-up' });
    await followUp.getByLabel('What to do').fill('Send the purchase agreement');
    await followUp.getByRole('button', { name: 'Add follow-up' }).click();
    // In the follow-ups card: the timeline may show it too ("Follow-up: Send the purchase agreement …").
    await followUps.getByText('Send the purchase agreement', { exact: true }).waitFor();

    await page.getByLabel('ARV ($)').fill('250000');
    await page.getByLabel('Repairs ($)').fill('40000');
    await page.locator('.dc-mao-value', { hasText: '$125,000' }).waitFor();
    await screenshot(page, 'journey-lead-qualified', 'desktop');
    expect(errors.errors).toEqual([]);
  });

  it('puts the qualified lead under contract: its deal is created and marketed', async () => {
    await page.getByRole('button', { name: 'Put under contract' }).click();
    const contract = page.getByRole('dialog', { name: 'Put under contract' });
    await contract.getByLabel('Contract price ($)').fill('150000');
    await contract.getByLabel('Asking price ($)').fill('172,500');
    await contract.getByText('Projected fee $22,500').waitFor();
    await contract.getByRole('button', { name: 'Create the deal' }).click();
    await page.waitForURL((url) => url.pathname === '/deals/detail');
    dealUrl = page.url();
    await page.locator('.dc-record-summary').getByText('Marketing', { exact: true }).waitFor();
    await page.getByRole('link', { name: sellerName }).waitFor();
    // A rep follows the deal but does not run it.
    expect(await page.getByRole('button', { name: 'Assign a buyer' }).count()).toBe(0);
    expect(errors.errors).toEqual([]);
  });
});

let dealUrl = '';

describe('the deal from marketing to closed with an assigned buyer', () => {
  let page: Page;
  let errors: TConsoleCollector;

  beforeAll(async () => {
    ({ page, errors } = await pageAs('disposition_manager'));
  });

  it('assigns the best-matched buyer from the deal page', async () => {
    await openSettled(page, dealUrl);
    const matches = page.locator('.dc-card', { has: page.getByRole('heading', { name: 'Matched buyers' }) });
    const first = matches.locator('.dc-match').first();
    await first.waitFor();
    const buyer = (await first.locator('.dc-row-link').textContent()) ?? '';
    await first.getByRole('button', { name: `Assign to ${buyer}` }).click();
    const assign = page.getByRole('dialog', { name: 'Assign a buyer' });
    expect(await assign.getByRole('radio', { name: new RegExp(buyer) }).isChecked()).toBe(true);
    await assign.getByLabel('Assignment fee ($)').fill('20000');
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText(`Assigned to ${buyer}`).first().waitFor();
    await page.locator('.dc-record-summary').getByText('Assigned', { exact: true }).waitFor();
    await page.locator('.dc-record-summary').getByRole('link', { name: buyer }).waitFor();
    await screenshot(page, 'journey-deal-assigned', 'desktop');
  });

  it('closes it by dragging its card to Closed on the deals board', async () => {
    await openSettled(page, '/deals');
    const title = (await page.locator('h1').textContent()) ?? '';
    expect(title).toBe('Deals');
    const card = page.locator('.dc-kanban-card', { hasText: sellerName });
    const closed = page.locator('.dc-kanban-column', { has: page.getByRole('heading', { name: /^Closed/ }) });
    await card.dragTo(closed, COLUMN_HEAD);
    const closing = page.getByRole('dialog', { name: 'Close the deal' });
    await closing.getByRole('button', { name: 'Mark closed' }).click();
    await closed.locator('.dc-kanban-card', { hasText: sellerName }).waitFor();
    await screenshot(page, 'journey-deal-closed', 'desktop');
    expect(errors.errors).toEqual([]);
  });

  it('brought the lead to closed with its deal', async () => {
    await openSettled(page, dealUrl);
    await page.locator('.dc-record-summary .dc-badge', { hasText: /^Closed$/ }).waitFor();
    await page.locator('.dc-record-summary').getByRole('link', { name: sellerName }).click();
    await page.waitForURL((url) => url.pathname === '/leads/detail');
    await page.locator('.dc-record-summary .dc-badge', { hasText: /^Closed$/ }).first().waitFor();
    await page.getByRole('link', { name: /^Deal:/ }).waitFor();
    expect(errors.errors).toEqual([]);
  });
});

describe('importing leads from a CSV with errors', () => {
  const csv = [
    'Owner First Name,Owner Last Name,Property Address,Property City,Property State,Property Zip,Phone 1,Email',
    `Import,One${unique},${unique} Import Way,Austin,TX,78704,(512) 555-${line},one${unique}@example.org`,
    `Import,Two${unique},${unique} Import Way,San Antonio,TX,7821,,two${unique}@example.org`,
    `,,${unique} Nameless Rd,Dallas,TX,75201,,`,
    `Import,Three${unique},${unique} Second St,Houston,TX,77002,,not-an-email`,
    `Import,Four${unique},${unique} Third St,Houston,TX,77003,,four${unique}@example.org`,
  ].join('\n');

  it('previews the mapping, imports in the background and offers the rejected rows as a report', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/leads/import-export');
    await page.getByLabel('CSV file').setInputFiles({ name: `probate-${unique}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload and preview' }).click();
    const zipField = page.getByLabel('Field for the column Property Zip');
    await zipField.waitFor();
    expect(await zipField.inputValue()).toBe('address_zip');
    await page.getByLabel('Tag every imported record').fill(`import ${unique}`);
    await screenshot(page, 'journey-import-mapping', 'desktop');
    await page.getByRole('button', { name: 'Import leads' }).click();

    await page.getByText('Completed').first().waitFor({ timeout: 30_000 });
    // Two good rows; a ZIP of four digits, a row without a name and a malformed email are rejected.
    const result = page.locator('dl[aria-label="Import result"]');
    expect(await result.locator('div', { hasText: 'Created' }).locator('dd').textContent()).toBe('2');
    expect(await result.locator('div', { hasText: 'Rejected' }).locator('dd').textContent()).toBe('3');
    await page.getByRole('cell', { name: /ZIP/ }).first().waitFor();
    await screenshot(page, 'journey-import-result', 'desktop');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download error report' }).click()]);
    const report = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      }, reject);
    });
    expect(report).toContain(`Two${unique}`);
    expect(report).toContain('not-an-email');
    expect(report).toContain(`${unique} Nameless Rd`);
    expect(report).not.toContain(`One${unique}`);

    await openSettled(page, `/leads?tag=${encodeURIComponent(`import ${unique}`)}`);
    await page.getByText('Showing 2 of 2 leads').waitFor();
    expect(errors.errors).toEqual([]);
  });
});

describe('bulk actions on the leads list', () => {
  it('assigns a selection to the admin and marks leads lost only with a reason', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/leads?status=new&sort=full_name&direction=asc');
    const grid = page.getByRole('grid', { name: 'Leads' });
    await grid.locator('[role="row"][data-row-index]').first().waitFor();
    const names = await grid.locator('[role="row"][data-row-index] .dc-row-link').evaluateAll((links) => links.slice(0, 2).map((link) => link.textContent ?? ''));
    for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 leads selected').waitFor();

    await bar.getByRole('button', { name: 'Assign' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign leads' });
    await assign.getByLabel('Assign to').selectOption({ label: 'Dana Whitfield (you)' });
    const [assigned] = await Promise.all([bulkAnswered(page), assign.getByRole('button', { name: 'Apply to 2 leads' }).click()]);
    const assignResult = (await assigned.json()) as { updated: string[]; skipped: { code: string }[] };
    // A lead already the admin's is reported as unchanged, not refused.
    expect(assignResult.updated.length + assignResult.skipped.filter((skip) => skip.code === 'unchanged').length).toBe(2);
    await page.getByText(/leads? updated/).first().waitFor();

    for (const name of names) await page.getByRole('checkbox', { name: `Select ${name}` }).check();
    await bar.getByRole('button', { name: 'Change status' }).click();
    const status = page.getByRole('dialog', { name: 'Change status' });
    await status.getByLabel('New status').selectOption('lost');
    await status.getByRole('button', { name: 'Apply to 2 leads' }).click();
    await expect.poll(() => status.getByLabel('Why were they lost?').getAttribute('aria-invalid')).toBe('true');
    await status.getByLabel('Why were they lost?').fill('Listed with an agent');
    const [moved] = await Promise.all([bulkAnswered(page), status.getByRole('button', { name: 'Apply to 2 leads' }).click()]);
    expect(((await moved.json()) as { updated: string[] }).updated).toHaveLength(2);
    await openSettled(page, `/leads?status=lost&q=${encodeURIComponent(names[0] ?? '')}`);
    await page.getByRole('grid', { name: 'Leads' }).getByText(names[0] ?? '').first().waitFor();
    expect(errors.errors).toEqual([]);
  });
});

describe('the header against the real API', () => {
  it('finds a lead with the global search and opens it with the keyboard', async () => {
    const { page, errors } = await pageAs('acquisition_rep');
    await openSettled(page, '/follow-ups');
    // The lead the first journey created (this file's tests run in order).
    const lead = sellerName;
    await page.keyboard.press('Control+k');
    const search = page.getByRole('dialog', { name: 'Search' });
    await search.getByRole('combobox').fill(sellerLast);
    // Its deal matches too (the seller's name); leads come first and the first result is active.
    await search.getByRole('option').filter({ hasText: 'Lead' }).filter({ hasText: lead }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/leads/detail');
    await page.getByRole('heading', { level: 1, name: lead }).waitFor();
    expect(errors.errors).toEqual([]);
  });

  it('marks a notification read when it is opened from the bell', async () => {
    const { page, errors } = await pageAs('acquisition_rep');
    await openSettled(page, '/follow-ups');
    const bell = page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
    const before = Number((await bell.getAttribute('aria-label'))?.match(/(\d+) unread/)?.[1]);
    await bell.click();
    const first = page.getByRole('region', { name: 'Notifications' }).locator('a.is-unread').first();
    const href = await first.getAttribute('href');
    await Promise.all([page.waitForResponse((response) => new URL(response.url()).pathname === '/api/notifications/read' && response.ok()), first.click()]);
    await page.waitForURL((url) => `${url.pathname}${url.search}` === href);
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: before - 1 > 0 ? `Notifications, ${before - 1} unread` : 'Notifications' }).waitFor();
    expect(errors.errors).toEqual([]);
  });
});
