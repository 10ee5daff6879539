import type { TJobContext } from '../jobs/job-definition.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import { formatZonedTime } from '../tenants/zoned-day.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';

const BATCH = 500;
/** Per run; what is left waits for the next run (every 5 minutes). */
const MAX_PER_RUN = 5_000;

/**
 * `follow-ups.overdue-scan`, every 5 minutes: for each open follow-up whose due time has passed
 * and that has not been announced, notifies its assignee in the app and publishes
 * `follow_up_overdue`, then marks it. Across tenants (global index on
 * `done, overdue_notified_at, due_at`). A repeated run is harmless: the notification's id derives
 * from the follow-up and its due time, and a follow-up is marked only after both happened (a
 * crash in between may publish the event twice; consumers are idempotent).
 */
export async function scanOverdueFollowUps(context: TJobContext): Promise<{ notified: number }> {
  const now = context.system.ports.clock.now();
  const followUps = context.system.db.collection<TFollowUpRecord>('follow_ups');
  let notified = 0;
  while (notified < MAX_PER_RUN) {
    const due = await followUps.find({ done: false, overdue_notified_at: null, due_at: { $lte: now } }, { sort: { due_at: 1 }, limit: BATCH }).toArray();
    if (due.length === 0) break;
    const tenants = [...new Set(due.map((followUp) => followUp.tenant_id))];
    for (const tenantId of tenants) {
      const ctx = await context.forTenant(tenantId);
      for (const followUp of due.filter((candidate) => candidate.tenant_id === tenantId)) {
        const href = followUp.lead_id ? `/leads/detail?id=${followUp.lead_id}` : followUp.deal_id ? `/deals/detail?id=${followUp.deal_id}` : '/';
        await notifyUser(
          ctx,
          { user_id: followUp.assigned_to, kind: 'follow_up_overdue', title: `Overdue: ${followUp.title}`, body: `Was due ${formatZonedTime(followUp.due_at, ctx.tenant.timezone)}`, href },
          { dedupeKey: `follow-up-overdue:${followUp._id}:${followUp.due_at.getTime()}` },
        );
        await ctx.events.publish({
          type: 'follow_up_overdue',
          actor: ctx.principal.uid,
          subject: { kind: 'follow_up', id: followUp._id },
          data: { assigned_to: followUp.assigned_to, due_at: followUp.due_at.toISOString(), lead_id: followUp.lead_id, deal_id: followUp.deal_id, title: followUp.title },
        });
        await followUps.updateOne({ _id: followUp._id, tenant_id: tenantId, overdue_notified_at: null }, { $set: { overdue_notified_at: now } });
        notified++;
      }
    }
    if (due.length < BATCH) break;
  }
  if (notified > 0) context.system.log.info({ notified }, 'Overdue follow-ups announced');
  return { notified };
}
