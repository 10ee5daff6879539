import type { TServiceContext } from '../../context/service-context.ts';
import { daysInMonth, listDays, monthOf } from '../day-range.ts';
import { addGroup, emptyFacts, type TFacts } from '../facts.ts';
import type { TMarketingSpendRecord } from './marketing-spend-record.ts';

/**
 * `marketing_spend` per day: each month's amount spread evenly over its days (so a period that
 * covers half of March gets half of March's spend). Read live (spend is entered after the
 * fact, so it is never frozen in rollups). The count is the number of entries touching the day.
 */
export async function marketingSpendFacts(ctx: TServiceContext, from: string, to: string): Promise<Map<string, TFacts>> {
  const days = new Map<string, TFacts>();
  const entries = await ctx.db
    .collection<TMarketingSpendRecord>('marketing_spend')
    .find({ month: { $gte: monthOf(from), $lte: monthOf(to) } })
    .toArray();
  if (entries.length === 0) return days;
  const byMonth = new Map<string, TMarketingSpendRecord[]>();
  for (const entry of entries) byMonth.set(entry.month, [...(byMonth.get(entry.month) ?? []), entry]);
  for (const day of listDays(from, to)) {
    const month = monthOf(day);
    for (const entry of byMonth.get(month) ?? []) {
      let facts = days.get(day);
      if (!facts) days.set(day, (facts = emptyFacts()));
      addGroup(facts, { metric: 'marketing_spend', source: entry.source, rep: null, property_type: null, extra: null, bucket: null, n: 1, v: entry.amount / daysInMonth(month) });
    }
  }
  return days;
}
