import type { TServiceContext } from '../../context/service-context.ts';
import type { TChangeItem, TChartData, TKpi, TTable } from '../analytics.schemas.ts';
import { loadDashboardInput } from '../build-dashboard.ts';
import { buildKpi, funnelChart, funnelTable, kpiChange, leaderboardTable, round, sourcesTable } from '../dashboard-parts.ts';
import { addDays, dayOf, listDays, weekOf } from '../day-range.ts';
import { explainChange, whatChanged } from '../explain-change.ts';
import { readFacts, sumFacts, type TAnyFacts, type TFacts } from '../facts.ts';
import { kpiByKey, type TKpiDefinition } from '../kpi-catalog.ts';
import { loadDailyFacts } from '../load-facts.ts';
import { sourceLabel } from '../load-names.ts';
import type { TResolvedRange } from '../resolve-range.ts';

/** The headline numbers of the weekly email, in order. */
export const WEEKLY_HEADLINES = ['leads', 'contracts', 'deals_closed', 'revenue', 'pipeline_value', 'speed_to_lead'] as const;
const TREND_WEEKS = 8;

export interface TWeeklyReport {
  organisation: string;
  timeZone: string;
  /** Monday and Sunday of the reported week. */
  week: { from: string; to: string };
  previous: { from: string; to: string };
  headlines: TKpi[];
  whatChanged: TChangeItem[];
  funnel: { chart: TChartData; table: TTable };
  revenue: { chart: TChartData; total: number };
  /** Best ROI first (advanced analytics), else by revenue then leads. */
  sources: TTable | null;
  leaderboard: TTable;
}

/** Monday of the last whole week before `now` in the organisation's zone, or of the week holding `day`. */
export function reportWeek(now: Date, timeZone: string, day?: string): string {
  return day ? weekOf(day) : addDays(weekOf(dayOf(now, timeZone)), -7);
}

/**
 * The weekly executive report's figures for one week (Monday–Sunday, organisation's zone) against
 * the week before: the same KPI definitions, rollups and explanations as the dashboards.
 */
export async function buildWeeklyReport(ctx: TServiceContext, monday: string): Promise<TWeeklyReport> {
  const timeZone = ctx.tenant.timezone;
  const now = ctx.ports.clock.now();
  const sunday = addDays(monday, 6);
  const previousMonday = addDays(monday, -7);
  const range: TResolvedRange = {
    from: monday,
    to: sunday,
    days: listDays(monday, sunday),
    timeZone,
    today: dayOf(now, timeZone),
    comparison: { from: previousMonday, to: addDays(monday, -1), compare: 'previous', days: listDays(previousMonday, addDays(monday, -1)) },
  };
  const input = await loadDashboardInput(ctx, range, {}, [...WEEKLY_HEADLINES]);
  input.periodName = 'the week before';
  const headlines = WEEKLY_HEADLINES.map((key) => buildKpi(input, key)).filter((kpi) => kpi !== null);

  const kpis = ['leads', 'contacted', 'appointments', 'offers', 'contracts', 'deals_closed', 'revenue', 'speed_to_lead', 'contact_rate', 'calls', 'texts', 'pipeline_value', 'marketing_spend', 'roi']
    .map(kpiByKey)
    .filter((kpi): kpi is TKpiDefinition => Boolean(kpi) && (!kpi?.feature || input.features[kpi.feature]));
  const current = readFacts(input.current);
  const previous = readFacts(input.previous ?? input.current);
  const changes = kpis.map((kpi) => {
    const change = kpiChange(input, kpi);
    return { kpi, change, sentence: explainChange(kpi, change, { current, previous }, input.names, input.periodName) };
  });

  // Revenue per week for the last eight weeks (rollups make the earlier weeks cheap).
  const firstMonday = addDays(monday, -7 * (TREND_WEEKS - 1));
  const trend = await loadDailyFacts(ctx, listDays(firstMonday, sunday));
  const weeks = Array.from({ length: TREND_WEEKS }, (_, index) => addDays(firstMonday, 7 * index));
  const weekFacts = (start: string): TFacts => sumFacts(listDays(start, addDays(start, 6)).map((day) => trend.days.get(day)).filter((facts): facts is TAnyFacts => Boolean(facts)));
  const revenueByWeek = weeks.map((start) => readFacts(weekFacts(start)).amount('deals_closed'));
  const short = (day: string) => new Date(`${day}T12:00:00.000Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

  const sources = sourcesTable(input) ?? fallbackSources(input.current);
  return {
    organisation: ctx.tenant.name,
    timeZone,
    week: { from: monday, to: sunday },
    previous: { from: previousMonday, to: addDays(monday, -1) },
    headlines,
    whatChanged: whatChanged(changes, 4),
    funnel: { chart: funnelChart(input), table: funnelTable(input) },
    revenue: {
      total: round(current.amount('deals_closed')) ?? 0,
      chart: { key: 'revenue_weeks', kind: 'bar', title: 'Revenue per week', unit: 'currency', labels: weeks.map(short), series: [{ label: 'Revenue', values: revenueByWeek.map((value) => round(value) ?? 0) }] },
    },
    sources: sources && { ...sources, rows: sources.rows.slice(0, 5) },
    leaderboard: { ...leaderboardTable(input), rows: leaderboardTable(input).rows.slice(0, 8) },
  };
}

/** Without advanced analytics: leads, contracts and revenue per source, by revenue then leads. */
function fallbackSources(facts: TFacts): TTable | null {
  const events = readFacts(facts);
  const rows = events
    .breakdown('leads_created', 'source')
    .map((entry) => ({
      key: entry.value,
      label: sourceLabel(entry.value),
      cells: {
        leads: { value: entry.n, drilldown: null },
        contracts: { value: events.count('contracts', { source: entry.value }), drilldown: null },
        revenue: { value: round(events.amount('deals_closed', { source: entry.value })), drilldown: null },
      },
    }))
    .sort((a, b) => (b.cells.revenue.value ?? 0) - (a.cells.revenue.value ?? 0) || (b.cells.leads.value ?? 0) - (a.cells.leads.value ?? 0));
  if (rows.length === 0) return null;
  return {
    key: 'sources',
    title: 'Top lead sources',
    columns: [
      { key: 'leads', label: 'Leads', unit: 'count' },
      { key: 'contracts', label: 'Contracts', unit: 'count' },
      { key: 'revenue', label: 'Revenue', unit: 'currency' },
    ],
    rows,
  };
}
