import type { TDrilldownLink } from './analytics.schemas.ts';
import type { TFactFilter } from './facts.ts';
import type { TMetricId } from './metric-catalog.ts';

/** The drill-down request listing the rows of `metric` in a period, narrowed like the number was. */
export function drilldownLink(metric: TMetricId, range: { from: string; to: string }, filter: TFactFilter & { status?: string } = {}): TDrilldownLink {
  const query: Record<string, string> = { metric, from: range.from, to: range.to };
  for (const [key, value] of Object.entries(filter)) if (value !== undefined) query[key] = value;
  return { href: `/api/analytics/drilldown?${new URLSearchParams(query).toString()}`, query };
}
