import type { TServiceContext } from '../../context/service-context.ts';
import type { TDealRecord } from '../../deals/deal-record.ts';
import type { TFollowUpRecord } from '../../follow-ups/follow-up-record.ts';
import type { TLeadRecord } from '../../leads/lead-record.ts';
import { dayOf } from '../day-range.ts';
import { addGroup, emptyFacts, type TFactGroup, type TFacts } from '../facts.ts';
import { LEVELS_VERSION, type TAnalyticsLevelsRecord } from './analytics-levels-record.ts';
import { dealLevelGroups, followUpLevelGroups } from './level-groups.ts';

/**
 * Keeping `analytics_levels` current on write: each function takes what a write changed (the
 * records before and after; null for none) and adds the difference. Nothing is written when no
 * levels document exists yet or it is of another version or zone: dashboards then count levels
 * from the records, and the next rollup recounts the document. A failure between a record's
 * write and this one leaves the levels off until that recount (every night).
 */

/** Adds `after`'s groups and takes `before`'s away, into `delta`. */
function difference(delta: TFacts, before: readonly TFactGroup[], after: readonly TFactGroup[]): void {
  for (const group of after) addGroup(delta, group);
  for (const group of before) addGroup(delta, { ...group, n: -group.n, v: -group.v });
}

async function applyDelta(ctx: TServiceContext, inc: Record<string, number>): Promise<void> {
  if (Object.keys(inc).length === 0) return;
  await ctx.db
    .collection<TAnalyticsLevelsRecord>('analytics_levels')
    .updateOne({ _id: ctx.tenant._id, version: LEVELS_VERSION, timezone: ctx.tenant.timezone }, { $inc: inc });
}

/** The `$inc` for a delta: counts under `paths.n`, amounts under `paths.v` (when given). */
function incrementsOf(delta: TFacts, paths: { n: string; v?: string }): Record<string, number> {
  const inc: Record<string, number> = {};
  for (const [key, n] of Object.entries(delta.n)) if (n !== 0) inc[`${paths.n}${key}`] = n;
  if (paths.v) for (const [key, v] of Object.entries(delta.v)) if (v !== 0) inc[`${paths.v}${key}`] = v;
  return inc;
}

async function applyDealDelta(ctx: TServiceContext, before: readonly TFactGroup[], after: readonly TFactGroup[]): Promise<void> {
  const delta = emptyFacts();
  difference(delta, before, after);
  await applyDelta(ctx, incrementsOf(delta, { n: 'deals.n.', v: 'deals.v.' }));
}

const isOpen = (deal: TDealRecord | null): boolean => deal !== null && dealLevelGroups(deal, null).length > 0;

/** A deal created, edited or moved (its lead's source is read only when it is or was open). */
export async function trackDealLevels(ctx: TServiceContext, before: TDealRecord | null, after: TDealRecord | null): Promise<void> {
  const record = after ?? before;
  if (!record || (!isOpen(before) && !isOpen(after))) return;
  const source = (await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: record.lead_id }, { projection: { source: 1 } }))?.source ?? null;
  await applyDealDelta(ctx, before ? dealLevelGroups(before, source) : [], after ? dealLevelGroups(after, source) : []);
}

/** A lead's source changed: its open deal (if any) moves to the new source. */
export async function trackLeadSource(ctx: TServiceContext, leadId: string, before: string | null, after: string | null): Promise<void> {
  if (before === after) return;
  const deal = await ctx.db.collection<TDealRecord>('deals').findOne({ open_lead_id: leadId });
  if (deal) await applyDealDelta(ctx, dealLevelGroups(deal, before), dealLevelGroups(deal, after));
}

/** Follow-ups created, edited, completed, reopened or deleted (each counted under its local due day). */
export async function trackFollowUpLevels(ctx: TServiceContext, before: readonly TFollowUpRecord[], after: readonly TFollowUpRecord[]): Promise<void> {
  const byDay = new Map<string, TFacts>();
  const deltaOf = (followUp: TFollowUpRecord): TFacts => {
    const day = dayOf(followUp.due_at, ctx.tenant.timezone);
    let delta = byDay.get(day);
    if (!delta) byDay.set(day, (delta = emptyFacts()));
    return delta;
  };
  for (const followUp of after) difference(deltaOf(followUp), [], followUpLevelGroups(followUp));
  for (const followUp of before) difference(deltaOf(followUp), followUpLevelGroups(followUp), []);
  const inc: Record<string, number> = {};
  for (const [day, delta] of byDay) Object.assign(inc, incrementsOf(delta, { n: `follow_ups.${day}.` }));
  await applyDelta(ctx, inc);
}
