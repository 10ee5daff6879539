import type { TChartData, TDashboard, TDashboardName, TKpi, TReportResult } from '../../../shared/analytics/analytics.schemas.ts';

/**
 * Analytics answers for the static site (portal-pages, the portal-vitals bench): a dashboard
 * shaped like the API's, with figures, charts and a table, so each analytics page renders fully
 * without the local host. The real figures are checked by tests/e2e/analytics-pages.test.ts.
 */
const RANGE = { from: '2026-10-04', to: '2026-11-02' };
const COMPARISON = { from: '2026-09-04', to: '2026-10-03' };
const DAYS = Array.from({ length: 30 }, (_, index) => `2026-10-${String(index + 4).padStart(2, '0')}`).map((day) => (day > '2026-10-31' ? `2026-11-0${Number(day.slice(8)) - 31}` : day));

const drill = (metric: string) => ({ href: `/api/analytics/drilldown?metric=${metric}&from=${RANGE.from}&to=${RANGE.to}`, query: { metric, ...RANGE } });

const kpi = (key: string, label: string, unit: TKpi['unit'], value: number, previous: number, metric: string): TKpi => ({
  key,
  label,
  unit,
  value,
  previous,
  delta: value - previous,
  delta_pct: previous ? (value - previous) / previous : null,
  good: value >= previous,
  explanation: `${label} ${value >= previous ? 'up' : 'down'} from the previous period; the biggest change: Direct mail.`,
  definition: `${label} in the period.`,
  drilldown: drill(metric),
});

const KPIS: TKpi[] = [
  kpi('leads', 'Leads', 'count', 105, 71, 'leads_created'),
  kpi('contracts', 'Contracts', 'count', 26, 13, 'contracts'),
  kpi('deals_closed', 'Deals closed', 'count', 20, 3, 'deals_closed'),
  kpi('revenue', 'Revenue', 'currency', 334_000, 53_000, 'deals_closed'),
  kpi('pipeline_value', 'Pipeline value', 'currency', 308_000, 291_500, 'pipeline_value'),
  kpi('speed_to_lead', 'Speed to lead', 'minutes', 1017, 1110, 'first_contacts'),
  kpi('lead_to_contract', 'Lead → contract', 'percent', 0.248, 0.183, 'leads_under_contract'),
  kpi('calls', 'Calls', 'count', 48, 40, 'calls'),
];

const wave = (scale: number, phase: number) => DAYS.map((_, index) => Math.max(0, Math.round(scale * (1 + Math.sin(index / 3 + phase)))));

const CHARTS: TChartData[] = [
  { key: 'leads_trend', kind: 'line', title: 'Leads and contracts', unit: 'count', labels: DAYS, series: [{ label: 'Leads', values: wave(4, 0) }, { label: 'Contracts', values: wave(1, 1) }] },
  {
    key: 'funnel',
    kind: 'funnel',
    title: 'Acquisition funnel',
    unit: 'count',
    labels: ['Leads', 'Contacted', 'Appointment', 'Offer', 'Under contract', 'Closed'],
    series: [{ label: 'Leads', values: [105, 62, 21, 26, 24, 18] }],
    drilldowns: ['leads_created', 'leads_contacted', 'appointments', 'offers', 'leads_under_contract', 'leads_closed'].map(drill),
  },
];

export function fixtureDashboard(name: TDashboardName): TDashboard {
  return {
    name,
    title: name,
    range: { ...RANGE, timezone: 'America/Chicago', days: 30 },
    comparison: { ...COMPARISON, compare: 'previous' },
    scope: { rep: null },
    kpis: KPIS,
    charts: name === 'mobile' ? CHARTS.slice(0, 1) : CHARTS,
    tables: [
      {
        key: 'leaderboard',
        title: 'Rep leaderboard',
        columns: [
          { key: 'calls', label: 'Calls', unit: 'count' },
          { key: 'revenue', label: 'Revenue', unit: 'currency' },
        ],
        rows: [
          { key: 'usr_admin', label: 'Demo admin', cells: { calls: { value: 22, drilldown: drill('calls') }, revenue: { value: 179_500, drilldown: drill('deals_closed') } } },
          { key: 'usr_rep', label: 'Riley Rep', cells: { calls: { value: 25, drilldown: drill('calls') }, revenue: { value: 148_000, drilldown: drill('deals_closed') } } },
        ],
      },
    ],
    what_changed: { source: 'rules', items: [{ kpi: 'revenue', sentence: 'Revenue up 530% to $334,000 from $53,000 the previous period.', direction: 'up', good: true }] },
    computed: { rolled_up_days: 29, live_days: 1, live_since: null, levels_now: 'tracked', ms: 12 },
  };
}

export const fixtureReportResult: TReportResult = {
  name: null,
  range: { ...RANGE, timezone: 'America/Chicago' },
  group_by: 'source',
  columns: [
    { key: 'leads', label: 'Leads', unit: 'count' },
    { key: 'revenue', label: 'Revenue', unit: 'currency' },
  ],
  rows: [
    { key: 'direct_mail', label: 'Direct mail', values: { leads: 24, revenue: 76_500 } },
    { key: 'ppc', label: 'PPC', values: { leads: 8, revenue: 31_000 } },
  ],
  totals: { leads: 32, revenue: 107_500 },
  chart: null,
  notes: [],
};

/** Analytics reads (and report runs, which only read) by path; null when the path has no fixture. */
export function analyticsFixture(method: string, pathname: string): unknown {
  const dashboard = /^\/api\/analytics\/dashboards\/(executive|acquisitions|disposition|mobile)$/.exec(pathname);
  if (method === 'GET' && dashboard) return fixtureDashboard(dashboard[1] as TDashboardName);
  if (method === 'GET' && pathname === '/api/analytics/drilldown') return { items: [], nextCursor: null, total: 0, range: RANGE };
  if (method === 'GET' && pathname === '/api/analytics/reports') return { items: [], nextCursor: null };
  if (method === 'GET' && pathname === '/api/analytics/spend') return { items: [] };
  if (method === 'GET' && pathname === '/api/analytics/outbox') return { items: [] };
  if (method === 'POST' && pathname === '/api/analytics/reports/run') return fixtureReportResult;
  return null;
}
