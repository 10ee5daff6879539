import type { TServiceContext } from '../../context/service-context.ts';
import { label } from '../../leads/lead.constants.ts';
import type { TChartData, TReportDefinition, TReportResult } from '../analytics.schemas.ts';
import { levelRows } from '../compute-facts.ts';
import { dayOf, listDays, monthOf, weekOf, windowOf } from '../day-range.ts';
import { addGroup, emptyFacts, mergeFacts, readFacts, type TFacts } from '../facts.ts';
import { kpiByKey, type TKpiDefinition } from '../kpi-catalog.ts';
import { metricsOfKpi } from '../kpi-metrics.ts';
import { loadNames, sourceLabel } from '../load-names.ts';
import type { TMetricId } from '../metric-catalog.ts';
import { eventFamilyOf, levelFamilyOf } from '../metric-families.ts';
import type { TEventRow, TStage } from '../metric-family.ts';
import { round } from '../dashboard-parts.ts';
import { marketingSpendFacts } from '../spend/marketing-spend-facts.ts';
import { zonedDayEnd } from '../../tenants/zoned-day.ts';
import { reportDays } from './report-range.ts';

const NONE = '__none__';
const TIME_GROUPS = new Set(['week', 'month']);

/**
 * Runs a custom report: the chosen KPIs per group (source, rep, status, property type, week,
 * month, or one row), under the filters, over the range — always live, from the same family
 * pipelines as the dashboards (the store groups rows by metric, day, group value and histogram
 * bucket). Spend has only a source and a month, so spend-based KPIs apply to groupings by
 * source or time and to source filters only; levels (pipeline value) are taken at the range's
 * end and do not split by week or month.
 */
export async function runReport(ctx: TServiceContext, definition: TReportDefinition, name: string | null = null): Promise<TReportResult> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const today = dayOf(now, timeZone);
  const { from, to } = reportDays(definition.range, today);
  const kpis = definition.metrics.map(kpiByKey).filter((kpi): kpi is TKpiDefinition => Boolean(kpi) && (!kpi?.feature || ctx.tenant.plan.features[kpi.feature]));
  const metrics = [...new Set(kpis.flatMap(metricsOfKpi))];
  const groupBy = definition.group_by;
  const filters = definition.filters;
  const repScope = ctx.principal.role === 'acquisition_rep' ? [ctx.principal.uid] : filters.rep;
  const notes: string[] = [];

  const rowMatch: Record<string, unknown> = {};
  if (filters.source?.length) rowMatch.source = { $in: filters.source };
  if (repScope?.length) rowMatch.rep = { $in: repScope };
  if (filters.property_type?.length) rowMatch.property_type = { $in: filters.property_type };
  if (filters.status?.length) rowMatch.status = { $in: filters.status };
  const groupField = groupBy === 'none' || TIME_GROUPS.has(groupBy) ? null : `$${groupBy}`;
  const groupOf = (value: unknown, day: string | null): string =>
    groupBy === 'week' && day ? weekOf(day) : groupBy === 'month' && day ? monthOf(day) : groupField ? (value === null || value === undefined ? NONE : String(value)) : 'all';

  const groups = new Map<string, TFacts>();
  const add = (group: string, facts: TFacts) => {
    let target = groups.get(group);
    if (!target) groups.set(group, (target = emptyFacts()));
    mergeFacts(target, facts);
  };
  const window = windowOf(from, to, timeZone, now);
  const eventMetrics = metrics.filter((metric) => metric !== 'marketing_spend' && eventFamilyOf(metric));
  const families = [...new Set(eventMetrics.map((metric) => eventFamilyOf(metric)))];
  for (const family of families) {
    if (!family) continue;
    const wanted = family.metrics.filter((metric) => eventMetrics.includes(metric));
    const stages: TStage[] = [
      ...family.pipeline(window),
      { $match: { metric: { $in: wanted }, ...rowMatch } },
      {
        $group: {
          _id: { metric: '$metric', day: { $dateTrunc: { date: '$at', unit: 'day', timezone: timeZone } }, group: groupField ?? null, bucket: '$bucket' },
          n: { $sum: 1 },
          v: { $sum: '$amount' },
        },
      },
    ];
    const rows = await ctx.db.collection(family.collection).aggregate<{ _id: { metric: TMetricId; day: Date; group: unknown; bucket: number | null }; n: number; v: number }>(stages).toArray();
    for (const row of rows) {
      const day = dayOf(new Date(row._id.day.getTime() + 3_600_000), timeZone);
      const facts = emptyFacts();
      addGroup(facts, { metric: row._id.metric, source: null, rep: null, property_type: null, extra: null, bucket: row._id.bucket, n: row.n, v: row.v ?? 0 });
      add(groupOf(row._id.group, day), facts);
    }
  }

  if (metrics.includes('marketing_spend')) {
    const spendApplies = ['none', 'source', 'week', 'month'].includes(groupBy) && !repScope?.length && !filters.property_type?.length && !filters.status?.length;
    if (!spendApplies) notes.push('Marketing spend is kept per source and month: spend-based metrics are left out for this grouping or filter.');
    else {
      for (const [day, facts] of await marketingSpendFacts(ctx, from, to)) {
        for (const entry of readFacts(facts).breakdown('marketing_spend', 'source')) {
          if (filters.source?.length && !filters.source.includes(entry.value as never)) continue;
          const share = emptyFacts();
          addGroup(share, { metric: 'marketing_spend', source: null, rep: null, property_type: null, extra: null, bucket: null, n: entry.n, v: entry.v });
          add(groupOf(entry.value, day), share);
        }
      }
    }
  }

  const levelMetrics = metrics.filter((metric) => levelFamilyOf(metric));
  if (levelMetrics.length > 0) {
    if (TIME_GROUPS.has(groupBy)) notes.push('Levels (pipeline value, open deals) are taken at the end of the range and are not split by week or month.');
    const at = to >= today ? now : zonedDayEnd(to, timeZone);
    for (const family of new Set(levelMetrics.map(levelFamilyOf))) {
      if (!family || (family.id === 'open-overdue' && to < today)) continue;
      for (const row of (await levelRows(ctx, family, at, now)).filter((candidate) => matchesFilter(candidate, rowMatch))) {
        const facts = emptyFacts();
        addGroup(facts, { metric: row.metric, source: null, rep: null, property_type: null, extra: null, bucket: row.bucket, n: 1, v: row.amount ?? 0 });
        add(TIME_GROUPS.has(groupBy) ? NONE : groupOf(row[groupBy as keyof TEventRow], null), facts);
      }
    }
  }

  // Empty weeks and months still get a row; other groupings list what has data.
  if (TIME_GROUPS.has(groupBy)) for (const day of listDays(from, to)) if (!groups.has(groupOf(null, day))) groups.set(groupOf(null, day), emptyFacts());
  if (groupBy === 'none' && !groups.has('all')) groups.set('all', emptyFacts());

  const names = groupBy === 'rep' ? await loadNames(ctx) : null;
  const labelOf = (group: string): string => {
    if (group === 'all') return 'All';
    if (group === NONE) return TIME_GROUPS.has(groupBy) ? 'End of range' : 'Not set';
    if (groupBy === 'week') return `Week of ${group}`;
    if (groupBy === 'month') return group;
    if (groupBy === 'rep') return names?.user(group) ?? group;
    return groupBy === 'source' ? sourceLabel(group) : label(group);
  };
  const compute = (facts: TFacts) => Object.fromEntries(kpis.map((kpi) => [kpi.key, round(kpi.compute({ events: readFacts(facts), levels: readFacts(facts) }))]));
  const rows = [...groups.entries()].map(([group, facts]) => ({ key: group, label: labelOf(group), values: compute(facts) }));
  const first = kpis[0];
  if (TIME_GROUPS.has(groupBy)) rows.sort((a, b) => (a.key === NONE ? 1 : b.key === NONE ? -1 : a.key.localeCompare(b.key)));
  else if (first) rows.sort((a, b) => (b.values[first.key] ?? Number.NEGATIVE_INFINITY) - (a.values[first.key] ?? Number.NEGATIVE_INFINITY) || a.label.localeCompare(b.label));

  const charted = kpis.filter((kpi) => kpi.unit === first?.unit);
  const chart: TChartData | null =
    definition.chart === 'table' || !first
      ? null
      : {
          key: 'report',
          kind: definition.chart,
          title: name ?? charted.map((kpi) => kpi.label).join(', '),
          unit: first.unit,
          labels: rows.map((row) => row.label),
          series: charted.map((kpi) => ({ label: kpi.label, values: rows.map((row) => row.values[kpi.key] ?? 0) })),
        };
  return {
    name,
    range: { from, to, timezone: timeZone },
    group_by: groupBy,
    columns: kpis.map((kpi) => ({ key: kpi.key, label: kpi.label, unit: kpi.unit })),
    rows,
    totals: compute([...groups.values()].reduce((total, facts) => mergeFacts(total, facts), emptyFacts())),
    chart,
    notes,
  };
}

function matchesFilter(row: TEventRow, match: Record<string, unknown>): boolean {
  return Object.entries(match).every(([field, condition]) => ((condition as { $in: unknown[] }).$in ?? []).includes(row[field as keyof TEventRow]));
}
