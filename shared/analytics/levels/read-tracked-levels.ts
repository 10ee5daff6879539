import type { TServiceContext } from '../../context/service-context.ts';
import { zonedDayStart } from '../../tenants/zoned-day.ts';
import { computeLevel } from '../compute-facts.ts';
import { dayOf } from '../day-range.ts';
import { emptyFacts, type TFacts } from '../facts.ts';
import { openFollowUpsDue, openOverdueFamily, pipelineValueFamily, type TLevelFamily } from '../families/level-families.ts';
import { LEVELS_VERSION, type TAnalyticsLevelsRecord } from './analytics-levels-record.ts';

/**
 * A level now from `analytics_levels`, or null when the organisation has no current document
 * (never recounted, another version or zone): the caller then counts it from the records.
 * Overdue follow-ups are the tracked ones due before today plus those due today until now,
 * counted live (today's due follow-ups are few).
 */
export async function readTrackedLevel(ctx: TServiceContext, family: TLevelFamily): Promise<TFacts | null> {
  const record = await ctx.db
    .collection<TAnalyticsLevelsRecord>('analytics_levels')
    .findOne({ _id: ctx.tenant._id }, { projection: family.id === pipelineValueFamily.id ? { version: 1, timezone: 1, deals: 1 } : { version: 1, timezone: 1, follow_ups: 1 } });
  if (!record || record.version !== LEVELS_VERSION || record.timezone !== ctx.tenant.timezone) return null;
  const facts = emptyFacts();
  if (family.id === pipelineValueFamily.id) {
    // A key whose records all closed keeps a zero count: leave it out, as counting would.
    for (const [key, n] of Object.entries(record.deals.n)) {
      if (n === 0) continue;
      facts.n[key] = n;
      if (record.deals.v[key]) facts.v[key] = record.deals.v[key];
    }
    return facts;
  }
  if (family.id !== openOverdueFamily.id) return null;
  const now = ctx.ports.clock.now();
  const today = dayOf(now, ctx.tenant.timezone);
  const dueToday = await computeLevel(ctx, { ...openOverdueFamily, pipelines: (at) => [openFollowUpsDue(zonedDayStart(today, ctx.tenant.timezone), at)] }, now, now);
  const counts = new Map(Object.entries(dueToday.n));
  for (const [day, dayCounts] of Object.entries(record.follow_ups)) {
    if (day >= today) continue;
    for (const [key, n] of Object.entries(dayCounts)) counts.set(key, (counts.get(key) ?? 0) + n);
  }
  for (const [key, n] of counts) if (n !== 0) facts.n[key] = n;
  return facts;
}
