import { LEAD_SOURCES } from '../leads/lead.constants.ts';
import type { TFeature } from '../tenants/plans.ts';
import type { TChartData, TKpi, TTable } from './analytics.schemas.ts';
import { bucketOf, granularityFor } from './day-range.ts';
import { drilldownLink } from './drilldown-link.ts';
import { compareValues, explainChange, type TChange } from './explain-change.ts';
import { emptyFacts, readFacts, sumFacts, type TAnyFacts, type TFactDim, type TFactFilter, type TFacts, type TFactsReader } from './facts.ts';
import { kpiByKey, type TKpiDefinition } from './kpi-catalog.ts';
import { metricsOfKpi } from './kpi-metrics.ts';
import { sourceLabel, type TNames } from './load-names.ts';
import type { TMetricId } from './metric-catalog.ts';
import type { TResolvedRange } from './resolve-range.ts';

/** Everything a dashboard (or the weekly report) is drawn from, loaded once per request. */
export interface TDashboardInput {
  range: TResolvedRange;
  /** A rep's own figures (`{rep}`), or the organisation's (`{}`). */
  scope: TFactFilter;
  daily: Map<string, TAnyFacts>;
  current: TFacts;
  previous: TFacts | null;
  levels: { current: TFacts; previous: TFacts | null };
  names: TNames;
  features: Record<TFeature, boolean>;
  /** "the previous period", "the same period last year". */
  periodName: string;
}

export const readersOf = (input: TDashboardInput) => ({
  current: { events: readFacts(input.current, input.scope), levels: readFacts(input.levels.current, input.scope) },
  previous: input.previous ? { events: readFacts(input.previous, input.scope), levels: readFacts(input.levels.previous ?? emptyFacts(), input.scope) } : null,
});

const periodRange = (input: TDashboardInput) => ({ from: input.range.from, to: input.range.to });

/** Whether the caller's plan shows this KPI. */
export const allowed = (input: TDashboardInput, kpi: TKpiDefinition | undefined): kpi is TKpiDefinition => Boolean(kpi && (!kpi.feature || input.features[kpi.feature]));

export function kpiChange(input: TDashboardInput, kpi: TKpiDefinition): TChange {
  const readers = readersOf(input);
  if (kpi.nowOnly) return compareValues(kpi, input.range.to >= input.range.today ? kpi.compute(readers.current) : null, null);
  return compareValues(kpi, kpi.compute(readers.current), readers.previous ? kpi.compute(readers.previous) : null);
}

export function buildKpi(input: TDashboardInput, key: string): TKpi | null {
  const kpi = kpiByKey(key);
  if (!allowed(input, kpi)) return null;
  const change = kpiChange(input, kpi);
  const readers = readersOf(input);
  return {
    key: kpi.key,
    label: kpi.label,
    unit: kpi.unit,
    value: round(change.value),
    previous: round(change.previous),
    delta: round(change.delta),
    delta_pct: change.deltaPct === null ? null : Math.round(change.deltaPct * 10_000) / 10_000,
    good: change.good,
    explanation: explainChange(kpi, change, { current: readers.current.events, previous: readers.previous?.events ?? null }, input.names, input.periodName),
    definition: kpi.definition,
    drilldown: drilldownLink(kpi.drill, periodRange(input), input.scope),
  };
}

/** Numbers as the API returns them: money and durations to cents/hundredths, rates to 4 decimals. */
export const round = (value: number | null): number | null => (value === null || !Number.isFinite(value) ? null : Math.round(value * 10_000) / 10_000);

/** A KPI per day, week or month of the period (the granularity follows its length). */
export function trendChart(input: TDashboardInput, key: string, title: string, kpiKeys: string[], kind: 'line' | 'bar' = 'line'): TChartData | null {
  const kpis = kpiKeys.map(kpiByKey).filter((kpi): kpi is TKpiDefinition => allowed(input, kpi));
  if (kpis.length === 0) return null;
  const granularity = granularityFor(input.range.days.length);
  const days = new Map<string, TAnyFacts[]>();
  for (const day of input.range.days) {
    const bucket = bucketOf(day, granularity);
    const list = days.get(bucket) ?? [];
    const daily = input.daily.get(day);
    if (daily) list.push(daily);
    days.set(bucket, list);
  }
  // A one-day bucket reads its day as it is (read only); longer ones sum their days.
  const buckets = new Map([...days].map(([bucket, list]) => [bucket, list.length === 1 ? (list[0] as TAnyFacts) : sumFacts(list)]));
  const labels = [...buckets.keys()];
  const empty = readFacts(emptyFacts());
  return {
    key,
    kind,
    title,
    unit: kpis[0]?.unit ?? 'count',
    labels: labels.map((bucket) => (granularity === 'month' ? bucket : granularity === 'week' ? `Week of ${bucket}` : bucket)),
    series: kpis.map((kpi) => ({
      label: kpi.label,
      values: labels.map((bucket) => round(kpi.compute({ events: readFacts(buckets.get(bucket) ?? emptyFacts(), input.scope), levels: empty })) ?? 0),
    })),
  };
}

const FUNNEL: [string, TMetricId][] = [
  ['Leads', 'leads_created'],
  ['Contacted', 'leads_contacted'],
  ['Appointment', 'appointments'],
  ['Offer', 'offers'],
  ['Under contract', 'leads_under_contract'],
  ['Closed', 'leads_closed'],
];

export function funnelChart(input: TDashboardInput): TChartData {
  const events = readersOf(input).current.events;
  return {
    key: 'funnel',
    kind: 'funnel',
    title: 'Acquisition funnel',
    unit: 'count',
    labels: FUNNEL.map(([name]) => name),
    series: [{ label: 'Leads', values: FUNNEL.map(([, metric]) => events.count(metric)) }],
    drilldowns: FUNNEL.map(([, metric]) => drilldownLink(metric, periodRange(input), input.scope)),
  };
}

/** The funnel with each stage's conversion from the one before, and the lost leads by reason. */
export function funnelTable(input: TDashboardInput): TTable {
  const events = readersOf(input).current.events;
  const rows = FUNNEL.map(([name, metric], index) => {
    const count = events.count(metric);
    const before = index > 0 ? events.count((FUNNEL[index - 1] as [string, TMetricId])[1]) : null;
    return {
      key: metric,
      label: name,
      cells: {
        count: { value: count, drilldown: drilldownLink(metric, periodRange(input), input.scope) },
        conversion: { value: before ? round(count / before) : null, drilldown: null },
      },
    };
  });
  rows.push({
    key: 'leads_lost',
    label: 'Lost',
    cells: { count: { value: events.count('leads_lost'), drilldown: drilldownLink('leads_lost', periodRange(input), input.scope) }, conversion: { value: null, drilldown: null } },
  });
  return {
    key: 'funnel',
    title: 'Funnel and conversion',
    columns: [
      { key: 'count', label: 'Count', unit: 'count' },
      { key: 'conversion', label: 'From previous stage', unit: 'percent' },
    ],
    rows,
  };
}

/** Metrics whose `extra` is a buyer id (named like the buyers table), not a reason. */
const BUYER_EXTRA: ReadonlySet<TMetricId> = new Set<TMetricId>(['assignments', 'assignments_closed', 'assignments_fell_through', 'deals_closed', 'buyers_reached', 'buyers_responded']);

/** A metric split by one dimension (organisation scope only), biggest first. */
export function breakdownChart(input: TDashboardInput, key: string, title: string, metric: TMetricId, dim: TFactDim, by: 'count' | 'amount', kind: 'bar' | 'doughnut'): TChartData | null {
  if (Object.keys(input.scope).length > 0) return null;
  const events = readFacts(input.current);
  const entries = events
    .breakdown(metric, dim)
    .map((entry) => ({ value: entry.value, size: by === 'amount' ? entry.v : entry.n }))
    .filter((entry) => entry.size !== 0)
    .sort((a, b) => b.size - a.size)
    .slice(0, 10);
  return {
    key,
    kind,
    title,
    unit: by === 'amount' ? 'currency' : 'count',
    labels: entries.map((entry) => input.names.of(dim, entry.value, BUYER_EXTRA.has(metric))),
    series: [{ label: title, values: entries.map((entry) => round(entry.size) ?? 0) }],
    drilldowns: entries.map((entry) => drilldownLink(metric, periodRange(input), { [dim]: entry.value })),
  };
}

const cell = (input: TDashboardInput, reader: TFactsReader, kpiKey: string, filter: TFactFilter) => {
  const kpi = kpiByKey(kpiKey);
  if (!kpi) throw new Error(`Unknown KPI ${kpiKey}`);
  const value = round(kpi.compute({ events: reader, levels: readFacts(emptyFacts()) }));
  const additive = kpi.unit === 'count' || kpi.key === 'revenue';
  return { value, drilldown: additive ? drilldownLink(kpi.drill, periodRange(input), filter) : null };
};

/** Metrics whose reps make someone active on the leaderboard. */
const REP_ACTIVITY: readonly TMetricId[] = ['calls', 'texts', 'contracts', 'deals_closed', 'first_contacts', 'leads_created'];
const LEADERBOARD_COLUMNS = [
  { key: 'calls', label: 'Calls', unit: 'count' as const },
  { key: 'texts', label: 'Texts', unit: 'count' as const },
  { key: 'contracts', label: 'Contracts', unit: 'count' as const },
  { key: 'deals_closed', label: 'Deals closed', unit: 'count' as const },
  { key: 'revenue', label: 'Revenue', unit: 'currency' as const },
  { key: 'speed_to_lead', label: 'Speed to lead', unit: 'minutes' as const },
];

/** Reps (admins and acquisition reps, and anyone with activity) with their calls, texts, contracts and revenue. */
export function leaderboardTable(input: TDashboardInput): TTable {
  const events = readFacts(input.current);
  const active = new Set<string>();
  for (const metric of REP_ACTIVITY) for (const entry of events.breakdown(metric, 'rep')) active.add(entry.value);
  for (const member of input.names.members) if (member.status === 'active' && (member.role === 'acquisition_rep' || member.role === 'admin')) active.add(member.id);
  // Automation (`workflow:<id>`) sends messages too, but it is not on the leaderboard.
  const reps = input.scope.rep ? [input.scope.rep] : [...active].filter((id) => !id.startsWith('workflow:'));
  const columns = LEADERBOARD_COLUMNS;
  const rows = reps.map((rep) => {
    const reader = readFacts(input.current, { rep });
    return { key: rep, label: input.names.user(rep), cells: Object.fromEntries(columns.map((column) => [column.key, cell(input, reader, column.key, { rep })])) };
  });
  rows.sort((a, b) => (b.cells.revenue?.value ?? 0) - (a.cells.revenue?.value ?? 0) || (b.cells.contracts?.value ?? 0) - (a.cells.contracts?.value ?? 0) || (b.cells.calls?.value ?? 0) - (a.cells.calls?.value ?? 0));
  return { key: 'leaderboard', title: 'Rep leaderboard', columns, rows };
}

/** Metrics that put a source in the sources table. */
const SOURCE_ACTIVITY: readonly TMetricId[] = ['leads_created', 'contracts', 'deals_closed', 'marketing_spend'];
const SOURCE_COLUMNS = [
  { key: 'marketing_spend', label: 'Spend', unit: 'currency' as const },
  { key: 'leads', label: 'Leads', unit: 'count' as const },
  { key: 'contracts', label: 'Contracts', unit: 'count' as const },
  { key: 'deals_closed', label: 'Closed', unit: 'count' as const },
  { key: 'revenue', label: 'Revenue', unit: 'currency' as const },
  { key: 'cost_per_lead', label: 'Cost per lead', unit: 'currency' as const },
  { key: 'cost_per_contract', label: 'Cost per contract', unit: 'currency' as const },
  { key: 'cost_per_closed_deal', label: 'Cost per closed deal', unit: 'currency' as const },
  { key: 'roi', label: 'ROI', unit: 'percent' as const },
];

/** Per lead source: spend, leads, contracts, closings, revenue, costs and ROI, best ROI first (advanced analytics). */
export function sourcesTable(input: TDashboardInput): TTable | null {
  if (!input.features.advanced_analytics || Object.keys(input.scope).length > 0) return null;
  const events = readFacts(input.current);
  const columns = SOURCE_COLUMNS;
  const used = LEAD_SOURCES.filter((source) => SOURCE_ACTIVITY.some((metric) => events.count(metric, { source }) > 0 || events.amount(metric, { source }) > 0));
  const rows = used.map((source) => {
    const reader = readFacts(input.current, { source });
    return { key: source, label: sourceLabel(source), cells: Object.fromEntries(columns.map((column) => [column.key, cell(input, reader, column.key, { source })])) };
  });
  rows.sort((a, b) => (b.cells.roi?.value ?? Number.NEGATIVE_INFINITY) - (a.cells.roi?.value ?? Number.NEGATIVE_INFINITY) || (b.cells.revenue?.value ?? 0) - (a.cells.revenue?.value ?? 0));
  return { key: 'sources', title: 'Lead sources and ROI', columns, rows };
}

/** Metrics that put a buyer in the buyers table; its other columns. */
const BUYER_HOLDINGS: readonly TMetricId[] = ['assignments', 'assignments_closed', 'assignments_fell_through'];
const BUYER_OUTREACH: readonly TMetricId[] = ['buyers_reached', 'buyers_responded'];

/** Buyers who held deals in the period: assignments, closings, fall-throughs and reliability. */
export function buyersTable(input: TDashboardInput): TTable | null {
  if (Object.keys(input.scope).length > 0) return null;
  const events = readFacts(input.current);
  const buyers = new Set<string>();
  for (const metric of BUYER_HOLDINGS) for (const entry of events.breakdown(metric, 'extra')) buyers.add(entry.value);
  const columns = [
    { key: 'assignments', label: 'Assignments', unit: 'count' as const },
    { key: 'closed', label: 'Closed', unit: 'count' as const },
    { key: 'fall_throughs', label: 'Fell through', unit: 'count' as const },
    { key: 'buyer_reliability', label: 'Reliability', unit: 'percent' as const },
    { key: 'buyers_reached', label: 'Deals sent', unit: 'count' as const },
    { key: 'buyers_responded', label: 'Replies', unit: 'count' as const },
  ];
  const rows = [...buyers].map((buyer) => {
    const reader = readFacts(input.current, { extra: buyer });
    const count = (metric: TMetricId) => ({ value: reader.count(metric), drilldown: drilldownLink(metric, periodRange(input), { extra: buyer }) });
    return {
      key: buyer,
      label: input.names.buyer(buyer),
      cells: {
        assignments: count('assignments'),
        closed: count('assignments_closed'),
        fall_throughs: count('assignments_fell_through'),
        buyer_reliability: cell(input, reader, 'buyer_reliability', { extra: buyer }),
        buyers_reached: count('buyers_reached'),
        buyers_responded: count('buyers_responded'),
      },
    };
  });
  rows.sort((a, b) => (b.cells.assignments.value ?? 0) - (a.cells.assignments.value ?? 0) || (b.cells.closed.value ?? 0) - (a.cells.closed.value ?? 0));
  return { key: 'buyers', title: 'Buyers', columns, rows: rows.slice(0, 25) };
}

/** Lost leads by reason, most common first. */
export function lostReasonsTable(input: TDashboardInput): TTable | null {
  if (Object.keys(input.scope).length > 0) return null;
  const entries = readFacts(input.current).breakdown('leads_lost', 'extra').sort((a, b) => b.n - a.n);
  return {
    key: 'lost_reasons',
    title: 'Why leads were lost',
    columns: [{ key: 'count', label: 'Leads', unit: 'count' }],
    rows: entries.map((entry) => ({ key: entry.value, label: entry.value, cells: { count: { value: entry.n, drilldown: drilldownLink('leads_lost', periodRange(input), { extra: entry.value }) } } })),
  };
}

/** The metrics a set of KPIs reads. */
export const metricsOfKpis = (keys: readonly string[]): TMetricId[] => [...new Set(keys.flatMap((key) => metricsOfKpi(kpiByKey(key) ?? missingKpi(key))))];
const missingKpi = (key: string): never => {
  throw new Error(`Unknown KPI ${key}`);
};

/**
 * A chart or table of a dashboard, with the metrics it reads. Days computed live run only the
 * families behind a dashboard's metrics, so a part must name every metric it reads
 * (tests/integration/analytics-dashboard-metrics.test.ts compares each dashboard with one
 * computed from every family).
 */
export interface TPart<T> {
  metrics: readonly TMetricId[];
  build(input: TDashboardInput): T | null;
}

export const PARTS = {
  trend: (key: string, title: string, kpiKeys: string[], kind: 'line' | 'bar' = 'line'): TPart<TChartData> => ({
    metrics: metricsOfKpis(kpiKeys),
    build: (input) => trendChart(input, key, title, kpiKeys, kind),
  }),
  breakdown: (key: string, title: string, metric: TMetricId, dim: TFactDim, by: 'count' | 'amount', kind: 'bar' | 'doughnut'): TPart<TChartData> => ({
    metrics: [metric],
    build: (input) => breakdownChart(input, key, title, metric, dim, by, kind),
  }),
  funnelChart: { metrics: FUNNEL.map(([, metric]) => metric), build: funnelChart } satisfies TPart<TChartData>,
  funnelTable: { metrics: [...FUNNEL.map(([, metric]) => metric), 'leads_lost'], build: funnelTable } satisfies TPart<TTable>,
  leaderboard: { metrics: [...REP_ACTIVITY, ...metricsOfKpis(LEADERBOARD_COLUMNS.map((column) => column.key))], build: leaderboardTable } satisfies TPart<TTable>,
  sources: { metrics: [...SOURCE_ACTIVITY, ...metricsOfKpis(SOURCE_COLUMNS.map((column) => column.key))], build: sourcesTable } satisfies TPart<TTable>,
  buyers: { metrics: [...BUYER_HOLDINGS, ...BUYER_OUTREACH, ...metricsOfKpis(['buyer_reliability'])], build: buyersTable } satisfies TPart<TTable>,
  lostReasons: { metrics: ['leads_lost'], build: lostReasonsTable } satisfies TPart<TTable>,
};
