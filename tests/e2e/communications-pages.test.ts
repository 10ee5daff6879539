import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TTestHost } from '../support/test-host.ts';
import { collectConsoleErrors, expectNoSeriousA11yViolations, hasHorizontalScroll, launchChromium, screenshot, VIEWPORTS, type TConsoleCollector, type TViewportName } from './support/browser.ts';
import { openSettled, signedInContext, startDemoHost } from './support/demo-host.ts';

/**
 * The communications portal in a real browser against the local host with the demo
 * organisation, the Twilio sandbox and its job workers (delivery callbacks): the inbox, a thread,
 * sending and scheduling, the developer panel playing the seller's side (a reply, then STOP), a
 * deal blast, and every page at desktop and phone sizes (axe, no sideways scroll, screenshots).
 */
let host: TTestHost;
let browser: Browser;
const contexts: BrowserContext[] = [];

type TRow = { _id: string; tenant_id: string };
/** The rep's seller to talk to: a lead of theirs with a conversation and a number that may be texted. */
const seller = { id: '', name: '', phone: '' };
/** Another of the rep's sellers, for quiet hours (the first one texts STOP). */
const secondSeller = { id: '', name: '' };
/** A deal on the market that buyers match. */
let marketingDealId = '';

beforeAll(async () => {
  host = await startDemoHost({ workers: true });
  browser = await launchChromium();
  const db = await host.platform.db();
  const conversations = await db
    .collection<TRow & { contact_kind: string; contact_id: string; name: string; phone: string | null; assigned_to: string | null }>('conversations')
    .find({ tenant_id: 'tnt_demo', contact_kind: 'lead', assigned_to: 'demo-rep' }, { sort: { last_at: -1 }, limit: 50 })
    .toArray();
  for (const conversation of conversations) {
    if (!conversation.phone) continue;
    const optedOut = await db.collection<TRow & { opted_out?: boolean }>('contact_preferences').findOne({ tenant_id: 'tnt_demo', _id: `cp:tnt_demo:${conversation.phone}`, opted_out: true });
    const blocked = await db.collection<TRow & { value: string }>('do_not_contact').findOne({ tenant_id: 'tnt_demo', value: conversation.phone });
    if (optedOut || blocked) continue;
    if (!seller.id) Object.assign(seller, { id: conversation.contact_id, name: conversation.name, phone: conversation.phone });
    else {
      Object.assign(secondSeller, { id: conversation.contact_id, name: conversation.name });
      break;
    }
  }
  marketingDealId = (await db.collection<TRow & { status: string }>('deals').findOne({ tenant_id: 'tnt_demo', status: 'marketing' }))?._id ?? '';
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
const bubble = (page: Page, text: string) => page.locator('.dc-bubble', { hasText: text });

/** A full-page screenshot from the top (a scrolled page would show the sticky header midway). */
async function screenshotFromTop(page: Page, name: string, viewport: TViewportName): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name, viewport);
}

describe('a rep working a seller from the inbox', () => {
  let page: Page;
  let errors: TConsoleCollector;

  beforeAll(async () => {
    expect(seller.id, 'the demo seeds conversations for the rep').not.toBe('');
    // Texts go out only inside quiet hours in the seller's zone: an admin opens the whole day first.
    const admin = await pageAs('admin');
    await openSettled(admin.page, '/communications/center?tab=settings');
    await admin.page.getByLabel('Send from').fill('00:00');
    await admin.page.getByLabel('Send until').fill('23:59');
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByText('Messaging settings saved').waitFor();
    ({ page, errors } = await pageAs('acquisition_rep'));
  });

  it('opens the thread beside the inbox and marks it read', async () => {
    await openSettled(page, '/communications');
    const row = page.locator('.dc-inbox-row', { hasText: seller.name }).first();
    await row.click();
    await page.waitForURL((url) => url.searchParams.get('lead_id') === seller.id);
    await page.getByRole('heading', { level: 2, name: seller.name }).waitFor();
    await page.locator('.dc-thread .dc-bubble').first().waitFor();
    await expect.poll(() => row.locator('.dc-unread').count()).toBe(0);
  });

  it('sends a text through the sandbox and sees it delivered', async () => {
    const text = `Checking in about your house ${unique}`;
    await page.getByLabel('Text message').fill(`Hi {{first_name|there}}, ${text}`);
    await page.getByText(/\d+ \/ 160 · 1 segment \(GSM-7\)/).waitFor();
    await page.getByRole('button', { name: 'Send text' }).click();
    await page.getByText('Text sent').first().waitFor();
    const sent = bubble(page, text);
    await sent.waitFor();
    await sent.getByText('Delivered', { exact: true }).waitFor({ timeout: 20_000 });
    await screenshotFromTop(page, 'comms-thread-delivered', 'desktop');
  });

  it('schedules a text for tomorrow and cancels it', async () => {
    const text = `Tomorrow reminder ${unique}`;
    await page.getByLabel('Text message').fill(text);
    await page.getByLabel('Send later').check();
    const tomorrow = await page.evaluate(() => {
      const date = new Date(Date.now() + 86_400_000);
      const pad = (value: number) => String(value).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T10:00`;
    });
    await page.locator('input[type="datetime-local"]').fill(tomorrow);
    await page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByText(/^Scheduled for/).first().waitFor();
    const scheduled = bubble(page, text);
    await scheduled.getByText('Scheduled', { exact: true }).waitFor();
    await scheduled.getByRole('button', { name: 'Cancel send' }).click();
    await page.getByText('Scheduled message cancelled').waitFor();
    await scheduled.getByText('Canceled', { exact: true }).waitFor();
  });

  it('shows a reply simulated from the developer panel', async () => {
    await page.getByText('Developer panel (sandbox)').click();
    expect(await page.getByLabel('From number').inputValue()).toBe(seller.phone);
    await page.getByLabel('Inbound text').fill(`Sure, call me after 5 ${unique}`);
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await bubble(page, `Sure, call me after 5 ${unique}`).waitFor();
    expect(await bubble(page, `Sure, call me after 5 ${unique}`).getAttribute('class')).toContain('dc-bubble--inbound');
  });

  it('calls the seller through the sandbox from the thread and logs the call', async () => {
    const before = await page.locator('.dc-bubble--call').count();
    await page.getByRole('button', { name: /^Call \(/ }).click();
    await page.getByText('Calling: your phone rings first').waitFor();
    await expect.poll(() => page.locator('.dc-bubble--call').count(), { timeout: 15_000 }).toBe(before + 1);
    await page.locator('.dc-bubble--call').last().getByText('Outgoing call').waitFor();
  });

  it('refuses the next text after the seller texts STOP, saying why', async () => {
    await page.getByLabel('Inbound text').fill('STOP');
    await page.getByRole('button', { name: 'Simulate inbound text' }).click();
    await page.locator('.dc-bubble--inbound', { hasText: 'STOP' }).waitFor();
    await page.getByLabel('Text message').fill('Did you mean to stop?');
    await page.getByRole('button', { name: 'Send text' }).click();
    const refusal = page.locator('.dc-composer').getByRole('alert');
    await refusal.getByText('Opted out — not sent').waitFor();
    expect(await refusal.textContent()).toMatch(/opted out|STOP/i);
    expect(await bubble(page, 'Did you mean to stop?').count()).toBe(0);
    await screenshotFromTop(page, 'comms-thread-opted-out', 'desktop');
    // The refusal itself is the browser's one logged failure (a 403 answer).
    expect(errors.errors.filter((error) => !/403 \(Forbidden\).*\/api\/communications\/messages\)$/.test(error))).toEqual([]);
  });
});

describe('templates and the do-not-contact list in the communication center', () => {
  it('checks a template’s merge fields, then creates, edits and deletes it', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/communications/center?tab=templates');
    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New template' });
    await dialog.getByLabel('Name').fill(`Check-in ${unique}`);
    await dialog.getByLabel('Message text').fill('Hi {{first_nme}}, still interested?');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await dialog.getByText(/first_nme/).first().waitFor();
    await dialog.getByLabel('Message text').fill('Hi {{first_name|there}}, still interested?');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await page.getByText('Template created').waitFor();
    const item = page.locator('.dc-template-list li', { hasText: `Check-in ${unique}` });
    await item.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog', { name: 'Edit template' }).getByLabel('Message text').fill('Hi {{first_name|there}}, any news on the house?');
    await page.getByRole('dialog', { name: 'Edit template' }).getByRole('button', { name: 'Save template' }).click();
    await item.getByText('any news on the house?').waitFor();
    page.once('dialog', (confirm) => void confirm.accept());
    await item.getByRole('button', { name: `Delete Check-in ${unique}` }).click();
    await page.getByText('Template deleted').waitFor();
    await expect.poll(() => item.count()).toBe(0);
    // The refused first save is the one logged failure (a 400 answer).
    expect(errors.errors.filter((error) => !/400 \(Bad Request\).*\/api\/communications\/templates\)$/.test(error))).toEqual([]);
  });

  it('adds a number to the do-not-contact list and removes it', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/communications/center?tab=compliance');
    const number = `(512) 555-01${unique.slice(-2)}`;
    await page.getByLabel('Phone or email').fill(number);
    await page.getByLabel('Reason').fill('Asked on the phone not to be called');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Added to the do-not-contact list').waitFor();
    const entry = page.getByRole('list', { name: 'Do-not-contact list' }).locator('li', { hasText: number });
    await entry.waitFor();
    await entry.getByRole('button', { name: /^Remove/ }).click();
    await expect.poll(() => entry.count()).toBe(0);
    expect(errors.errors).toEqual([]);
  });
});

describe('quiet hours in the composer', () => {
  it('asks before texting outside the seller’s hours, then sends when the rep confirms', async () => {
    expect(secondSeller.id).not.toBe('');
    // A one-hour window at least five hours away from now in every Texas zone.
    const hour = (Number(new Intl.DateTimeFormat('en-US', { hour: 'numeric', hourCycle: 'h23', timeZone: 'America/Chicago' }).format(new Date())) + 8) % 24;
    const start = Math.min(hour, 22);
    const clock = (value: number) => `${String(value).padStart(2, '0')}:00`;
    const admin = await pageAs('admin');
    await openSettled(admin.page, '/communications/center?tab=settings');
    await admin.page.getByLabel('Send from').fill(clock(start));
    await admin.page.getByLabel('Send until').fill(clock(start + 1));
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.getByText('Messaging settings saved').waitFor();

    const { page, errors } = await pageAs('acquisition_rep');
    await openSettled(page, `/communications/thread?lead_id=${secondSeller.id}`);
    const text = `Late note ${unique}`;
    await page.getByLabel('Text message').fill(text);
    await page.locator('.dc-composer').getByText(/Texts are allowed again/).waitFor();
    await page.getByRole('button', { name: 'Send text' }).click();
    const refusal = page.locator('.dc-composer').getByRole('alert');
    await refusal.getByText('Outside quiet hours').waitFor();
    await screenshotFromTop(page, 'comms-composer-quiet-hours', 'desktop');
    await refusal.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByText('Text sent').first().waitFor();
    await bubble(page, text).waitFor();
    // The 409 asking for confirmation is the one logged failure.
    expect(errors.errors.filter((error) => !/409 \(Conflict\).*\/api\/communications\/messages\)$/.test(error))).toEqual([]);
  });
});

describe('a deal blast from the deal page', () => {
  it('keeps the words typed before the templates arrive instead of replacing them with the blast template', async () => {
    const { page, errors } = await pageAs('disposition_manager');
    await openSettled(page, `/deals/detail?id=${marketingDealId}`);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/communications/templates?*', async (route) => {
      await held;
      await route.fallback();
    });
    await page.locator('.dc-card', { has: page.getByRole('heading', { name: 'Buyer blasts' }) }).getByRole('button', { name: 'Send to matched buyers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send to matched buyers' });
    const words = 'Price just dropped on this one, reply YES for photos';
    await dialog.getByLabel('Text message').fill(words);
    release();
    // The demo's blast template is an option once the templates are in.
    await dialog.getByRole('combobox', { name: 'Template' }).locator('option', { hasText: /blast/i }).waitFor({ state: 'attached' });
    expect(await dialog.getByLabel('Text message').inputValue()).toBe(words);
    expect(await dialog.getByRole('combobox', { name: 'Template' }).inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(errors.errors).toEqual([]);
  });

  it('sends a marketed deal to its matched buyers and lists each one with its status or skip reason', async () => {
    expect(marketingDealId, 'the demo has a deal on the market').not.toBe('');
    const { page, errors } = await pageAs('disposition_manager');
    await openSettled(page, `/deals/detail?id=${marketingDealId}`);
    const card = page.locator('.dc-card', { has: page.getByRole('heading', { name: 'Buyer blasts' }) });
    await card.getByRole('button', { name: 'Send to matched buyers' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send to matched buyers' });
    await dialog.getByText(/buyers? scoring 50 or more/).waitFor();
    await dialog.getByText(/^Preview for/).waitFor();
    await screenshotFromTop(page, 'comms-blast-dialog', 'desktop');
    await dialog.getByRole('button', { name: 'Send blast' }).click();
    await page.getByText(/^Sent to \d+ buyers?/).first().waitFor();
    const buyers = card.getByRole('list', { name: 'Buyers in this blast' });
    await buyers.locator('li').first().waitFor();
    expect(await buyers.locator('li').count()).toBeGreaterThan(0);
    await buyers.getByText(/Text (queued|sending|sent|delivered|scheduled)|skipped/).first().waitFor();
    await screenshotFromTop(page, 'comms-blast-sent', 'desktop');
    expect(errors.errors).toEqual([]);
  });
});

describe('on a phone, the inbox and the thread are separate screens', () => {
  it('opens a conversation on its own page with the composer', async () => {
    const { page, errors } = await pageAs('acquisition_rep', 'phone');
    await openSettled(page, '/communications');
    await page.locator('.dc-inbox-row').first().click();
    await page.waitForURL((url) => url.pathname === '/communications/thread');
    await page.getByLabel('Text message').waitFor();
    await page.locator('.dc-thread .dc-bubble').first().waitFor();
    expect(await hasHorizontalScroll(page), 'the thread scrolls sideways').toBe(false);
    await screenshotFromTop(page, 'comms-thread-page', 'phone');
    expect(errors.errors).toEqual([]);
  });
});

describe('the inbox links count unread conversations', () => {
  it.each(Object.keys(VIEWPORTS) as TViewportName[])('at %s size, and the count drops when one is read', async (viewport) => {
    const { page, errors } = await pageAs('disposition_manager', viewport);
    await openSettled(page, '/communications');
    // A stranger texts in through the sandbox (as Twilio would post it): a new, unread conversation.
    const texted = await page.evaluate(async (from) => {
      const session = JSON.parse(localStorage.getItem('dc.session') ?? '{}') as { idToken?: string };
      const response = await fetch('/api/communications/sandbox/inbound-sms', {
        method: 'POST',
        headers: { authorization: `Bearer ${session.idToken ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from, body: 'Saw your sign, is my house something you buy?' }),
      });
      return response.status;
    }, `+1512555${viewport === 'phone' ? '01' : '02'}${unique.slice(-2)}`);
    expect(texted).toBe(200);
    const counted = page.waitForResponse((response) => response.url().endsWith('/api/communications/inbox/counts'));
    await openSettled(page, '/communications');
    const before = ((await (await counted).json()) as { unread_conversations: number }).unread_conversations;
    expect(before).toBeGreaterThan(0);
    const link = page.locator(viewport === 'phone' ? '.bottom-nav' : '.app-sidebar').locator('a[href="/communications"]');
    await expect.poll(() => link.locator('.nav-count').textContent()).toBe(`${before} unread conversation${before === 1 ? '' : 's'}`);
    await page.getByRole('button', { name: 'Unread', exact: true }).click();
    // Opening the thread marks it read; the badge asks for the count again once that is answered (slow under load).
    const markedRead = page.waitForResponse((response) => response.url().endsWith('/api/communications/read') && response.request().method() === 'POST');
    await page.locator('.dc-inbox-row', { has: page.locator('.dc-unread') }).first().click();
    expect((await markedRead).ok()).toBe(true);
    await expect
      .poll(() => link.locator('.nav-count').count().then(async (present) => (present ? await link.locator('.nav-count').textContent() : '')), { timeout: 15_000 })
      .toBe(before === 1 ? '' : `${before - 1} unread conversation${before - 1 === 1 ? '' : 's'}`);
    await screenshotFromTop(page, 'comms-unread-badge', viewport);
    expect(errors.errors).toEqual([]);
    await page.context().close();
  });
});

describe('an admin setting up numbers and calls (on a phone)', () => {
  it('connects a number for a rep, edits it, makes it the default and disconnects it; reps only see the list', async () => {
    const { page, errors } = await pageAs('admin', 'phone');
    await openSettled(page, '/communications/center?tab=settings');
    const numbers = page.getByRole('list', { name: 'Phone numbers' });
    const defaultBadge = page.getByText('Default', { exact: true });
    await numbers.locator('li', { has: defaultBadge }).waitFor();
    const originalDefault = (await numbers.locator('li', { has: defaultBadge }).locator('strong').textContent()) ?? '';
    const display = `(737) 555-01${unique.slice(-2)}`;
    const item = numbers.locator('li', { hasText: display });

    await page.getByRole('button', { name: 'Connect a number' }).click();
    const connect = page.getByRole('dialog', { name: 'Connect a number' });
    await connect.getByLabel('Twilio number').fill('12');
    await connect.getByRole('button', { name: 'Connect number' }).click();
    await connect.getByText('Enter the whole number, such as (512) 555-0100').waitFor();
    await connect.getByLabel('Twilio number').fill(display);
    await connect.getByLabel('Label').fill('Direct mail line');
    await connect.getByLabel('Whose line').selectOption({ index: 1 });
    const owner = (await connect.getByLabel('Whose line').locator('option:checked').textContent()) ?? '';
    await connect.getByLabel('Throughput (segments per second)').fill('2');
    await screenshot(page, 'comms-connect-number', 'phone');
    await connect.getByRole('button', { name: 'Connect number' }).click();
    await page.getByText('Number connected').waitFor();
    await item.getByText('Direct mail line').waitFor();
    await item.getByText(`SMS · MMS · Voice · 2 segments/s · ${owner}'s line`).waitFor();

    await page.getByRole('button', { name: `Edit ${display}` }).click();
    const edit = page.getByRole('dialog', { name: `Edit ${display}` });
    await edit.getByLabel('Label').fill('Mailers');
    await edit.getByLabel('Whose line').selectOption('');
    await edit.getByRole('button', { name: 'Save number' }).click();
    await item.getByText('Mailers').waitFor();
    await item.getByText('Shared line', { exact: false }).waitFor();

    await page.getByRole('button', { name: `Make default: ${display}` }).click();
    await item.getByText('Default', { exact: true }).waitFor();
    await expect.poll(() => numbers.locator('li', { has: defaultBadge }).count()).toBe(1);
    // The toasts so far would cover the list.
    while ((await page.getByRole('button', { name: 'Dismiss notification' }).count()) > 0) await page.getByRole('button', { name: 'Dismiss notification' }).first().click();
    await screenshotFromTop(page, 'comms-numbers', 'phone');
    await page.getByRole('button', { name: `Make default: ${originalDefault}` }).click();
    await numbers.locator('li', { hasText: originalDefault }).getByText('Default', { exact: true }).waitFor();
    await expect.poll(() => item.getByText('Default', { exact: true }).count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `Disconnect ${display}` }).click();
    await page.getByText('Number disconnected').waitFor();
    await expect.poll(() => item.count()).toBe(0);
    expect(errors.errors).toEqual([]);

    const rep = await pageAs('acquisition_rep', 'phone');
    await openSettled(rep.page, '/communications/center?tab=settings');
    await rep.page.getByRole('list', { name: 'Phone numbers' }).getByText(originalDefault).waitFor();
    expect(await rep.page.getByRole('button', { name: 'Connect a number' }).count()).toBe(0);
    expect(await rep.page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await rep.page.getByLabel('Record calls').isDisabled()).toBe(true);
    expect(rep.errors.errors).toEqual([]);
  });

  it('turns call recording on with a longer ring, keeps it after a reload, and refuses a ring out of range', async () => {
    const { page, errors } = await pageAs('admin');
    await openSettled(page, '/communications/center?tab=settings');
    const recording = page.getByLabel('Record calls');
    const ring = page.getByLabel('Ring the rep for (seconds)');
    await ring.waitFor();
    const before = { recording: await recording.isChecked(), ring: await ring.inputValue() };

    await ring.fill('90');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('.dc-field.has-error', { has: ring }).getByRole('alert').waitFor();
    await recording.setChecked(!before.recording);
    await ring.fill('35');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Messaging settings saved').waitFor();
    await openSettled(page, '/communications/center?tab=settings');
    await expect.poll(() => page.getByLabel('Ring the rep for (seconds)').inputValue()).toBe('35');
    expect(await page.getByLabel('Record calls').isChecked()).toBe(!before.recording);

    // Back as it was, for the other tests.
    await page.getByLabel('Record calls').setChecked(before.recording);
    await page.getByLabel('Ring the rep for (seconds)').fill(before.ring);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Messaging settings saved').waitFor();
    expect(errors.errors).toEqual([]);
  });
});

type TVisit = { name: string; path: () => string; role: TRole; ready: string };
const visits: TVisit[] = [
  { name: 'inbox', path: () => '/communications', role: 'acquisition_rep', ready: 'Mine' },
  { name: 'inbox-dispo', path: () => '/communications', role: 'disposition_manager', ready: 'Buyers' },
  { name: 'thread', path: () => `/communications/thread?lead_id=${seller.id}`, role: 'acquisition_rep', ready: 'Open lead' },
  { name: 'center', path: () => '/communications/center', role: 'admin', ready: 'All numbers' },
  { name: 'center-calls', path: () => '/communications/center?tab=calls', role: 'admin', ready: 'Call log' },
  { name: 'center-templates', path: () => '/communications/center?tab=templates', role: 'admin', ready: 'First touch' },
  { name: 'center-compliance', path: () => '/communications/center?tab=compliance', role: 'admin', ready: 'Phone or email' },
  { name: 'center-settings', path: () => '/communications/center?tab=settings', role: 'admin', ready: 'Save settings' },
];

describe.each(Object.keys(VIEWPORTS) as TViewportName[])('communications pages at %s size', (viewport) => {
  it.each(visits)('$name renders its data cleanly and accessibly', async ({ name, path, role, ready }) => {
    const { page, errors } = await pageAs(role, viewport);
    await openSettled(page, path());
    await page.locator('#main').getByText(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('h1').count(), 'one h1 per page').toBe(1);
    expect(await hasHorizontalScroll(page), 'the page scrolls sideways').toBe(false);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `comms-${name}`, viewport);
    expect(errors.errors).toEqual([]);
    await page.context().close();
  });
});
