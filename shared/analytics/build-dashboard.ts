import type { TRole } from '../auth/principal.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TChartData, TDashboard, TDashboardName, TRangeQuery, TTable } from './analytics.schemas.ts';
import { allowed, buildKpi, kpiChange, metricsOfKpis, PARTS, readersOf, type TDashboardInput, type TPart } from './dashboard-parts.ts';
import { explainChange, whatChanged } from './explain-change.ts';
import { emptyFacts, sumFacts, type TAnyFacts, type TFactFilter, type TFacts } from './facts.ts';
import { openOverdueFamily, pipelineValueFamily, type TLevelFamily } from './families/level-families.ts';
import { kpiByKey } from './kpi-catalog.ts';
import type { TMetricId } from './metric-catalog.ts';
import { loadDailyFacts, loadLevel, type TLoadOptions } from './load-facts.ts';
import { loadNames } from './load-names.ts';
import { resolveRange, type TResolvedRange } from './resolve-range.ts';

interface TDashboardDefinition {
  name: TDashboardName;
  title: string;
  roles: readonly TRole[];
  /** Acquisition reps see their own figures. */
  repScoped: boolean;
  kpis(input: TDashboardInput): string[];
  charts(input: TDashboardInput): TPart<TChartData>[];
  tables(input: TDashboardInput): TPart<TTable>[];
}

/**
 * The four dashboards. Executives and admins see everything; acquisition reps see the
 * acquisitions and mobile dashboards with their own figures; disposition managers the
 * disposition and mobile ones.
 */
export const DASHBOARDS: Record<TDashboardName, TDashboardDefinition> = {
  executive: {
    name: 'executive',
    title: 'Executive',
    roles: ['admin', 'executive'],
    repScoped: false,
    kpis: () => ['leads', 'contracts', 'deals_closed', 'revenue', 'average_fee', 'pipeline_value', 'speed_to_lead', 'lead_to_contract', 'days_to_close', 'marketing_spend', 'roi'],
    charts: () => [
      PARTS.trend('leads_trend', 'Leads and contracts', ['leads', 'contracts'], 'line'),
      PARTS.trend('revenue_trend', 'Revenue', ['revenue'], 'bar'),
      PARTS.funnelChart,
      PARTS.breakdown('revenue_by_source', 'Revenue by source', 'deals_closed', 'source', 'amount', 'doughnut'),
    ],
    tables: () => [PARTS.sources, PARTS.leaderboard],
  },
  acquisitions: {
    name: 'acquisitions',
    title: 'Acquisitions',
    roles: ['admin', 'executive', 'acquisition_rep'],
    repScoped: true,
    kpis: () => [
      'leads',
      'contacted',
      'appointments',
      'offers',
      'under_contract',
      'speed_to_lead',
      'contact_rate',
      'calls',
      'texts',
      'follow_ups_done',
      'follow_ups_overdue',
      'follow_ups_open_overdue',
    ],
    charts: () => [
      PARTS.funnelChart,
      PARTS.trend('leads_trend', 'Leads', ['leads', 'contacted'], 'line'),
      PARTS.breakdown('leads_by_source', 'Leads by source', 'leads_created', 'source', 'count', 'bar'),
      PARTS.breakdown('lost_reasons', 'Lost reasons', 'leads_lost', 'extra', 'count', 'doughnut'),
    ],
    tables: () => [PARTS.funnelTable, PARTS.leaderboard, PARTS.lostReasons],
  },
  disposition: {
    name: 'disposition',
    title: 'Disposition',
    roles: ['admin', 'executive', 'disposition_manager'],
    repScoped: false,
    kpis: () => [
      'contracts',
      'assignments',
      'days_to_assign',
      'buyers_reached_per_deal',
      'buyers_responding_per_deal',
      'buyer_response_rate',
      'deals_closed',
      'revenue',
      'average_fee',
      'pipeline_value',
      'open_deals',
      'buyer_reliability',
      'sms_delivery_rate',
      'sms_opt_out_rate',
    ],
    charts: () => [
      PARTS.trend('revenue_trend', 'Revenue', ['revenue'], 'bar'),
      PARTS.trend('assignments_trend', 'Contracts, assignments and closings', ['contracts', 'assignments', 'deals_closed'], 'line'),
      PARTS.breakdown('revenue_by_buyer', 'Revenue by buyer', 'deals_closed', 'extra', 'amount', 'bar'),
    ],
    tables: () => [PARTS.buyers],
  },
  mobile: {
    name: 'mobile',
    title: 'Today at a glance',
    roles: ['admin', 'executive', 'acquisition_rep', 'disposition_manager'],
    repScoped: true,
    kpis: (input) =>
      input.scope.rep ? ['calls', 'texts', 'contracts', 'speed_to_lead', 'follow_ups_open_overdue'] : ['leads', 'contracts', 'revenue', 'pipeline_value', 'speed_to_lead', 'follow_ups_open_overdue'],
    charts: (input) => [
      input.scope.rep ? PARTS.trend('activity_trend', 'Calls and texts', ['calls', 'texts'], 'bar') : PARTS.trend('leads_trend', 'Leads', ['leads'], 'bar'),
    ],
    tables: () => [],
  },
};

const PERIOD_NAMES = { previous: 'the previous period', last_year: 'the same period last year', none: '' } as const;

/** Loads what a set of KPIs needs over a range and its comparison period (shared with the weekly report). */
export async function loadDashboardInput(
  ctx: TServiceContext,
  range: TResolvedRange,
  scope: TFactFilter,
  kpiKeys: readonly string[],
  options: TLoadOptions = {},
): Promise<TDashboardInput & { stats: { rolledUp: number; live: number; liveSince: Date | null; levelsNow: 'tracked' | 'records' | null } }> {
  const comparisonDays = range.comparison?.days ?? [];
  const loaded = await loadDailyFacts(ctx, [...range.days, ...comparisonDays], options);
  const pick = (days: readonly string[]): TFacts => sumFacts(days.map((day) => loaded.days.get(day)).filter((facts): facts is TAnyFacts => Boolean(facts)));
  const kpis = kpiKeys.map(kpiByKey);
  const levels = { current: emptyFacts(), previous: range.comparison ? emptyFacts() : null };
  let levelsNow: 'tracked' | 'records' | null = null;
  const level = async (family: TLevelFamily, day: string): Promise<TFacts> => {
    const found = await loadLevel(ctx, family, day, options);
    // Where levels as of now came from: tracked on write, or counted (if any one was).
    if (found.from !== 'rollup' && day >= range.today) levelsNow = levelsNow === 'records' ? 'records' : found.from;
    return found.facts;
  };
  if (kpis.some((kpi) => kpi?.drill === 'pipeline_value')) {
    levels.current = await level(pipelineValueFamily, range.to);
    if (range.comparison) levels.previous = await level(pipelineValueFamily, range.comparison.to);
  }
  if (kpis.some((kpi) => kpi?.nowOnly) && range.to >= range.today) {
    levels.current = sumFacts([levels.current, await level(openOverdueFamily, range.to)]);
  }
  const current = pick(range.days);
  const buyerIds = new Set<string>();
  for (const key of Object.keys(current.n)) {
    const match = /^(?:assignments|assignments_closed|assignments_fell_through|deals_closed|buyers_reached|buyers_responded)\|x\|(.+)$/.exec(key);
    if (match?.[1]) buyerIds.add(decodeURIComponent(match[1]));
  }
  return {
    range,
    scope,
    daily: loaded.days,
    current,
    previous: range.comparison ? pick(range.comparison.days) : null,
    levels,
    names: await loadNames(ctx, buyerIds),
    features: ctx.tenant.plan.features,
    periodName: range.comparison ? PERIOD_NAMES[range.comparison.compare] : '',
    stats: { rolledUp: loaded.rolledUp, live: loaded.live, liveSince: loaded.liveSince, levelsNow },
  };
}

/** Every metric a dashboard reads: its KPIs' (the "what changed" panel reads the same) and its parts'. */
export function dashboardMetrics(definition: TDashboardDefinition, probe: TDashboardInput): TMetricId[] {
  const parts = [...definition.charts(probe), ...definition.tables(probe)];
  return [...new Set([...metricsOfKpis(definition.kpis(probe)), ...parts.flatMap((part) => part.metrics)])];
}

/**
 * `GET /api/analytics/dashboards/:name`: KPIs with their comparison, a sentence on each change
 * and a drill-down; charts in the portal's `<Chart>` shape; tables; the "what changed" panel.
 * Whole past days come from rollups; today (and any day not rolled up) is computed live, by
 * the families behind the dashboard's metrics only (`everyFamily` runs them all: checks).
 */
export async function buildDashboard(ctx: TServiceContext, name: TDashboardName, query: TRangeQuery, options: { everyFamily?: boolean } = {}): Promise<TDashboard> {
  const started = performance.now();
  const definition = DASHBOARDS[name];
  if (!definition.roles.includes(ctx.principal.role)) {
    throw new AppError('forbidden', `The ${definition.title.toLowerCase()} dashboard is not available to your role (${ctx.principal.role.replace(/_/g, ' ')})`);
  }
  const scope: TFactFilter = definition.repScoped && ctx.principal.role === 'acquisition_rep' ? { rep: ctx.principal.uid } : {};
  const range = resolveRange(ctx, query);
  const probe = { scope } as TDashboardInput;
  const kpiKeys = definition.kpis(probe);
  const metrics = options.everyFamily ? undefined : dashboardMetrics(definition, probe);
  const input = await loadDashboardInput(ctx, range, scope, kpiKeys, { rollups: query.live !== true, ...(metrics ? { metrics } : {}) });

  const kpis = kpiKeys.map((key) => buildKpi(input, key)).filter((kpi) => kpi !== null);
  const readers = readersOf(input);
  const changes = kpiKeys
    .map(kpiByKey)
    .filter((kpi) => allowed(input, kpi))
    .map((kpi) => {
      const change = kpiChange(input, kpi);
      return { kpi, change, sentence: explainChange(kpi, change, { current: readers.current.events, previous: readers.previous?.events ?? null }, input.names, input.periodName) };
    });
  return {
    name,
    title: definition.title,
    range: { from: range.from, to: range.to, timezone: range.timeZone, days: range.days.length },
    comparison: range.comparison ? { from: range.comparison.from, to: range.comparison.to, compare: range.comparison.compare } : null,
    scope: { rep: scope.rep ?? null },
    kpis,
    charts: definition.charts(input).flatMap((part) => part.build(input) ?? []),
    tables: definition.tables(input).flatMap((part) => part.build(input) ?? []),
    what_changed: { source: 'rules', items: whatChanged(changes) },
    computed: {
      rolled_up_days: input.stats.rolledUp,
      live_days: input.stats.live,
      live_since: input.stats.liveSince?.toISOString() ?? null,
      levels_now: input.stats.levelsNow,
      ms: Math.round(performance.now() - started),
    },
  };
}
