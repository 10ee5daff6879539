import { buyerOutreachFamily, communicationsFamily } from './families/communication-families.ts';
import { dealClosingsFamily, dealContractsFamily, dealMovesFamily } from './families/deal-families.ts';
import { followUpsDoneFamily, followUpsDueFamily } from './families/follow-up-families.ts';
import { leadIntakeFamily } from './families/lead-intake-family.ts';
import { appointmentsFamily, offersFamily } from './families/lead-milestones-family.ts';
import { leadStagesFamily } from './families/lead-stages-family.ts';
import { openOverdueFamily, pipelineValueFamily, type TLevelFamily } from './families/level-families.ts';
import { speedToLeadFamily } from './families/speed-to-lead-family.ts';
import type { TMetricId } from './metric-catalog.ts';
import type { TMetricFamily } from './metric-family.ts';

/** Every event family, each read with one pipeline per window (marketing spend is not a pipeline: marketing-spend-facts.ts). */
export const EVENT_FAMILIES: readonly TMetricFamily[] = [
  leadIntakeFamily,
  leadStagesFamily,
  appointmentsFamily,
  offersFamily,
  speedToLeadFamily,
  dealContractsFamily,
  dealClosingsFamily,
  dealMovesFamily,
  buyerOutreachFamily,
  communicationsFamily,
  followUpsDueFamily,
  followUpsDoneFamily,
];

export const LEVEL_FAMILIES: readonly TLevelFamily[] = [pipelineValueFamily, openOverdueFamily];

export const eventFamilyOf = (metric: TMetricId): TMetricFamily | undefined => EVENT_FAMILIES.find((family) => family.metrics.includes(metric));
export const levelFamilyOf = (metric: TMetricId): TLevelFamily | undefined => LEVEL_FAMILIES.find((family) => family.metrics.includes(metric));

/** Families needed for a set of metrics (all when none is named). */
export function familiesFor(metrics?: readonly TMetricId[]): TMetricFamily[] {
  if (!metrics) return [...EVENT_FAMILIES];
  return EVENT_FAMILIES.filter((family) => family.metrics.some((metric) => metrics.includes(metric)));
}
