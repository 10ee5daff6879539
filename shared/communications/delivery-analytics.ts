import { tz } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { z } from 'zod';
import type { TServiceContext } from '../context/service-context.ts';
import { invalid } from '../errors/app-error.ts';
import { zonedDayEnd, zonedDayStart } from '../tenants/zoned-day.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';

export const ZDeliveryAnalyticsQuery = z.strictObject({
  /** First and last day (YYYY-MM-DD, the organisation's time zone); the last 30 days by default. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

const ZNumberStats = z.object({
  number: z.string(),
  label: z.string(),
  sms: z.object({
    /** Texts handed to the provider. */
    sent: z.number(),
    delivered: z.number(),
    failed: z.number(),
    undelivered: z.number(),
    /** Accepted but no final status yet. */
    pending: z.number(),
    received: z.number(),
    opt_outs: z.number(),
    /** delivered / sent, failed+undelivered / sent, opt_outs / sent; null when nothing was sent. */
    delivery_rate: z.number().nullable(),
    failure_rate: z.number().nullable(),
    opt_out_rate: z.number().nullable(),
  }),
  calls: z.object({ outbound: z.number(), inbound: z.number(), answered: z.number(), missed: z.number(), minutes: z.number() }),
});

export const ZDeliveryAnalytics = z.object({ from: z.string(), to: z.string(), time_zone: z.string(), numbers: z.array(ZNumberStats), totals: ZNumberStats.omit({ number: true, label: true }) });
export type TDeliveryAnalytics = z.infer<typeof ZDeliveryAnalytics>;
type TStats = Omit<z.infer<typeof ZNumberStats>, 'number' | 'label'>;

type TGroup = { _id: { number: string; channel: string; direction: string; status: string; keyword: string | null; missed: boolean }; count: number; seconds: number };

const DAY = 86_400_000;
const PENDING = new Set(['accepted', 'queued', 'sent', 'sending']);

/**
 * Delivery analytics per organisation number over a range of days: texts sent, delivered,
 * failed, undelivered and opt-outs (STOPs received) with their rates, and calls. One
 * aggregation over the range's messages, grouped by number and outcome.
 */
export async function deliveryAnalytics(ctx: TServiceContext, query: z.infer<typeof ZDeliveryAnalyticsQuery>): Promise<TDeliveryAnalytics> {
  const zone = ctx.tenant.timezone;
  const to = query.to ?? format(ctx.ports.clock.now(), 'yyyy-MM-dd', { in: tz(zone) });
  const from = query.from ?? new Date(new Date(to).getTime() - 29 * DAY).toISOString().slice(0, 10);
  if (from > to) throw invalid('from', 'The range starts after it ends', 'query');
  const groups = await ctx.db
    .collection('communications')
    .aggregate<TGroup>([
      { $match: { created_at: { $gte: zonedDayStart(from, zone), $lte: zonedDayEnd(to, zone) }, channel: { $in: ['sms', 'call'] } } },
      {
        $group: {
          _id: {
            number: { $cond: [{ $eq: ['$direction', 'outbound'] }, '$from', '$to'] },
            channel: '$channel',
            direction: '$direction',
            status: '$status',
            keyword: { $ifNull: ['$keyword', null] },
            missed: { $ifNull: ['$missed', false] },
          },
          count: { $sum: 1 },
          seconds: { $sum: { $ifNull: ['$duration_seconds', 0] } },
        },
      },
    ])
    .toArray();
  const numbers = await ctx.db.collection<TPhoneNumberRecord>('phone_numbers').find({}, { sort: { created_at: 1 } }).toArray();
  const byNumber = new Map<string, TStats>(numbers.map((number) => [number.number, emptyStats()]));
  const totals = emptyStats();
  for (const group of groups) {
    const stats = byNumber.get(group._id.number) ?? byNumber.set(group._id.number, emptyStats()).get(group._id.number);
    if (stats) add(stats, group);
    add(totals, group);
  }
  return {
    from,
    to,
    time_zone: zone,
    numbers: [...byNumber.entries()].map(([number, stats]) => ({ number, label: numbers.find((candidate) => candidate.number === number)?.label ?? '', ...withRates(stats) })),
    totals: withRates(totals),
  };
}

const emptyStats = (): TStats => ({
  sms: { sent: 0, delivered: 0, failed: 0, undelivered: 0, pending: 0, received: 0, opt_outs: 0, delivery_rate: null, failure_rate: null, opt_out_rate: null },
  calls: { outbound: 0, inbound: 0, answered: 0, missed: 0, minutes: 0 },
});

function add(stats: TStats, { _id: key, count, seconds }: TGroup): void {
  if (key.channel === 'sms') {
    if (key.direction === 'inbound') {
      stats.sms.received += count;
      if (key.keyword === 'stop') stats.sms.opt_outs += count;
      return;
    }
    if (key.status === 'delivered' || key.status === 'read') stats.sms.delivered += count;
    else if (key.status === 'failed') stats.sms.failed += count;
    else if (key.status === 'undelivered') stats.sms.undelivered += count;
    else if (PENDING.has(key.status)) stats.sms.pending += count;
    else return;
    stats.sms.sent += count;
    return;
  }
  if (key.direction === 'outbound') stats.calls.outbound += count;
  else stats.calls.inbound += count;
  if (key.status === 'completed' && !key.missed) stats.calls.answered += count;
  if (key.direction === 'inbound' && key.missed) stats.calls.missed += count;
  stats.calls.minutes += Math.round((seconds / 60) * 10) / 10;
}

function withRates(stats: TStats): TStats {
  const { sent } = stats.sms;
  const rate = (value: number) => (sent > 0 ? Math.round((value / sent) * 1000) / 1000 : null);
  return {
    sms: { ...stats.sms, delivery_rate: rate(stats.sms.delivered), failure_rate: rate(stats.sms.failed + stats.sms.undelivered), opt_out_rate: rate(stats.sms.opt_outs) },
    calls: { ...stats.calls, minutes: Math.round(stats.calls.minutes * 10) / 10 },
  };
}
