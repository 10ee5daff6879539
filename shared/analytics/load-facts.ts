import type { TServiceContext } from '../context/service-context.ts';
import { zonedDayEnd } from '../tenants/zoned-day.ts';
import { computeDailyFacts, computeLevel } from './compute-facts.ts';
import { addDays, dayOf, windowOf } from './day-range.ts';
import { appendPacked, emptyFacts, isPacked, isShared, mergeFacts, packFacts, shareFacts, sumFacts, type TAnyFacts, type TFacts, type TPackedFacts } from './facts.ts';
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
  /** Days answered from rollups (whole, or so far) and days computed live. */
  rolledUp: number;
  live: number;
  /** The latest instant a day's rollup so far stops at (live counting starts there); null when no such day was read. */
  liveSince: Date | null;
}

/**
 * Facts for a set of days: days from their rollups when present and current (same zone, same
 * version); a day rolled up so far (today) adds what came after its rollup, counted live; every
 * other day (never rolled up) is computed live, in as few windows as possible. Marketing spend
 * is always read live. Both paths count with the same family pipelines, whose windows add up at
 * any instant, so a number does not depend on which path answered it.
 */
export async function loadDailyFacts(ctx: TServiceContext, wanted: readonly string[], options: TLoadOptions = {}): Promise<TDailyFacts> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const today = dayOf(now, timeZone);
  const days = [...new Set(wanted)].filter((day) => day <= today).sort();
  const result: TDailyFacts = { days: new Map(), rolledUp: 0, live: 0, liveSince: null };
  if (days.length === 0) return result;
  const first = days[0] as string;
  const last = days.at(-1) as string;

  const families = familiesFor(options.metrics);
  if (options.rollups !== false) {
    for (const [day, { facts, until }] of await readRolledUpDays(ctx, days)) {
      if (until === null) {
        result.days.set(day, facts);
      } else {
        // From a clock ahead of this one: the day is counted live whole.
        if (until > now) continue;
        const dayEnd = zonedDayEnd(day, timeZone);
        const tail = await computeDailyFacts(ctx, { start: until, end: dayEnd > now ? now : dayEnd, timeZone, now }, families);
        const after = tail.get(day);
        result.days.set(day, after ? appendPacked(facts, packFacts(after)) : facts);
        if (!result.liveSince || until > result.liveSince) result.liveSince = until;
      }
      result.rolledUp++;
    }
  }

  for (const run of contiguousRuns(days.filter((day) => !result.days.has(day)))) {
    const computed = await computeDailyFacts(ctx, windowOf(run.from, run.to, timeZone, now), families);
    for (const day of run.days) result.days.set(day, computed.get(day) ?? emptyFacts());
    result.live += run.days.length;
  }

  const spend = await marketingSpendFacts(ctx, first, last);
  for (const [day, facts] of spend) {
    const existing = result.days.get(day) ?? emptyFacts();
    // Rolled-up days stay packed (spend goes after their entries); live ones are copied before adding spend.
    result.days.set(day, isPacked(existing) ? withSpend(existing, packFacts(facts)) : mergeFacts(mergeFacts(emptyFacts(), existing), facts));
  }
  return result;
}

/** A shared day with its spend appended, kept while both stay the same: shared too, so sums of such days are kept as well. */
const daysWithSpend = new WeakMap<TPackedFacts, { spend: string; facts: TPackedFacts }>();
function withSpend(day: TPackedFacts, spend: TPackedFacts): TPackedFacts {
  if (!isShared(day)) return appendPacked(day, spend);
  const key = JSON.stringify(spend);
  const kept = daysWithSpend.get(day);
  if (kept?.spend === key) return kept.facts;
  const facts = shareFacts(appendPacked(day, spend));
  daysWithSpend.set(day, { spend: key, facts });
  return facts;
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
    const record = await ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily').findOne({ day }, { projection: { timezone: 1, version: 1, levels: 1, partial_until: 1 } });
    // A day rolled up before it ended has no end-of-day levels.
    if (record && record.timezone === timeZone && record.version === ROLLUP_VERSION && !record.partial_until) return { facts: sumFacts([record.levels]), from: 'rollup' };
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
