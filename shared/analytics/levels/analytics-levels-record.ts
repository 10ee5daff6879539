/** Bump when a level's definition or this layout changes: documents of another version are ignored (levels are counted from the records) until recounted. */
export const LEVELS_VERSION = 1;

/**
 * One organisation's levels as they stand now (`analytics_levels`, `_id` = tenant id), kept up
 * to date by the writes that change them (`trackDealLevels`, `trackFollowUpLevels`) and recounted
 * from the records with every rollup (`recountLevels`). Keys are `TFacts` keys
 * (shared/analytics/facts.ts). A dashboard reads this one document instead of every open deal
 * and follow-up.
 */
export type TAnalyticsLevelsRecord = {
  _id: string;
  tenant_id: string;
  version: number;
  /** Follow-ups are kept per local due day of this zone; after a zone change the document is ignored until recounted. */
  timezone: string;
  /** Open deals (marketing or assigned): count and expected fee per key (`pipeline_value`). */
  deals: { n: Record<string, number>; v: Record<string, number> };
  /** Open follow-ups per local due day (`YYYY-MM-DD`), counted per key (`follow_ups_open_overdue`): those due before today are overdue. */
  follow_ups: Record<string, Record<string, number>>;
  recounted_at: Date;
};
