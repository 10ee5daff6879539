import type { TFactsReader } from './facts.ts';
import type { TKpiDefinition } from './kpi-catalog.ts';
import type { TMetricId } from './metric-catalog.ts';

/**
 * The metrics a KPI's formula reads, found by running it once against a reader that records
 * what it is asked for — so this list can never drift from the formula.
 */
export function metricsOfKpi(kpi: TKpiDefinition): TMetricId[] {
  const seen = new Set<TMetricId>([kpi.drill]);
  const recording: TFactsReader = {
    count: (metric) => (seen.add(metric), 1),
    amount: (metric) => (seen.add(metric), 1),
    median: (metric) => (seen.add(metric), 1),
    breakdown: (metric) => (seen.add(metric), []),
  };
  kpi.compute({ events: recording, levels: recording });
  return [...seen];
}
