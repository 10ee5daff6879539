import { z } from 'zod';
import { buildDashboard } from '../analytics/build-dashboard.ts';
import type { TDashboardName, TKpi, TRangeQuery } from '../analytics/analytics.schemas.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { ZAiMeta, type TAiMeta } from './ai.schemas.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

/**
 * "What moved this period and why": the dashboard's KPIs compared with the previous period,
 * the biggest movers first, each with its numbers and the analytics' own explanation (the
 * contributor that moved it most). The model may choose and phrase the insights, but the
 * numbers always come from the dashboard: it names KPIs by key and we attach their values.
 */
export const ZInsightDraft = z.object({
  headline: z.string().trim().min(1).max(200),
  insights: z.array(z.object({ kpi: z.string().max(60), title: z.string().trim().min(1).max(100), detail: z.string().trim().min(1).max(300) })).min(1).max(6),
});
type TInsightDraft = z.infer<typeof ZInsightDraft>;

export const ZInsights = z.object({
  dashboard: z.string(),
  range: z.object({ from: z.string(), to: z.string() }),
  comparison: z.object({ from: z.string(), to: z.string() }).nullable(),
  headline: z.string(),
  insights: z.array(
    z.object({
      kpi: z.string(),
      title: z.string(),
      detail: z.string(),
      value: z.number().nullable(),
      previous: z.number().nullable(),
      delta_pct: z.number().nullable(),
      good: z.boolean().nullable(),
      unit: z.string(),
      drilldown: z.string(),
    }),
  ),
  ai: ZAiMeta,
});
export type TInsights = z.infer<typeof ZInsights>;

const MOVERS = 5;

/** The rules: the KPIs that moved most (relative change; absolute when there was nothing before), in the analytics' own words. */
export function insightRules(kpis: readonly TKpi[]): TInsightDraft {
  const moved = kpis
    .filter((kpi) => kpi.delta !== null && kpi.delta !== 0)
    .map((kpi) => ({ kpi, weight: kpi.delta_pct !== null ? Math.abs(kpi.delta_pct) : 1 }))
    .sort((a, b) => b.weight - a.weight || a.kpi.key.localeCompare(b.kpi.key))
    .slice(0, MOVERS);
  if (moved.length === 0) return { headline: 'Nothing moved against the previous period.', insights: [{ kpi: kpis[0]?.key ?? 'none', title: 'A steady period', detail: 'Every KPI is where it was in the previous period.' }] };
  const good = moved.filter(({ kpi }) => kpi.good === true).length;
  const bad = moved.filter(({ kpi }) => kpi.good === false).length;
  const headline = `${moved.length} ${moved.length === 1 ? 'KPI moved' : 'KPIs moved most'}: ${good} for the better, ${bad} for the worse. Biggest: ${moved[0]?.kpi.label.toLowerCase()}.`;
  return {
    headline,
    insights: moved.map(({ kpi }) => ({
      kpi: kpi.key,
      // A rate moves in points ("up 12 pts"), a count or amount in percent.
      title: `${kpi.label} ${kpi.delta !== null && kpi.delta > 0 ? 'up' : 'down'}${kpi.unit === 'percent' && kpi.delta !== null ? ` ${Math.abs(Math.round(kpi.delta * 100))} pts` : kpi.delta_pct !== null ? ` ${Math.abs(Math.round(kpi.delta_pct * 100))}%` : ''}`,
      detail: kpi.explanation,
    })),
  };
}

const insightsTask: TAiTask<TKpi[], TInsightDraft> = {
  feature: 'insights',
  schema: ZInsightDraft,
  instructions:
    'You brief the executive of a real-estate wholesaling company. From the KPI table (this period vs the previous one, with the biggest contributor to each change) ' +
    'pick up to 5 changes that matter and explain each in one or two sentences with the numbers given. `kpi` must be a key from the table. Never invent numbers.',
  data: (kpis) => ({
    kpi_table: kpis.map((kpi) => `${kpi.key} | ${kpi.label} | now ${kpi.value ?? 'n/a'} | before ${kpi.previous ?? 'n/a'} | change ${kpi.delta_pct === null ? 'n/a' : `${Math.round(kpi.delta_pct * 100)}%`} | ${kpi.explanation}`).join('\n'),
  }),
  rules: insightRules,
};

export async function analyticsInsights(ctx: TServiceContext, query: TRangeQuery): Promise<TInsights> {
  const name: TDashboardName = ctx.principal.role === 'acquisition_rep' ? 'acquisitions' : ctx.principal.role === 'disposition_manager' ? 'disposition' : 'executive';
  const dashboard = await buildDashboard(ctx, name, query);
  const { value, ai } = await runAiTask(ctx, insightsTask, dashboard.kpis);
  const byKey = new Map(dashboard.kpis.map((kpi) => [kpi.key, kpi]));
  // A KPI the model made up is dropped: every number shown comes from the dashboard.
  let insights = value.insights.flatMap((insight) => {
    const kpi = byKey.get(insight.kpi);
    return kpi ? [{ kpi: kpi.key, title: insight.title, detail: insight.detail, value: kpi.value, previous: kpi.previous, delta_pct: kpi.delta_pct, good: kpi.good, unit: kpi.unit, drilldown: kpi.drilldown.href }] : [];
  });
  let meta: TAiMeta = ai;
  let headline = value.headline;
  if (insights.length === 0 && dashboard.kpis.length > 0) {
    const rules = insightRules(dashboard.kpis);
    headline = rules.headline;
    insights = rules.insights.flatMap((insight) => {
      const kpi = byKey.get(insight.kpi);
      return kpi ? [{ kpi: kpi.key, title: insight.title, detail: insight.detail, value: kpi.value, previous: kpi.previous, delta_pct: kpi.delta_pct, good: kpi.good, unit: kpi.unit, drilldown: kpi.drilldown.href }] : [];
    });
    if (ai.provider !== 'rules') meta = { provider: 'rules', model: null, fallback_reason: 'schema_mismatch', latency_ms: ai.latency_ms };
  }
  return {
    dashboard: name,
    range: { from: dashboard.range.from, to: dashboard.range.to },
    comparison: dashboard.comparison ? { from: dashboard.comparison.from, to: dashboard.comparison.to } : null,
    headline,
    insights,
    ai: meta,
  };
}
