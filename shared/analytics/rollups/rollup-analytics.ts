import type { TServiceContext } from '../../context/service-context.ts';
import { newId } from '../../ids.ts';
import { zonedDayEnd } from '../../tenants/zoned-day.ts';
import { computeDailyFacts } from '../compute-facts.ts';
import { addDays, dayOf, listDays, windowOf } from '../day-range.ts';
import { addGroup, emptyFacts, packFacts } from '../facts.ts';
import { pipelineValueAt } from '../families/level-families.ts';
import { recountLevels } from '../levels/recount-levels.ts';
import { ROLLUP_VERSION, rollupId, type TAnalyticsDailyRecord } from './analytics-daily-record.ts';

/** Days computed per pass: a month of events is a handful of index-narrowed aggregations. */
const CHUNK_DAYS = 31;

export interface TRollupResult {
  from: string;
  to: string;
  days: number;
  /** Days left out because they have not ended yet in the organisation's zone. */
  skipped: string[];
}

/**
 * Writes `analytics_daily` for the organisation's whole days from `from` to `to` (both
 * included); days that have not ended yet are skipped (dashboards compute today live). Then
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
      records.push({
        _id: rollupId(ctx.tenant._id, day),
        tenant_id: ctx.tenant._id,
        day,
        timezone: timeZone,
        version: ROLLUP_VERSION,
        facts: packFacts(facts.get(day) ?? emptyFacts()),
        levels: packFacts(levels),
        computed_at: now,
        revision: newId('rev', now),
      });
    }
    await rollups.bulkWrite(records.map((record) => ({ replaceOne: { filter: { _id: record._id }, replacement: record, upsert: true } })));
  }
  await recountLevels(ctx);
  ctx.log.info({ tenant_id: ctx.tenant._id, from: range.from, to: range.to, days: whole.length }, 'Analytics rolled up');
  return { from: range.from, to: range.to, days: whole.length, skipped: days.filter((day) => day >= today) };
}

/** The nightly range: the last week of whole days, so late changes (backdated closings, callbacks) settle. */
export function nightlyRange(now: Date, timeZone: string): { from: string; to: string } {
  const yesterday = addDays(dayOf(now, timeZone), -1);
  return { from: addDays(yesterday, -6), to: yesterday };
}
