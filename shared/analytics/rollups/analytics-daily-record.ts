import type { TPackedFacts } from '../facts.ts';

/**
 * Bump when a metric's definition or the facts' layout changes: rollups of another version are
 * ignored (the day is computed live) until the rollup runs again.
 */
export const ROLLUP_VERSION = 2;

/**
 * One organisation's figures for one local day (`analytics_daily`). While the day lasts the
 * `analytics.rollup-today` job writes its figures so far (`partial_until`); once it is over,
 * that job's first run after midnight writes it whole, as do the nightly `analytics.rollup`
 * job and `npm run rollup`. `_id` is `<tenant>:<day>`, so
 * re-running a day replaces it. A day with nothing to count is stored too: its absence means
 * "not rolled up".
 */
export type TAnalyticsDailyRecord = {
  _id: string;
  tenant_id: string;
  /** `YYYY-MM-DD` in `timezone`. */
  day: string;
  /** The organisation's zone when the day was rolled up; after a zone change the day is recomputed live. */
  timezone: string;
  version: number;
  /** Event metrics of the day (see shared/analytics/facts.ts), packed. */
  facts: TPackedFacts;
  /** Levels (pipeline value) at the day's last instant, packed; empty for a day rolled up so far. */
  levels: TPackedFacts;
  /** Set on a day rolled up before it ended: `facts` count its events before this instant, and readers count the rest live. */
  partial_until?: Date;
  computed_at: Date;
  /** New each time the day is written: readers that keep a day in memory compare it (read-rolled-up-days.ts). Absent on rollups written before it existed. */
  revision?: string;
};

export const rollupId = (tenantId: string, day: string): string => `${tenantId}:${day}`;
