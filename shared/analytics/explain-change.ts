import type { TChangeItem } from './analytics.schemas.ts';
import type { TFactDim, TFactsReader } from './facts.ts';
import { formatDelta, formatKpi, formatPercentChange } from './format-kpi.ts';
import type { TKpiDefinition } from './kpi-catalog.ts';
import { METRICS } from './metric-catalog.ts';
import type { TNames } from './load-names.ts';

export interface TChange {
  value: number | null;
  previous: number | null;
  delta: number | null;
  deltaPct: number | null;
  good: boolean | null;
}

export function compareValues(kpi: TKpiDefinition, value: number | null, previous: number | null): TChange {
  if (value === null || previous === null) return { value, previous, delta: null, deltaPct: null, good: null };
  const delta = value - previous;
  const deltaPct = previous !== 0 ? delta / Math.abs(previous) : null;
  const good = delta === 0 ? null : (delta > 0) === (kpi.better === 'up');
  return { value, previous, delta, deltaPct, good };
}

/**
 * The dimension value that moved the number most (for additive KPIs): "mostly Direct mail (+6)".
 * Compares the KPI's drill metric per value of `kpi.explainBy` between the two periods.
 */
function biggestMover(kpi: TKpiDefinition, current: TFactsReader, previous: TFactsReader, names: TNames): string | null {
  const dim: TFactDim | undefined = kpi.explainBy;
  if (!dim || kpi.level) return null;
  const byAmount = kpi.unit === 'currency';
  const read = (entry: { n: number; v: number }) => (byAmount ? entry.v : entry.n);
  const deltas = new Map<string, number>();
  for (const entry of current.breakdown(kpi.drill, dim)) deltas.set(entry.value, read(entry));
  for (const entry of previous.breakdown(kpi.drill, dim)) deltas.set(entry.value, (deltas.get(entry.value) ?? 0) - read(entry));
  let best: [string, number] | null = null;
  for (const [value, delta] of deltas) if (!best || Math.abs(delta) > Math.abs(best[1])) best = [value, delta];
  if (!best || best[1] === 0) return null;
  const extraIsBuyer = METRICS[kpi.drill].dims.includes('buyer');
  return `${names.of(dim, best[0], extraIsBuyer)} (${formatDelta(best[1], byAmount ? 'currency' : 'count')})`;
}

/** One sentence on a KPI's change: direction, size, from what, and the biggest mover when there is one. */
export function explainChange(kpi: TKpiDefinition, change: TChange, readers: { current: TFactsReader; previous: TFactsReader | null }, names: TNames, periodName: string): string {
  const { value, previous } = change;
  if (value === null) return `No ${kpi.label.toLowerCase()} to report for this period.`;
  if (previous === null || change.delta === null) return `${kpi.label}: ${formatKpi(value, kpi.unit)}${readers.previous ? '' : ' (no comparison period)'}.`;
  if (change.delta === 0) return `${kpi.label} unchanged at ${formatKpi(value, kpi.unit)} from ${periodName}.`;
  const verb = change.delta > 0 ? 'up' : 'down';
  const size = change.deltaPct !== null && kpi.unit !== 'percent' ? formatPercentChange(change.deltaPct) : formatDelta(change.delta, kpi.unit);
  const mover = readers.previous ? biggestMover(kpi, readers.current, readers.previous, names) : null;
  return `${kpi.label} ${verb} ${size} to ${formatKpi(value, kpi.unit)} from ${formatKpi(previous, kpi.unit)} ${periodName}${mover ? `; the biggest change: ${mover}` : ''}.`;
}

/** The "what changed" panel: the KPIs that moved most (relative; from zero counts as 100%), worded plainly. Small counts (< 3 both times) are noise. */
export function whatChanged(items: { kpi: TKpiDefinition; change: TChange; sentence: string }[], limit = 5): TChangeItem[] {
  const moved = items.filter(({ kpi, change }) => {
    if (change.delta === null || change.delta === 0) return false;
    return !(kpi.unit === 'count' && Math.max(Math.abs(change.value ?? 0), Math.abs(change.previous ?? 0)) < 3);
  });
  return moved
    .map((item) => ({ ...item, weight: item.change.deltaPct === null ? 1 : Math.abs(item.change.deltaPct) }))
    .sort((a, b) => b.weight - a.weight)
    .slice(0, limit)
    .map(({ kpi, change, sentence }) => ({ kpi: kpi.key, sentence, direction: (change.delta ?? 0) > 0 ? ('up' as const) : ('down' as const), good: change.good ?? false }));
}
