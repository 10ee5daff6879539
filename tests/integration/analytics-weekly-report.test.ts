import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { expectedKpis, expectedRows } from '../support/analytics-expectations.ts';
import { generateAnalyticsFixture, insertFixture, type TAnalyticsFixture } from '../support/analytics-fixtures.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { ROOT_DIR, startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

// Monday 16 March 2026, 08:30 in Chicago: last week is Monday 9 – Sunday 15 March.
const MONDAY_MORNING = '2026-03-16T13:30:00.000Z';
const clock = createManualClock(MONDAY_MORNING);
const TIME_ZONE = 'America/Chicago';
const WEEK = { from: '2026-03-09', to: '2026-03-15' };

let smtp: SMTPServer;
const received: { raw: Buffer; to: string[] }[] = [];
let host: TTestHost;
let admin: TTestSession;
let executive: TTestSession;
let rep: TTestSession;
let tenantId: string;
let fixture: TAnalyticsFixture;

const body = async <T>(response: Response, status = 200): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};

async function runDispatch(): Promise<void> {
  await (await host.platform.queue()).publish('jobs', { data: {}, attributes: { job: 'reports.weekly-dispatch' } });
  await (await host.platform.local?.queue())?.drain();
}

const parsedMessages = () => Promise.all(received.map(async (message) => ({ to: message.to, mail: await simpleParser(message.raw) })));
const unsubscribeLink = (mail: ParsedMail) => /https?:\/\/[^\s"<>]+\/api\/analytics\/reports\/unsubscribe\?token=[\w.-]+/.exec(mail.text ?? '')?.[0];

beforeAll(async () => {
  // A real SMTP server on loopback: the email adapter delivers to it over SMTP as it would to a relay.
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((address) => address.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  const { port } = smtp.server.address() as AddressInfo;
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0', SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_FROM: 'DealCycle Reports <reports@dealcycle.test>' } });
  const organisation = await host.createOrganisation('Lone Star Report Co');
  admin = organisation.admin;
  tenantId = organisation.tenantId;
  const db = await host.platform.db();
  await db.collection<TTenantRecord>('tenants').updateOne({ _id: tenantId }, { $set: { plan: PLANS.growth, timezone: TIME_ZONE } });
  executive = await host.addMember(admin, 'executive');
  rep = await host.addMember(admin, 'acquisition_rep');
  fixture = generateAnalyticsFixture({ tenantId, now: clock.now(), days: 70, leads: 500, reps: [rep.uid, admin.uid], seed: 99 });
  await insertFixture(db, tenantId, fixture);
  for (const [source, amount] of [['direct_mail', 6_200], ['ppc', 3_100], ['cold_calling', 1_500]] as const) {
    await body(await admin.request('/api/analytics/spend', { method: 'PUT', json: { source, month: '2026-03', amount } }));
  }
  received.length = 0;
});
afterAll(async () => {
  await host.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('the weekly executive report', () => {
  it('is not sent before 07:00 on Monday in the organisation’s time zone', async () => {
    clock.set('2026-03-16T11:30:00.000Z'); // 06:30 in Chicago
    await runDispatch();
    expect(received).toHaveLength(0);
  });

  it('goes out once per week over SMTP to the members who opted in (executives and admins by default)', async () => {
    clock.set(MONDAY_MORNING);
    const started = performance.now();
    await runDispatch();
    const elapsed = performance.now() - started;
    expect(received.map((message) => message.to[0]).sort()).toEqual([admin.email, executive.email].sort());
    await runDispatch();
    clock.set('2026-03-16T20:00:00.000Z');
    await runDispatch();
    expect(received).toHaveLength(2);
    console.log(`weekly report: dispatch for one organisation (2 recipients) took ${Math.round(elapsed)} ms`);
  });

  it('parses cleanly: subject, HTML with both charts inline, a plain-text part and a one-click unsubscribe header', async () => {
    const [first] = await parsedMessages();
    const mail = first?.mail as ParsedMail;
    expect(mail.subject).toMatch(/^Lone Star Report Co weekly report, Mar 9 – Mar 15, 2026: \$[\d,]+ revenue, \d+ contracts$/);
    expect(mail.from?.text).toContain('reports@dealcycle.test');
    const images = mail.attachments.filter((attachment) => attachment.contentType === 'image/png');
    expect(images.map((image) => image.cid).sort()).toEqual(['funnel@dealcycle', 'revenue@dealcycle']);
    for (const image of images) expect(image.content.subarray(1, 4).toString()).toBe('PNG');
    // mailparser inlines cid: images as data URLs in `html`; the raw part references them by cid.
    expect(received[0]?.raw.toString()).toContain('src=3D"cid:funnel@dealcycle"');
    expect(mail.html).toContain('data:image/png;base64,');
    expect(mail.text).toContain('What changed');
    expect(mail.text).toContain('Rep leaderboard');
    const header = (key: string) => mail.headerLines.find((line) => line.key === key)?.line ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header('list-unsubscribe')).toContain('/api/analytics/reports/unsubscribe?token=');
  });

  it('reports last week’s figures as an independent count gives them, with the change from the week before', async () => {
    const [first] = await parsedMessages();
    const text = first?.mail.text ?? '';
    const now = new Date(MONDAY_MORNING);
    const week = expectedKpis(fixture, { ...WEEK, timeZone: TIME_ZONE, now });
    const number = (labelText: string) => Number(new RegExp(`^${labelText}: \\$?([\\d,]+)`, 'm').exec(text)?.[1]?.replace(/,/g, ''));
    expect(number('Leads')).toBe(week.leads);
    expect(number('Contracts')).toBe(week.contracts);
    expect(number('Deals closed')).toBe(week.deals_closed);
    expect(number('Revenue')).toBe(Math.round(week.revenue ?? 0));
    const open = expectedRows(fixture, 'pipeline_value', { ...WEEK, timeZone: TIME_ZONE, now: new Date('2026-03-16T04:59:59.999Z') });
    expect(number('Pipeline value')).toBe(Math.round(open.reduce((sum, row) => sum + (row.amount ?? 0), 0)));
    expect(text).toMatch(/^Leads: [\d,]+ \((▲|▼) \d+% vs last week|no change\)/m);
    expect(text).toContain('Top sources');
  });

  it('renders in Chromium without errors (screenshot kept in test-results/)', async () => {
    const [first] = await parsedMessages();
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 760, height: 900 }, deviceScaleFactor: 1 });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.setContent(String(first?.mail.html), { waitUntil: 'load' });
      const images = await page.$$eval('img', (elements) => elements.map((element) => ({ alt: element.alt, width: element.naturalWidth })));
      expect(images).toHaveLength(2);
      for (const image of images) expect(image.width).toBe(1120);
      expect(await page.textContent('h1')).toBe('Your week: Mar 9 – Mar 15, 2026');
      const directory = join(ROOT_DIR, 'test-results');
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, 'weekly-report-email.png'), await page.screenshot({ fullPage: true }));
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('has an unsubscribe link that turns the report off, after which next week goes to the others only', async () => {
    const messages = await parsedMessages();
    const executiveMail = messages.find((message) => message.to[0] === executive.email)?.mail as ParsedMail;
    const link = unsubscribeLink(executiveMail) as string;
    expect(link).toBeDefined();
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('You are unsubscribed');
    const db = await host.platform.db();
    expect((await db.collection<TUserRecord>('users').findOne({ _id: executive.uid }))?.weekly_report).toBe(false);
    // Again (or one-click POST) is harmless; a forged token changes nothing.
    expect((await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    const forged = link.replace(/token=([\w-]+)\./, (_match, payload: string) => `token=${Buffer.from(JSON.stringify({ t: tenantId, u: admin.uid, a: 'unsubscribe_weekly' })).toString('base64url')}.${payload.slice(0, 5)}`);
    expect((await fetch(forged)).status).toBe(400);
    expect((await db.collection<TUserRecord>('users').findOne({ _id: admin.uid }))?.weekly_report).toBe(true);

    received.length = 0;
    clock.set('2026-03-23T12:05:00.000Z'); // Monday 07:05 in Chicago
    await runDispatch();
    expect(received.map((message) => message.to[0])).toEqual([admin.email]);
  });

  it('can be sent now by an admin, to everyone opted in or only to themselves; others may not', async () => {
    received.length = 0;
    const result = await body<{ sent: string[]; week: { from: string }; duration_ms: number; render_ms: number }>(
      await admin.request('/api/analytics/reports/weekly/send', { method: 'POST', json: { to: 'me', week: '2026-03-04' } }),
    );
    expect(result.sent).toEqual([admin.email]);
    expect(result.week.from).toBe('2026-03-02');
    expect(received).toHaveLength(1);
    console.log(`weekly report: render ${result.render_ms} ms, render and send ${result.duration_ms} ms (one recipient)`);
    expect((await executive.request('/api/analytics/reports/weekly/send', { method: 'POST', json: {} })).status).toBe(403);
    expect((await rep.request('/api/analytics/reports/weekly/send', { method: 'POST', json: {} })).status).toBe(403);
  });
});
