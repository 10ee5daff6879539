import type { TServiceContext } from '../context/service-context.ts';
import { zonedDayEnd } from '../tenants/zoned-day.ts';
import { computeDailyFacts, computeLevel } from './compute-facts.ts';
import { addDays, dayOf, windowOf } from './day-range.ts';
import { appendPacked, emptyFacts, isPacked, mergeFacts, packFacts, sumFacts, type TAnyFacts, type TFacts } from './facts.ts';
import type { TLevelFamily } from './families/level-families.ts';
import { readTrackedLevel } from './levels/read-tracked-levels.ts';
import { ROLLUP_VERSION, type TAnalyticsDailyRecord } from './rollups/analytics-daily-record.ts';
import { readRolledUpDays } from './rollups/read-rolled-up-days.ts';
import type { TMetricId } from './metric-catalog.ts';
import { familiesFor } from './metric-families.ts';
import { marketingSpendFacts } from './spend/marketing-spend-facts.ts';

export interface TLoadOptions {
  /** Read `analytics_daily` for whole past days and `analytics_levels` for levels now (default). False computes everything from the records (benchmarks, checks). */
  rollups?: boolean;
  /**
   * The metrics the caller reads (default: all). Days computed live run only the families that
   * give them; rolled-up days hold every metric anyway.
   */
  metrics?: readonly TMetricId[];
}

export interface TDailyFacts {
  /** Facts per requested day up to today (later days have none): packed for rolled-up days, read as they are. */
  days: Map<string, TAnyFacts>;
  /** Days answered from rollups and days computed live. */
  rolledUp: number;
  live: number;
}

/**
 * Facts for a set of days: whole past days from their rollups when present and current (same
 * zone, same version), every other day (today, days never rolled up) computed live, in as few
 * windows as possible. Marketing spend is always read live. Both paths count with the same
 * family pipelines, so a number does not depend on which path answered it.
 */
export async function loadDailyFacts(ctx: TServiceContext, wanted: readonly string[], options: TLoadOptions = {}): Promise<TDailyFacts> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const today = dayOf(now, timeZone);
  const days = [...new Set(wanted)].filter((day) => day <= today).sort();
  const result: TDailyFacts = { days: new Map(), rolledUp: 0, live: 0 };
  if (days.length === 0) return result;
  const first = days[0] as string;
  const last = days.at(-1) as string;

  if (options.rollups !== false) {
    for (const [day, facts] of await readRolledUpDays(ctx, days, today)) result.days.set(day, facts);
    result.rolledUp = result.days.size;
  }

  const families = familiesFor(options.metrics);
  for (const run of contiguousRuns(days.filter((day) => !result.days.has(day)))) {
    const computed = await computeDailyFacts(ctx, windowOf(run.from, run.to, timeZone, now), families);
    for (const day of run.days) result.days.set(day, computed.get(day) ?? emptyFacts());
    result.live += run.days.length;
  }

  const spend = await marketingSpendFacts(ctx, first, last);
  for (const [day, facts] of spend) {
    const existing = result.days.get(day) ?? emptyFacts();
    // Rolled-up days stay packed (spend goes after their entries); live ones are copied before adding spend.
    result.days.set(day, isPacked(existing) ? appendPacked(existing, packFacts(facts)) : mergeFacts(mergeFacts(emptyFacts(), existing), facts));
  }
  return result;
}

/**
 * A level at the end of `day`: now for today (or later), tracked in `analytics_levels` or else
 * counted from the records; for a past day, the day's rollup, else computed from history.
 */
export async function loadLevel(ctx: TServiceContext, family: TLevelFamily, day: string, options: TLoadOptions = {}): Promise<{ facts: TFacts; from: 'tracked' | 'rollup' | 'records' }> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  if (day >= dayOf(now, timeZone)) {
    const tracked = options.rollups !== false ? await readTrackedLevel(ctx, family) : null;
    return tracked ? { facts: tracked, from: 'tracked' } : { facts: await computeLevel(ctx, family, now, now), from: 'records' };
  }
  if (options.rollups !== false && family.id === 'pipeline-value') {
    const record = await ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily').findOne({ day }, { projection: { timezone: 1, version: 1, levels: 1 } });
    if (record && record.timezone === timeZone && record.version === ROLLUP_VERSION) return { facts: sumFacts([record.levels]), from: 'rollup' };
  }
  return { facts: await computeLevel(ctx, family, zonedDayEnd(day, timeZone), now), from: 'records' };
}

function contiguousRuns(days: readonly string[]): { from: string; to: string; days: string[] }[] {
  const runs: { from: string; to: string; days: string[] }[] = [];
  for (const day of days) {
    const current = runs.at(-1);
    if (current && addDays(current.to, 1) === day) {
      current.to = day;
      current.days.push(day);
    } else {
      runs.push({ from: day, to: day, days: [day] });
    }
  }
  return runs;
}
