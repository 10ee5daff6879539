import type { TServiceContext } from '../../context/service-context.ts';
import { computeLevel } from '../compute-facts.ts';
import { dayOfTruncated } from '../day-range.ts';
import { addGroup, emptyFacts, type TFacts } from '../facts.ts';
import { pipelineValueFamily } from '../families/level-families.ts';
import { LEVELS_VERSION, type TAnalyticsLevelsRecord } from './analytics-levels-record.ts';
import { followUpLevelGroups } from './level-groups.ts';

/**
 * Counts the organisation's levels from its records and replaces `analytics_levels` (every
 * rollup does): this creates the document tracking then keeps current, and repairs any drift
 * (a write that failed halfway, records changed outside the services). A write landing while
 * this runs may be counted twice or not at all until the next recount.
 */
export async function recountLevels(ctx: TServiceContext): Promise<TAnalyticsLevelsRecord> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const deals = await computeLevel(ctx, pipelineValueFamily, now, now);
  const groups = await ctx.db
    .collection('follow_ups')
    .aggregate<{ _id: { day: Date; rep: string | null }; n: number }>([
      { $match: { done: false } },
      { $group: { _id: { day: { $dateTrunc: { date: '$due_at', unit: 'day', timezone: timeZone } }, rep: '$assigned_to' }, n: { $sum: 1 } } },
    ])
    .toArray();
  const byDay = new Map<string, TFacts>();
  for (const group of groups) {
    const day = dayOfTruncated(group._id.day, timeZone);
    let facts = byDay.get(day);
    if (!facts) byDay.set(day, (facts = emptyFacts()));
    // What tracking adds for one open follow-up of that rep, n times.
    for (const open of followUpLevelGroups({ done: false, assigned_to: group._id.rep })) addGroup(facts, { ...open, n: group.n });
  }
  const followUps = Object.fromEntries([...byDay].map(([day, facts]) => [day, facts.n]));
  const record: TAnalyticsLevelsRecord = { _id: ctx.tenant._id, tenant_id: ctx.tenant._id, version: LEVELS_VERSION, timezone: timeZone, deals: { n: deals.n, v: deals.v }, follow_ups: followUps, recounted_at: now };
  await ctx.db.collection<TAnalyticsLevelsRecord>('analytics_levels').replaceOne({ _id: record._id }, record, { upsert: true });
  return record;
}
