import { LRUCache } from 'lru-cache';
import type { TServiceContext } from '../../context/service-context.ts';
import { shareFacts, type TPackedFacts } from '../facts.ts';
import { ROLLUP_VERSION, type TAnalyticsDailyRecord } from './analytics-daily-record.ts';

/**
 * Rolled-up days kept in memory between requests, by record (`<tenant>:<day>`) and revision. A
 * dashboard reads up to two years of days per request, and a day only changes when the rollup
 * writes it again with a new revision: each request reads the days' revisions (a few small
 * fields) and fetches facts only for the days it holds at another revision, or not at all.
 * Cached facts are shared (frozen, and their sums kept: shareFacts in facts.ts). The bound is in
 * numbers and keys held (~8 bytes each): a day at a million leads' activity is ~5,000, so the
 * cache keeps ~800 such days.
 */
const cache = new LRUCache<string, { revision: string; day: TRolledUpDay }>({
  maxSize: 4_000_000,
  sizeCalculation: ({ day: { facts } }) => 1 + facts.keys.length * 3 + facts.h.buckets.reduce((sum, buckets) => sum + buckets.length * 2, 0),
});

/** A rolled-up day: its facts, and for a day rolled up before it ended, the instant they stop at. */
export interface TRolledUpDay {
  facts: TPackedFacts;
  /** Null for a whole day; else the facts count the day's events before this instant, and the rest is counted live. */
  until: Date | null;
}

/**
 * The rolled-up days among `days` that are current: rolled up in the organisation's zone, at
 * this ROLLUP_VERSION (whole days, or a day so far). Days without such a rollup are absent, for
 * the caller to compute live. In the order of the days.
 */
export async function readRolledUpDays(ctx: TServiceContext, days: readonly string[]): Promise<Map<string, TRolledUpDay>> {
  const wanted = [...days].sort();
  const found = new Map<string, TRolledUpDay>();
  if (wanted.length === 0) return found;
  const rollups = ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily');
  const current = (record: Pick<TAnalyticsDailyRecord, 'timezone' | 'version'>) => record.timezone === ctx.tenant.timezone && record.version === ROLLUP_VERSION;
  const range = { day: { $gte: wanted[0] as string, $lte: wanted.at(-1) as string } };
  const stamps = await rollups.find(range, { projection: { day: 1, timezone: 1, version: 1, revision: 1 } }).toArray();

  const byDay = new Map<string, TRolledUpDay>();
  const missing: string[] = [];
  const wantedDays = new Set(wanted);
  for (const stamp of stamps) {
    if (!wantedDays.has(stamp.day) || !current(stamp)) continue;
    const cached = cache.get(stamp._id);
    if (cached && cached.revision === stamp.revision) byDay.set(stamp.day, cached.day);
    else missing.push(stamp._id);
  }
  if (missing.length > 0) {
    const records = await rollups.find({ _id: { $in: missing } }, { projection: { day: 1, timezone: 1, version: 1, revision: 1, facts: 1, partial_until: 1 } }).toArray();
    for (const record of records) {
      // Checked again: the day may have been rolled up again between the two reads.
      if (!current(record)) continue;
      const day: TRolledUpDay = { facts: record.facts, until: record.partial_until ?? null };
      byDay.set(record.day, day);
      if (record.revision !== undefined) cache.set(record._id, { revision: record.revision, day: Object.freeze({ facts: shareFacts(day.facts), until: day.until }) });
    }
  }
  for (const day of wanted) {
    const rolled = byDay.get(day);
    if (rolled) found.set(day, rolled);
  }
  return found;
}
