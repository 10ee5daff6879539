import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TKpi } from '../../shared/analytics/analytics.schemas.ts';
import type { TAnalyticsDailyRecord } from '../../shared/analytics/rollups/analytics-daily-record.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { expectedKpis, expectedRows, type TExpectedRow, type TPeriod } from '../support/analytics-expectations.ts';
import { generateAnalyticsFixture, insertFixture, type TAnalyticsFixture } from '../support/analytics-fixtures.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

// Wednesday 18 March 2026, noon in Chicago; the 30-day range crosses the DST change of 8 March.
const clock = createManualClock('2026-03-18T17:00:00.000Z');
const TIME_ZONE = 'America/Chicago';
const RANGE = { from: '2026-02-17', to: '2026-03-18' };
const PREVIOUS = { from: '2026-01-18', to: '2026-02-16' };

let host: TTestHost;
let admin: TTestSession;
let executive: TTestSession;
let rep: TTestSession;
let dispo: TTestSession;
let tenantId: string;
let fixture: TAnalyticsFixture;

type TDrillPage = { items: { id: string; kind: string; at: string; amount: number | null }[]; nextCursor: string | null; total: number };

const body = async <T>(response: Response, status = 200): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};
const period = (range: { from: string; to: string }): TPeriod => ({ ...range, timeZone: TIME_ZONE, now: clock.now() });
const dashboard = async (session: TTestSession, name: string, query = '') => body<TDashboard>(await session.request(`/api/analytics/dashboards/${name}?from=${RANGE.from}&to=${RANGE.to}${query}`));
const ids = (rows: { id: string }[]) => rows.map((row) => row.id).sort();
const kpisOf = (board: TDashboard) => new Map<string, TKpi>(board.kpis.map((kpi) => [kpi.key, kpi]));

/** Every row of a drill-down, page by page. */
async function drillAll(session: TTestSession, query: string): Promise<TDrillPage['items']> {
  const items: TDrillPage['items'] = [];
  let cursor: string | null = null;
  do {
    const page: TDrillPage = await body<TDrillPage>(await session.request(`/api/analytics/drilldown?${query}&limit=37${cursor ? `&cursor=${cursor}` : ''}`));
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

function expectKpis(board: TDashboard, current: Record<string, number | null>, previous: Record<string, number | null> | null) {
  const kpis = kpisOf(board);
  let checked = 0;
  for (const [key, value] of Object.entries(current)) {
    const kpi = kpis.get(key);
    if (!kpi) continue;
    checked++;
    if (value === null) expect(kpi.value, key).toBeNull();
    else expect(kpi.value, key).toBeCloseTo(value, 3);
    const before = previous?.[key] ?? null;
    if (before === null) expect(kpi.previous, `${key} (previous)`).toBeNull();
    else expect(kpi.previous, `${key} (previous)`).toBeCloseTo(before, 3);
  }
  expect(checked).toBeGreaterThan(3);
}

beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
  const organisation = await host.createOrganisation('Analytics Homes');
  admin = organisation.admin;
  tenantId = organisation.tenantId;
  const db = await host.platform.db();
  // Growth plan (advanced analytics) and Central time, before the analytics function first loads the tenant.
  await db.collection<TTenantRecord>('tenants').updateOne({ _id: tenantId }, { $set: { plan: PLANS.growth, timezone: TIME_ZONE } });
  executive = await host.addMember(admin, 'executive');
  rep = await host.addMember(admin, 'acquisition_rep');
  dispo = await host.addMember(admin, 'disposition_manager');
  fixture = generateAnalyticsFixture({ tenantId, now: clock.now(), days: 80, leads: 700, reps: [rep.uid, admin.uid, 'former-rep'], seed: 42 });
  await insertFixture(db, tenantId, fixture);
  // Another organisation's records must never count.
  const other = generateAnalyticsFixture({ tenantId: 'tnt_other_org', now: clock.now(), days: 80, leads: 150, reps: ['someone'], seed: 7 });
  await insertFixture(db, 'tnt_other_org', other);
  await db.collection<TTenantRecord>('tenants').insertOne({
    _id: 'tnt_other_org',
    tenant_id: 'tnt_other_org',
    name: 'Other Org',
    timezone: 'UTC',
    plan: PLANS.growth,
    settings: { mao_factor: 0.7 },
    created_by: 'someone',
    created_at: clock.now(),
    updated_at: clock.now(),
  });
});
afterAll(() => host.close());

describe('dashboard numbers', () => {
  it('equal an independent count over the same records, computed live (no rollups yet)', async () => {
    const expected = expectedKpis(fixture, period(RANGE));
    const previous = expectedKpis(fixture, period(PREVIOUS));
    expect(expected.leads).toBeGreaterThan(100);
    expect(expected.deals_closed).toBeGreaterThan(3);
    expect(expected.buyers_reached_per_deal).not.toBeNull();
    for (const name of ['executive', 'acquisitions', 'disposition']) {
      const board = await dashboard(executive, name);
      expect(board.computed.rolled_up_days).toBe(0);
      expectKpis(board, expected, previous);
    }
  });

  it('stay the same once days come from rollups: whole days, and today so far with the last minute live', async () => {
    const live = await dashboard(executive, 'disposition');
    const rolled = await body<{ days: number; skipped: string[] }>(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: PREVIOUS.from, to: RANGE.to } }));
    const liveSince = new Date(clock.now().getTime() - 60_000).toISOString();
    expect(rolled).toEqual({ from: PREVIOUS.from, to: RANGE.to, days: 59, skipped: [RANGE.to], today: { day: RANGE.to, until: liveSince } });
    const expected = expectedKpis(fixture, period(RANGE));
    const previous = expectedKpis(fixture, period(PREVIOUS));
    for (const name of ['executive', 'acquisitions', 'disposition']) {
      const board = await dashboard(executive, name);
      expect(board.computed).toMatchObject({ rolled_up_days: 60, live_days: 0, live_since: liveSince });
      expectKpis(board, expected, previous);
    }
    const again = await dashboard(executive, 'disposition');
    expect(again.kpis).toEqual(live.kpis);
    // `live=true` ignores the rollups and agrees with them.
    expect((await dashboard(executive, 'executive', '&live=true')).kpis).toEqual((await dashboard(executive, 'executive')).kpis);
  });

  it('count a lead created today on top of the rolled-up days', async () => {
    const before = kpisOf(await dashboard(executive, 'executive')).get('leads')?.value ?? 0;
    const created = await admin.request('/api/leads?allow_duplicate=true', { method: 'POST', json: { first_name: 'Today', source: 'ppc' } });
    expect(created.status).toBe(201);
    const after = kpisOf(await dashboard(executive, 'executive')).get('leads');
    expect(after?.value).toBe(before + 1);
    const lead = (await created.json()) as { id: string };
    await bindTenant(await host.platform.db(), tenantId).collection<TLeadRecord>('leads').deleteOne({ _id: lead.id });
  });

  it('show the pipeline value of the open deals and the follow-ups overdue right now', async () => {
    const board = kpisOf(await dashboard(executive, 'disposition'));
    const open = expectedRows(fixture, 'pipeline_value', period(RANGE));
    expect(board.get('open_deals')?.value).toBe(open.length);
    expect(board.get('pipeline_value')?.value).toBeCloseTo(open.reduce((sum, row) => sum + (row.amount ?? 0), 0), 2);
    const acquisitions = kpisOf(await dashboard(admin, 'acquisitions'));
    expect(acquisitions.get('follow_ups_open_overdue')?.value).toBe(expectedRows(fixture, 'follow_ups_open_overdue', period(RANGE)).length);
    expect(acquisitions.get('follow_ups_open_overdue')?.previous).toBeNull();
  });

  it('compares with the same period last year when asked', async () => {
    const board = await dashboard(executive, 'executive', '&compare=last_year');
    expect(board.comparison).toEqual({ from: '2025-02-17', to: '2025-03-18', compare: 'last_year' });
    expect(kpisOf(board).get('leads')).toMatchObject({ previous: 0, delta_pct: null });
    expect((await dashboard(executive, 'executive', '&compare=none')).comparison).toBeNull();
  });

  it('explain each change in a sentence and list what changed most', async () => {
    const board = await dashboard(executive, 'executive');
    const leads = kpisOf(board).get('leads');
    expect(leads?.explanation).toMatch(/^Leads (up|down) \d+% to [\d,]+ from [\d,]+ the previous period/);
    expect(board.what_changed.source).toBe('rules');
    expect(board.what_changed.items.length).toBeGreaterThan(0);
    for (const item of board.what_changed.items) expect(item.sentence.length).toBeGreaterThan(10);
  });

  it('name buyers on the revenue-by-buyer chart as the buyers table does, not by id', async () => {
    const board = await dashboard(executive, 'disposition');
    const chart = board.charts.find((candidate) => candidate.key === 'revenue_by_buyer');
    const buyers = new Map(board.tables.find((candidate) => candidate.key === 'buyers')?.rows.map((row) => [row.key, row.label]));
    const named = (chart?.labels ?? []).map((label, index) => ({ label, id: chart?.drilldowns?.[index]?.query.extra ?? '' })).filter((entry) => buyers.has(entry.id));
    expect(named.length).toBeGreaterThan(0);
    for (const entry of named) expect(entry.label).toBe(buyers.get(entry.id));
  });
});

describe('drill-downs', () => {
  const metrics = [
    'leads_created',
    'leads_contacted',
    'appointments',
    'offers',
    'leads_under_contract',
    'leads_closed',
    'leads_lost',
    'first_contacts',
    'contracts',
    'deals_closed',
    'assignments',
    'assignments_closed',
    'assignments_fell_through',
    'buyers_reached',
    'buyers_responded',
    'deals_marketed_to_buyers',
    'calls',
    'calls_answered',
    'texts',
    'texts_delivered',
    'opt_outs',
    'follow_ups_due',
    'follow_ups_overdue',
    'follow_ups_done',
    'pipeline_value',
    'follow_ups_open_overdue',
  ];
  it.each(metrics)('list exactly the records counted for %s', async (metric) => {
    const expected = expectedRows(fixture, metric, period(RANGE));
    const rows = await drillAll(executive, `metric=${metric}&from=${RANGE.from}&to=${RANGE.to}`);
    expect(ids(rows)).toEqual(ids(expected));
    const times = rows.map((row) => row.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('narrow by the same dimension as the number they came from', async () => {
    const board = await dashboard(executive, 'executive');
    const table = board.tables.find((candidate) => candidate.key === 'leaderboard');
    const row = table?.rows.find((candidate) => candidate.key === rep.uid);
    const link = row?.cells.calls?.drilldown;
    expect(link?.query).toMatchObject({ metric: 'calls', rep: rep.uid });
    const listed = await drillAll(executive, new URLSearchParams(link?.query).toString());
    expect(listed.length).toBe(row?.cells.calls?.value);
    expect(ids(listed)).toEqual(ids(expectedRows(fixture, 'calls', period(RANGE)).filter((expected) => expected.rep === rep.uid)));

    const bySource = await drillAll(executive, `metric=deals_closed&from=${RANGE.from}&to=${RANGE.to}&source=direct_mail,ppc`);
    expect(ids(bySource)).toEqual(ids(expectedRows(fixture, 'deals_closed', period(RANGE)).filter((expected) => ['direct_mail', 'ppc'].includes(expected.source ?? ''))));
  });

  it('follow every KPI’s drill-down link to as many records as the number counts', async () => {
    const board = await dashboard(executive, 'acquisitions');
    for (const key of ['leads', 'contacted', 'appointments', 'offers', 'under_contract', 'calls', 'texts', 'follow_ups_done']) {
      const kpi = kpisOf(board).get(key);
      const page = await body<TDrillPage>(await executive.request(`${kpi?.drilldown.href ?? ''}&limit=1`));
      expect(page.total, key).toBe(kpi?.value);
    }
  });
});

describe('a rep', () => {
  it('sees their own figures on the acquisitions and mobile dashboards, and not the executive one', async () => {
    const mine = (row: TExpectedRow) => row.rep === rep.uid;
    const board = await dashboard(rep, 'acquisitions');
    expect(board.scope.rep).toBe(rep.uid);
    const expected = expectedKpis(fixture, period(RANGE), mine);
    expectKpis(board, expected, expectedKpis(fixture, period(PREVIOUS), mine));
    expect(board.tables.find((table) => table.key === 'leaderboard')?.rows.map((row) => row.key)).toEqual([rep.uid]);
    expect(kpisOf(await dashboard(rep, 'mobile')).get('calls')?.value).toBe(expected.calls);
    expect((await rep.request(`/api/analytics/dashboards/executive`)).status).toBe(403);
    expect((await dispo.request(`/api/analytics/dashboards/acquisitions`)).status).toBe(403);
  });

  it('drills into their own rows only, whatever rep they ask for', async () => {
    const rows = await drillAll(rep, `metric=leads_created&from=${RANGE.from}&to=${RANGE.to}&rep=former-rep`);
    expect(ids(rows)).toEqual(ids(expectedRows(fixture, 'leads_created', period(RANGE)).filter((row) => row.rep === rep.uid)));
  });
});

describe('rollups', () => {
  it('are idempotent: running a range again rewrites the same days', async () => {
    const db = bindTenant(await host.platform.db(), tenantId);
    const before = await db.collection('analytics_daily').find({}, { sort: { day: 1 } }).toArray();
    await body(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: PREVIOUS.from, to: RANGE.to } }));
    const after = await db.collection('analytics_daily').find({}, { sort: { day: 1 } }).toArray();
    expect(after.map(({ facts, levels, day }) => ({ facts, levels, day }))).toEqual(before.map(({ facts, levels, day }) => ({ facts, levels, day })));
  });

  it('keep each day’s closing pipeline value as a live reconstruction from deal histories gives it', async () => {
    for (const day of ['2026-01-20', '2026-02-09', '2026-02-28', '2026-03-08', '2026-03-17']) {
      const query = `/api/analytics/dashboards/disposition?from=${day}&to=${day}&compare=none`;
      const rolled = kpisOf(await body<TDashboard>(await executive.request(query)));
      const live = kpisOf(await body<TDashboard>(await executive.request(`${query}&live=true`)));
      const end = new Date(new Date(`${day}T00:00:00-06:00`).getTime() + 86_400_000 - 1);
      const expected = expectedRows(fixture, 'pipeline_value', { from: day, to: day, timeZone: TIME_ZONE, now: day >= '2026-03-08' ? new Date(end.getTime() - 3_600_000) : end });
      expect(rolled.get('open_deals')?.value, day).toBe(expected.length);
      expect(rolled.get('pipeline_value')?.value, day).toBeCloseTo(expected.reduce((sum, row) => sum + (row.amount ?? 0), 0), 2);
      expect(live.get('pipeline_value')?.value, day).toBe(rolled.get('pipeline_value')?.value);
    }
  });

  it('pick up a change to a past day when that day is rolled up again', async () => {
    const db = bindTenant(await host.platform.db(), tenantId);
    const leads = db.collection<TLeadRecord>('leads');
    const target = fixture.leads.find((lead) => lead.created_at.toISOString().startsWith('2026-03-03T18'))
      ?? fixture.leads.find((lead) => lead.created_at.toISOString().startsWith('2026-03-03'));
    expect(target).toBeDefined();
    const before = kpisOf(await dashboard(executive, 'executive')).get('leads')?.value ?? 0;
    await leads.deleteOne({ _id: target?._id });
    // The rollup still holds the deleted lead until its day is rolled up again.
    expect(kpisOf(await dashboard(executive, 'executive')).get('leads')?.value).toBe(before);
    await body(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: '2026-03-02', to: '2026-03-04' } }));
    expect(kpisOf(await dashboard(executive, 'executive')).get('leads')?.value).toBe(before - 1);
    await leads.insertOne(target as TLeadRecord);
    await body(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: '2026-03-02', to: '2026-03-04' } }));
  });

  it('count live what came after a day was rolled up so far, on the day and once it has ended', async () => {
    const noon = clock.now();
    const expected = expectedKpis(fixture, period(RANGE));
    const previous = expectedKpis(fixture, period(PREVIOUS));
    const rollUpSoFar = async (at: Date, day: string) => {
      clock.set(at);
      const rolled = await body<{ today: { until: string } | null }>(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: day, to: day } }));
      clock.set(noon);
      return rolled.today?.until;
    };
    // Today rolled up when its first lead was a minute old: that lead sits on the boundary, and every later event of today is counted live.
    const createdToday = fixture.leads.map((lead) => lead.created_at).filter((at) => at.toISOString() >= '2026-03-18T05' && at <= noon).sort((a, b) => a.getTime() - b.getTime());
    expect(createdToday.length).toBeGreaterThan(1);
    const boundary = createdToday[0] as Date;
    expect(await rollUpSoFar(new Date(boundary.getTime() + 60_000), RANGE.to)).toBe(boundary.toISOString());
    // Yesterday rolled up at 3 pm and never again: its evening is counted live, and its closing levels from the records.
    const yesterday = '2026-03-17';
    expect(await rollUpSoFar(new Date('2026-03-17T20:00:00.000Z'), yesterday)).toBe('2026-03-17T19:59:00.000Z');
    for (const name of ['executive', 'acquisitions', 'disposition']) {
      const board = await dashboard(executive, name);
      expect(board.computed).toMatchObject({ rolled_up_days: 60, live_days: 0, live_since: boundary.toISOString() });
      expectKpis(board, expected, previous);
    }
    const closing = kpisOf(await body<TDashboard>(await executive.request(`/api/analytics/dashboards/disposition?from=${yesterday}&to=${yesterday}&compare=none`)));
    const open = expectedRows(fixture, 'pipeline_value', { from: yesterday, to: yesterday, timeZone: TIME_ZONE, now: new Date('2026-03-18T04:59:59.999Z') });
    expect(closing.get('open_deals')?.value).toBe(open.length);
    expect(closing.get('pipeline_value')?.value).toBeCloseTo(open.reduce((sum, row) => sum + (row.amount ?? 0), 0), 2);
    // The nightly rollup makes yesterday whole again; today's next rollup so far stops a minute before now.
    await body(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: yesterday, to: RANGE.to } }));
  });

  it('add marketing spend to rolled-up days as entered, also when it changes between two requests', async () => {
    const spend = async (source: string, month: string, amount: number) => (await body<{ id: string }>(await admin.request('/api/analytics/spend', { method: 'PUT', json: { source, month, amount } }))).id;
    const march = await spend('direct_mail', '2026-03', 3_100);
    const february = await spend('ppc', '2026-02', 2_800);
    const rolled = kpisOf(await dashboard(executive, 'executive'));
    const live = kpisOf(await dashboard(executive, 'executive', '&live=true'));
    // 18 of March's 31 days and 12 of February's 28 are in the range.
    const expected = (3_100 * 18) / 31 + (2_800 * 12) / 28;
    expect(rolled.get('marketing_spend')?.value).toBeCloseTo(expected, 2);
    expect(rolled.get('roi')?.value).toBe(live.get('roi')?.value);
    expect(rolled.get('marketing_spend')?.value).toBe(live.get('marketing_spend')?.value);
    // The same request again reads the days it kept; a changed amount is read at once.
    expect(kpisOf(await dashboard(executive, 'executive')).get('marketing_spend')?.value).toBe(rolled.get('marketing_spend')?.value);
    await spend('direct_mail', '2026-03', 6_200);
    expect(kpisOf(await dashboard(executive, 'executive')).get('marketing_spend')?.value).toBeCloseTo(expected + (3_100 * 18) / 31, 2);
    for (const id of [march, february]) await body(await admin.request(`/api/analytics/spend/${id}`, { method: 'DELETE' }), 204);
    expect(kpisOf(await dashboard(executive, 'executive')).get('marketing_spend')?.value ?? 0).toBe(0);
  });

  it('are kept in memory until a day is written again: a new revision is read, a rollup without one is read every time', async () => {
    const rollups = bindTenant(await host.platform.db(), tenantId).collection<TAnalyticsDailyRecord>('analytics_daily');
    const day = '2026-03-03';
    const leads = async () => kpisOf(await dashboard(executive, 'executive')).get('leads')?.value;
    const before = await leads();
    const record = await rollups.findOne({ day });
    const index = record?.facts.keys.indexOf('leads_created') ?? -1;
    expect(index).toBeGreaterThanOrEqual(0);
    const stored = record?.facts.n[index] as number;
    const setLeads = (value: number, more: Record<string, unknown> = {}) => rollups.updateOne({ day }, { $set: { [`facts.n.${index}`]: value, ...more } });

    // The day's facts changed behind the rollup's back, at the same revision: the dashboard keeps what it read.
    await setLeads(stored + 5);
    expect(await leads()).toBe(before);
    await setLeads(stored + 5, { revision: 'rev_by_test' });
    expect(await leads()).toBe((before ?? 0) + 5);
    await rollups.updateOne({ day }, { $unset: { revision: '' } });
    await setLeads(stored + 7);
    expect(await leads()).toBe((before ?? 0) + 7);
    await setLeads(stored + 1);
    expect(await leads()).toBe((before ?? 0) + 1);

    await body(await admin.request('/api/analytics/rollups', { method: 'POST', json: { from: day, to: day } }));
    expect(await leads()).toBe(before);
    expect((await rollups.findOne({ day }))?.revision).toMatch(/^rev_/);
  });

  it('run nightly through the analytics.rollup job for every organisation', async () => {
    const db = await host.platform.db();
    await db.collection('analytics_daily').deleteMany({ tenant_id: tenantId, day: { $gte: '2026-03-11' } });
    await (await host.platform.queue()).publish('jobs', { data: {}, attributes: { job: 'analytics.rollup' } });
    await (await host.platform.local?.queue())?.drain();
    const days = await db.collection('analytics_daily').find({ tenant_id: tenantId, day: { $gte: '2026-03-11' } }, { sort: { day: 1 } }).toArray();
    expect(days.map((day) => day.day)).toEqual(['2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15', '2026-03-16', '2026-03-17']);
    expect(await db.collection('analytics_daily').countDocuments({ tenant_id: 'tnt_other_org' })).toBe(7);
  });

  it('roll up today so far every few minutes through the analytics.rollup-today job, for every organisation', async () => {
    const db = await host.platform.db();
    await db.collection('analytics_daily').deleteMany({ day: RANGE.to });
    await (await host.platform.queue()).publish('jobs', { data: {}, attributes: { job: 'analytics.rollup-today' } });
    await (await host.platform.local?.queue())?.drain();
    const today = await db.collection<TAnalyticsDailyRecord>('analytics_daily').find({ day: { $gte: RANGE.to } }).toArray();
    const until = new Date(clock.now().getTime() - 60_000);
    // The other organisation's day (UTC) is the 18th too.
    expect(new Map(today.map((record) => [record.tenant_id, [record.day, record.partial_until]]))).toEqual(
      new Map([
        [tenantId, [RANGE.to, until]],
        ['tnt_other_org', [RANGE.to, until]],
      ]),
    );
    const board = await dashboard(executive, 'executive');
    expect(board.computed).toMatchObject({ rolled_up_days: 60, live_since: until.toISOString() });
    expectKpis(board, expectedKpis(fixture, period(RANGE)), expectedKpis(fixture, period(PREVIOUS)));
  });

  it('roll up yesterday whole on the analytics.rollup-today run a minute past each organisation’s midnight, once', async () => {
    const noon = clock.now();
    const db = await host.platform.db();
    const rollups = db.collection<TAnalyticsDailyRecord>('analytics_daily');
    const runJob = async (at: string) => {
      clock.set(new Date(at));
      await (await host.platform.queue()).publish('jobs', { data: {}, attributes: { job: 'analytics.rollup-today' } });
      await (await host.platform.local?.queue())?.drain();
    };
    const dayRecord = async (tenant: string, day: string) => rollups.findOne({ tenant_id: tenant, day });
    const yesterday = RANGE.to;
    try {
      await runJob(noon.toISOString());
      // Midnight in Chicago (CDT) is 05:00 UTC, when the other organisation's (UTC) day is five hours old.
      await runJob('2026-03-19T05:00:30.000Z');
      expect((await dayRecord(tenantId, yesterday))?.partial_until).toBeInstanceOf(Date);
      expect((await dayRecord(tenantId, '2026-03-19'))?.partial_until).toEqual(new Date('2026-03-19T05:00:00.000Z'));
      expect((await dayRecord('tnt_other_org', yesterday))?.partial_until).toBeUndefined();

      await runJob('2026-03-19T05:15:00.000Z');
      const closed = await dayRecord(tenantId, yesterday);
      expect(closed?.partial_until).toBeUndefined();
      const open = expectedRows(fixture, 'pipeline_value', { from: yesterday, to: yesterday, timeZone: TIME_ZONE, now: new Date('2026-03-19T04:59:59.999Z') });
      expect(closed?.levels.keys.length).toBeGreaterThan(0);
      const closing = kpisOf(await body<TDashboard>(await executive.request(`/api/analytics/dashboards/disposition?from=${yesterday}&to=${yesterday}&compare=none`)));
      expect(closing.get('pipeline_value')?.value).toBeCloseTo(open.reduce((sum, row) => sum + (row.amount ?? 0), 0), 2);
      expectKpis(await dashboard(executive, 'executive'), expectedKpis(fixture, period(RANGE)), expectedKpis(fixture, period(PREVIOUS)));

      // Whole now: later runs leave it alone.
      await runJob('2026-03-19T05:30:00.000Z');
      expect((await dayRecord(tenantId, yesterday))?.revision).toBe(closed?.revision);
    } finally {
      clock.set(noon);
      await rollups.deleteMany({ day: '2026-03-19' });
    }
  });
});
