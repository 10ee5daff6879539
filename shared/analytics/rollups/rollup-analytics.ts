import type { TServiceContext } from '../../context/service-context.ts';
import { newId } from '../../ids.ts';
import { zonedDayEnd, zonedDayStart } from '../../tenants/zoned-day.ts';
import { computeDailyFacts } from '../compute-facts.ts';
import { addDays, dayOf, listDays, windowOf } from '../day-range.ts';
import { addGroup, emptyFacts, packFacts, type TFacts } from '../facts.ts';
import { pipelineValueAt } from '../families/level-families.ts';
import { recountLevels } from '../levels/recount-levels.ts';
import { ROLLUP_VERSION, rollupId, type TAnalyticsDailyRecord } from './analytics-daily-record.ts';

/** Days computed per pass: a month of events is a handful of index-narrowed aggregations. */
const CHUNK_DAYS = 31;
/**
 * Today is rolled up to this long before the clock: an event stamped just before a rollup may
 * be written just after it (another instance's clock, a queued write), and is then still
 * counted live.
 */
const SETTLE_MS = 60_000;

export interface TRollupResult {
  from: string;
  to: string;
  days: number;
  /** Days left out because they have not ended yet in the organisation's zone. */
  skipped: string[];
  /** When the range reaches today: today rolled up so far, up to `until` (ISO instant). */
  today: { day: string; until: string } | null;
}

/**
 * Writes `analytics_daily` for the organisation's whole days from `from` to `to` (both
 * included), and today so far when the range reaches it; later days are skipped. Then
 * recounts the levels dashboards read now (`analytics_levels`).
 * Idempotent: each day's document is replaced with what the data says now, so any range can
 * be re-run (after an import, a backdated closing, a time-zone change).
 */
export async function rollupAnalytics(ctx: TServiceContext, range: { from: string; to: string }): Promise<TRollupResult> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const today = dayOf(now, timeZone);
  const days = listDays(range.from, range.to);
  const whole = days.filter((day) => day < today);
  const rollups = ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily');
  for (let index = 0; index < whole.length; index += CHUNK_DAYS) {
    const chunk = whole.slice(index, index + CHUNK_DAYS);
    const first = chunk[0] as string;
    const last = chunk.at(-1) as string;
    const facts = await computeDailyFacts(ctx, windowOf(first, last, timeZone, now));
    const levelRows = await pipelineValueAt(ctx.db.collection('deals'), chunk.map((day) => zonedDayEnd(day, timeZone)));
    const records: TAnalyticsDailyRecord[] = [];
    for (const [index, day] of chunk.entries()) {
      const levels = emptyFacts();
      for (const row of levelRows[index] ?? []) addGroup(levels, { metric: row.metric, source: row.source, rep: row.rep, property_type: row.property_type, extra: row.extra, bucket: row.bucket, n: 1, v: row.amount ?? 0 });
      records.push(rollupRecord(ctx, day, facts.get(day), levels, now));
    }
    await rollups.bulkWrite(records.map((record) => ({ replaceOne: { filter: { _id: record._id }, replacement: record, upsert: true } })));
  }
  const soFar = days.includes(today) ? await rollupTodaySoFar(ctx) : null;
  await recountLevels(ctx);
  ctx.log.info({ tenant_id: ctx.tenant._id, from: range.from, to: range.to, days: whole.length }, 'Analytics rolled up');
  return { from: range.from, to: range.to, days: whole.length, skipped: days.filter((day) => day >= today), today: soFar && { day: soFar.day, until: soFar.until.toISOString() } };
}

/**
 * Writes today's figures so far (`partial_until`): the events from the start of the
 * organisation's day up to a minute ago. Dashboards then count live only what came after, so
 * their cost no longer grows through the day; the `analytics.rollup-today` job runs this every
 * few minutes. An edit to an earlier event of today shows at the next run, as an edit to an
 * earlier day shows at the next nightly rollup.
 */
export async function rollupTodaySoFar(ctx: TServiceContext): Promise<{ day: string; until: Date }> {
  const now = ctx.ports.clock.now();
  const timeZone = ctx.tenant.timezone;
  const day = dayOf(now, timeZone);
  const start = zonedDayStart(day, timeZone);
  const until = new Date(Math.max(start.getTime(), now.getTime() - SETTLE_MS));
  // Windows include their end: this one stops a millisecond before `until`, where readers start.
  const facts = until > start ? (await computeDailyFacts(ctx, { start, end: new Date(until.getTime() - 1), timeZone, now })).get(day) : undefined;
  const record = { ...rollupRecord(ctx, day, facts, emptyFacts(), now), partial_until: until };
  await ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily').replaceOne({ _id: record._id }, record, { upsert: true });
  return { day, until };
}

/**
 * The quarter-hourly run: yesterday whole if it has not been rolled up whole yet, then today so
 * far. The nightly run comes at one instant for every zone (02:15 UTC is the evening before in
 * the Americas), so without this an organisation would read its yesterday as rolled up only so
 * far (its evening and closing levels counted live) for most of the day. Yesterday is closed
 * once it has been over for the settling margin, and only once.
 */
export async function rollupRecentDays(ctx: TServiceContext): Promise<{ closed: string | null }> {
  const now = ctx.ports.clock.now();
  const today = dayOf(now, ctx.tenant.timezone);
  const yesterday = addDays(today, -1);
  const settled = now.getTime() - zonedDayStart(today, ctx.tenant.timezone).getTime() >= SETTLE_MS;
  const record = settled ? await ctx.db.collection<TAnalyticsDailyRecord>('analytics_daily').findOne({ _id: rollupId(ctx.tenant._id, yesterday) }, { projection: { partial_until: 1 } }) : null;
  if (settled && (!record || record.partial_until)) {
    await rollupAnalytics(ctx, { from: yesterday, to: today });
    return { closed: yesterday };
  }
  await rollupTodaySoFar(ctx);
  return { closed: null };
}

/** A day's `analytics_daily` document, with a new revision (readers holding the day read it again). */
function rollupRecord(ctx: TServiceContext, day: string, facts: TFacts | undefined, levels: TFacts, now: Date): TAnalyticsDailyRecord {
  return {
    _id: rollupId(ctx.tenant._id, day),
    tenant_id: ctx.tenant._id,
    day,
    timezone: ctx.tenant.timezone,
    version: ROLLUP_VERSION,
    facts: packFacts(facts ?? emptyFacts()),
    levels: packFacts(levels),
    computed_at: now,
    revision: newId('rev', now),
  };
}

/** The nightly range: the last week of whole days, so late changes (backdated closings, callbacks) settle. */
export function nightlyRange(now: Date, timeZone: string): { from: string; to: string } {
  const yesterday = addDays(dayOf(now, timeZone), -1);
  return { from: addDays(yesterday, -6), to: yesterday };
}
