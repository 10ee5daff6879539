import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDashboard, TReportResult, TSavedReport } from '../../shared/analytics/analytics.schemas.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { expectedRows, localDay, total, type TPeriod } from '../support/analytics-expectations.ts';
import { generateAnalyticsFixture, insertFixture, type TAnalyticsFixture } from '../support/analytics-fixtures.ts';
import { createManualClock } from '../support/manual-clock.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

// Friday 20 March 2026, 10:00 in Chicago.
const clock = createManualClock('2026-03-20T15:00:00.000Z');
const TIME_ZONE = 'America/Chicago';
const RANGE = { from: '2026-02-01', to: '2026-03-20' };
const SPEND = [
  { source: 'direct_mail', month: '2026-02', amount: 8_400 },
  { source: 'direct_mail', month: '2026-03', amount: 9_300 },
  { source: 'ppc', month: '2026-02', amount: 2_800 },
  { source: 'ppc', month: '2026-03', amount: 3_100 },
  { source: 'cold_calling', month: '2026-03', amount: 1_550 },
] as const;

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
const period: TPeriod = { ...RANGE, timeZone: TIME_ZONE, now: clock.now() };
const daysIn = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();

/** Spend of a source over the range: each month's amount spread over its days, counted for the days in range. */
function expectedSpend(source: string): number {
  let sum = 0;
  for (const entry of SPEND.filter((candidate) => candidate.source === source)) {
    for (let day = 1; day <= daysIn(entry.month); day++) {
      const date = `${entry.month}-${String(day).padStart(2, '0')}`;
      if (date >= RANGE.from && date <= RANGE.to) sum += entry.amount / daysIn(entry.month);
    }
  }
  return sum;
}

const definition = (overrides: Record<string, unknown> = {}) => ({ metrics: ['leads', 'contracts', 'revenue', 'marketing_spend', 'cost_per_lead', 'roi'], group_by: 'source', range: { preset: 'custom', ...RANGE }, ...overrides });

beforeAll(async () => {
  host = await startTestHost({ clock, env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
  const organisation = await host.createOrganisation('Report Homes');
  admin = organisation.admin;
  tenantId = organisation.tenantId;
  const db = await host.platform.db();
  await db.collection<TTenantRecord>('tenants').updateOne({ _id: tenantId }, { $set: { plan: PLANS.growth, timezone: TIME_ZONE } });
  executive = await host.addMember(admin, 'executive');
  rep = await host.addMember(admin, 'acquisition_rep');
  fixture = generateAnalyticsFixture({ tenantId, now: clock.now(), days: 60, leads: 400, reps: [rep.uid, admin.uid], seed: 5 });
  await insertFixture(db, tenantId, fixture);
});
afterAll(() => host.close());

describe('marketing spend', () => {
  it('is entered per source and month by admins; entering a month again replaces it', async () => {
    for (const entry of SPEND) await body(await admin.request('/api/analytics/spend', { method: 'PUT', json: { ...entry, amount: 1 } }));
    for (const entry of SPEND) await body(await admin.request('/api/analytics/spend', { method: 'PUT', json: { ...entry, notes: 'Q1 campaign' } }));
    const { items } = await body<{ items: { id: string; source: string; month: string; amount: number }[] }>(await executive.request('/api/analytics/spend?from=2026-02&to=2026-03'));
    expect(items.map(({ source, month, amount }) => ({ source, month, amount })).sort((a, b) => `${a.month}${a.source}`.localeCompare(`${b.month}${b.source}`))).toEqual(
      [...SPEND].map(({ source, month, amount }) => ({ source, month, amount })).sort((a, b) => `${a.month}${a.source}`.localeCompare(`${b.month}${b.source}`)),
    );
    expect((await executive.request('/api/analytics/spend', { method: 'PUT', json: SPEND[0] })).status).toBe(403);
    expect((await rep.request('/api/analytics/spend')).status).toBe(403);
    const bad = await body<{ errors: { field: string }[] }>(await admin.request('/api/analytics/spend', { method: 'PUT', json: { source: 'ppc', month: '2026-13', amount: -5 } }), 400);
    expect(bad.errors.map((error) => error.field).sort()).toEqual(['amount', 'month']);
    const extra = await body<{ id: string }>(await admin.request('/api/analytics/spend', { method: 'PUT', json: { source: 'seo', month: '2026-01', amount: 99 } }));
    expect((await admin.request(`/api/analytics/spend/${extra.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(`/api/analytics/spend/${extra.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('gives cost per lead, per contract, per closed deal and ROI per source, as an independent count does', async () => {
    const board = await body<TDashboard>(await executive.request(`/api/analytics/dashboards/executive?from=${RANGE.from}&to=${RANGE.to}`));
    const sources = board.tables.find((table) => table.key === 'sources');
    expect(sources).toBeDefined();
    for (const source of ['direct_mail', 'ppc', 'cold_calling']) {
      const row = sources?.rows.find((candidate) => candidate.key === source);
      const spend = expectedSpend(source);
      const of = (metric: string) => expectedRows(fixture, metric, period).filter((expected) => expected.source === source);
      const leads = of('leads_created').length;
      const contracts = of('contracts').length;
      const closed = of('deals_closed');
      const revenue = total(closed);
      expect(row?.cells.marketing_spend?.value).toBeCloseTo(spend, 2);
      expect(row?.cells.leads?.value).toBe(leads);
      expect(row?.cells.contracts?.value).toBe(contracts);
      expect(row?.cells.revenue?.value).toBe(revenue);
      expect(row?.cells.cost_per_lead?.value ?? null).toBe(leads ? Math.round((spend / leads) * 10_000) / 10_000 : null);
      expect(row?.cells.cost_per_contract?.value ?? null).toBe(contracts ? Math.round((spend / contracts) * 10_000) / 10_000 : null);
      expect(row?.cells.cost_per_closed_deal?.value ?? null).toBe(closed.length ? Math.round((spend / closed.length) * 10_000) / 10_000 : null);
      expect(row?.cells.roi?.value).toBeCloseTo((revenue - spend) / spend, 4);
    }
    const spendKpi = board.kpis.find((kpi) => kpi.key === 'marketing_spend');
    expect(spendKpi?.value).toBeCloseTo(expectedSpend('direct_mail') + expectedSpend('ppc') + expectedSpend('cold_calling'), 2);
  });
});

describe('custom reports', () => {
  it('group the chosen metrics by source, with totals, as an independent count does', async () => {
    const result = await body<TReportResult>(await executive.request('/api/analytics/reports/run', { method: 'POST', json: definition() }));
    expect(result.range).toEqual({ ...RANGE, timezone: TIME_ZONE });
    expect(result.columns.map((column) => column.key)).toEqual(['leads', 'contracts', 'revenue', 'marketing_spend', 'cost_per_lead', 'roi']);
    const leads = expectedRows(fixture, 'leads_created', period);
    for (const row of result.rows) {
      expect(row.values.leads, row.key).toBe(leads.filter((lead) => lead.source === row.key).length);
      expect(row.values.revenue, row.key).toBe(total(expectedRows(fixture, 'deals_closed', period).filter((deal) => deal.source === row.key)));
    }
    expect(result.totals.leads).toBe(leads.length);
    expect(result.totals.marketing_spend).toBeCloseTo(expectedSpend('direct_mail') + expectedSpend('ppc') + expectedSpend('cold_calling'), 2);
    expect(result.chart?.series.map((series) => series.label)).toEqual(['Leads', 'Contracts']);
  });

  it('group by week and month, with a row for every period even when it is empty', async () => {
    const weekly = await body<TReportResult>(await executive.request('/api/analytics/reports/run', { method: 'POST', json: definition({ metrics: ['leads', 'speed_to_lead'], group_by: 'week' }) }));
    expect(weekly.rows[0]?.key).toBe('2026-01-26');
    expect(weekly.rows.at(-1)?.key).toBe('2026-03-16');
    const leads = expectedRows(fixture, 'leads_created', period);
    const weekOf = (day: string) => {
      const date = new Date(`${day}T00:00:00Z`);
      date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      return date.toISOString().slice(0, 10);
    };
    const leadById = new Map(fixture.leads.map((lead) => [lead._id, lead]));
    for (const row of weekly.rows) {
      expect(row.values.leads, row.key).toBe(leads.filter((lead) => weekOf(localDay(leadById.get(lead.id)?.created_at as Date, TIME_ZONE)) === row.key).length);
    }
    const monthly = await body<TReportResult>(await executive.request('/api/analytics/reports/run', { method: 'POST', json: definition({ metrics: ['calls', 'contact_rate'], group_by: 'month' }) }));
    expect(monthly.rows.map((row) => row.key)).toEqual(['2026-02', '2026-03']);
    const calls = expectedRows(fixture, 'calls', period);
    const answered = expectedRows(fixture, 'calls_answered', period);
    const messageById = new Map(fixture.communications.map((message) => [message._id, message]));
    const inMonth = (id: string, month: string) => localDay(messageById.get(id)?.created_at as Date, TIME_ZONE).startsWith(month);
    for (const row of monthly.rows) {
      const placed = calls.filter((call) => inMonth(call.id, row.key)).length;
      expect(row.values.calls).toBe(placed);
      expect(row.values.contact_rate).toBeCloseTo(answered.filter((call) => inMonth(call.id, row.key)).length / placed, 4);
    }
  });

  it('filter rows before grouping; spend drops out where it has no such dimension', async () => {
    const result = await body<TReportResult>(
      await executive.request('/api/analytics/reports/run', { method: 'POST', json: definition({ group_by: 'rep', filters: { source: ['direct_mail', 'ppc'] } }) }),
    );
    const leads = expectedRows(fixture, 'leads_created', period).filter((lead) => ['direct_mail', 'ppc'].includes(lead.source ?? ''));
    expect(result.rows.find((row) => row.key === rep.uid)?.values.leads).toBe(leads.filter((lead) => lead.rep === rep.uid).length);
    expect(result.notes).toEqual(['Marketing spend is kept per source and month: spend-based metrics are left out for this grouping or filter.']);
    expect(result.totals.marketing_spend).toBe(0);
    const byStatus = await body<TReportResult>(await executive.request('/api/analytics/reports/run', { method: 'POST', json: definition({ metrics: ['leads'], group_by: 'status' }) }));
    expect(byStatus.rows.find((row) => row.key === 'lost')?.values.leads).toBe(
      expectedRows(fixture, 'leads_created', period).filter((lead) => fixture.leads.find((candidate) => candidate._id === lead.id)?.status === 'lost').length,
    );
  });

  it('are saved for the organisation, run and exported as CSV', async () => {
    const saved = await body<TSavedReport>(await executive.request('/api/analytics/reports', { method: 'POST', json: { name: 'Sources Q1', definition: definition() } }), 201);
    expect((await body<{ items: TSavedReport[] }>(await admin.request('/api/analytics/reports'))).items.map((report) => report.id)).toContain(saved.id);
    const renamed = await body<TSavedReport>(await admin.request(`/api/analytics/reports/${saved.id}`, { method: 'PATCH', json: { name: '=Sources, Q1' } }));
    expect(renamed.name).toBe('=Sources, Q1');
    const run = await body<TReportResult>(await executive.request(`/api/analytics/reports/${saved.id}/run`));
    expect(run.name).toBe('=Sources, Q1');

    const response = await executive.request(`/api/analytics/reports/${saved.id}/export.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="sources-q1-2026-02-01-to-2026-03-20.csv"');
    const rows = parse(await response.text()) as string[][];
    expect(rows[0]).toEqual(['Source', 'Leads', 'Contracts', 'Revenue (USD)', 'Marketing spend (USD)', 'Cost per lead (USD)', 'Marketing ROI (fraction)']);
    expect(rows.at(-1)?.[0]).toBe('Total');
    expect(Number(rows.at(-1)?.[1])).toBe(run.totals.leads);
    expect(rows.slice(1, -1).map((row) => row[0])).toEqual(run.rows.map((row) => row.label));

    expect((await rep.request(`/api/analytics/reports/${saved.id}/run`)).status).toBe(403);
    expect((await admin.request(`/api/analytics/reports/${saved.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await executive.request(`/api/analytics/reports/${saved.id}`)).status).toBe(404);
  });

  it('refuse an invalid definition with field errors', async () => {
    const problem = await body<{ errors: { field: string }[] }>(
      await executive.request('/api/analytics/reports/run', { method: 'POST', json: { metrics: [], group_by: 'planet', range: { preset: 'custom' } } }),
      400,
    );
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['group_by', 'metrics', 'range.from']);
  });
});

describe('the plan', () => {
  it('keeps custom reports and ROI to plans with advanced analytics', async () => {
    const trial = await host.createOrganisation('Trial Homes');
    const feature = await body<{ code: string }>(await trial.admin.request('/api/analytics/reports/run', { method: 'POST', json: definition() }), 403);
    expect(feature.code).toBe('feature_disabled');
    expect((await trial.admin.request('/api/analytics/spend')).status).toBe(403);
    const board = await body<TDashboard>(await trial.admin.request('/api/analytics/dashboards/executive'));
    expect(board.kpis.map((kpi) => kpi.key)).not.toContain('roi');
    expect(board.kpis.map((kpi) => kpi.key)).not.toContain('marketing_spend');
    expect(board.tables.map((table) => table.key)).toEqual(['leaderboard']);
  });
});

describe('the local outbox', () => {
  it('lists the emails written locally and shows one with its charts inline; admins and executives only', async () => {
    await body(await admin.request('/api/analytics/reports/weekly/send', { method: 'POST', json: { to: 'me' } }));
    const { items } = await body<{ items: { id: string; subject: string; to: string }[] }>(await executive.request('/api/analytics/outbox'));
    expect(items[0]).toMatchObject({ to: admin.email, subject: expect.stringContaining('Report Homes weekly report') });
    const message = await body<{ html: string; text: string; attachments: { cid: string }[] }>(await executive.request(`/api/analytics/outbox/${items[0]?.id}`));
    expect(message.html).toContain('data:image/png;base64,');
    expect(message.attachments.map((attachment) => attachment.cid).sort()).toEqual(['funnel@dealcycle', 'revenue@dealcycle']);
    const raw = await executive.request(`/api/analytics/outbox/${items[0]?.id}/raw`);
    expect(raw.headers.get('content-type')).toContain('message/rfc822');
    expect(await raw.text()).toContain('Content-ID: <funnel@dealcycle>');
    // Ids are bare file names: a path is refused, a dot-file is not a message.
    expect((await executive.request('/api/analytics/outbox/..%2Fstore%2FLOCK')).status).toBe(400);
    expect((await executive.request('/api/analytics/outbox/.LOCK')).status).toBe(404);
    expect((await rep.request('/api/analytics/outbox')).status).toBe(403);
  });
});
