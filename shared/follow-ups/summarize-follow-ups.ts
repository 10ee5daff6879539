import type { TServiceContext } from '../context/service-context.ts';
import { zonedDayOf } from '../tenants/zoned-day.ts';
import type { TFollowUpSummary } from './follow-up.schemas.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';

/** The caller's open follow-ups for the dashboard tile: how many are overdue, how many fall due later today, and the next due time. */
export async function summarizeFollowUps(ctx: TServiceContext): Promise<TFollowUpSummary> {
  const now = ctx.ports.clock.now();
  const { end } = zonedDayOf(now, ctx.tenant.timezone);
  const followUps = ctx.db.collection<TFollowUpRecord>('follow_ups');
  const mine = { assigned_to: ctx.principal.uid, done: false };
  const [overdue, dueToday, next] = await Promise.all([
    followUps.countDocuments({ ...mine, due_at: { $lt: now } }),
    followUps.countDocuments({ ...mine, due_at: { $gte: now, $lte: end } }),
    followUps.findOne({ ...mine, due_at: { $gte: now } }, { sort: { due_at: 1 }, projection: { due_at: 1 } }),
  ]);
  return { overdue, due_today: dueToday, next_due_at: next?.due_at.toISOString() ?? null };
}
