import type { TDealRecord } from '../../deals/deal-record.ts';
import type { TFollowUpRecord } from '../../follow-ups/follow-up-record.ts';
import type { TFactGroup } from '../facts.ts';

/**
 * What one record adds to the levels now, the same rule as the level families
 * (shared/analytics/families/level-families.ts) applied to a single record: tracking a write is
 * taking the record's groups before it away and adding its groups after.
 */

const OPEN_DEAL = new Set(['marketing', 'assigned']);

/** An open deal counts once in `pipeline_value`, at its assignment fee once assigned, else asking − contract. */
export function dealLevelGroups(deal: TDealRecord, source: string | null): TFactGroup[] {
  if (!OPEN_DEAL.has(deal.status)) return [];
  const projected = Math.max(0, deal.asking_price - deal.contract_price);
  const amount = deal.status === 'assigned' ? (deal.assignment_fee ?? projected) : projected;
  return [{ metric: 'pipeline_value', source, rep: deal.acquired_by ?? null, property_type: deal.property?.property_type ?? null, extra: null, bucket: null, n: 1, v: amount }];
}

/** An open follow-up counts in `follow_ups_open_overdue` from its due time on, under its local due day. */
export function followUpLevelGroups(followUp: Pick<TFollowUpRecord, 'done'> & { assigned_to: string | null }): TFactGroup[] {
  if (followUp.done) return [];
  return [{ metric: 'follow_ups_open_overdue', source: null, rep: followUp.assigned_to ?? null, property_type: null, extra: null, bucket: null, n: 1, v: 0 }];
}
