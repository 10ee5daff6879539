import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TLeadRecord } from './lead-record.ts';

/** Timeline entry and in-app notice for a new assignee (not when people assign themselves). */
export async function recordAssignment(ctx: TServiceContext, lead: TLeadRecord, previous: string | null, at: Date): Promise<void> {
  const assignee = lead.assigned_to ? await ctx.db.collection<TUserRecord>('users').findOne({ _id: lead.assigned_to }) : null;
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'assigned',
    summary: lead.assigned_to ? (lead.assigned_to === ctx.principal.uid ? `${ctx.principal.name} took the lead` : `Assigned to ${assignee?.name ?? 'a teammate'}`) : 'Unassigned',
    data: { from: previous, to: lead.assigned_to },
    at,
  });
  if (lead.assigned_to && lead.assigned_to !== ctx.principal.uid) {
    await notifyUser(ctx, {
      user_id: lead.assigned_to,
      kind: 'lead_assigned',
      title: `Lead assigned to you: ${lead.full_name}`,
      body: `${ctx.principal.name} assigned you this lead.`,
      href: `/leads/detail?id=${lead._id}`,
    });
  }
}
