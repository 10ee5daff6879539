import { recordActivity } from '../activities/record-activity.ts';
import { trackFollowUpLevels } from '../analytics/levels/track-levels.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { formatZonedTime } from '../tenants/zoned-day.ts';
import { FOLLOW_UP_ROLES, assertFollowUpAssignee, assertFollowUpSubject } from './follow-up-access.ts';
import type { TCreateFollowUpRequest, TFollowUp } from './follow-up.schemas.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';
import { presentFollowUps } from './present-follow-ups.ts';

/** A task with a due time for the caller (or, from an admin, someone else), about a lead, a deal or nothing. */
export async function createFollowUp(ctx: TServiceContext, input: TCreateFollowUpRequest): Promise<TFollowUp> {
  if (!FOLLOW_UP_ROLES.includes(ctx.principal.role)) throw new AppError('forbidden', 'Executives cannot create follow-ups');
  const assignee = await assertFollowUpAssignee(ctx, input.assigned_to ?? ctx.principal.uid);
  await assertFollowUpSubject(ctx, input);
  const now = ctx.ports.clock.now();
  const record: TFollowUpRecord = {
    _id: newId('fu', now),
    tenant_id: ctx.tenant._id,
    title: input.title,
    due_at: new Date(input.due_at),
    assigned_to: assignee,
    lead_id: input.lead_id ?? null,
    deal_id: input.deal_id ?? null,
    done: false,
    done_at: null,
    notes: input.notes ?? '',
    overdue_notified_at: null,
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.collection<TFollowUpRecord>('follow_ups').insertOne(record);
  await trackFollowUpLevels(ctx, [], [record]);
  const subject = record.lead_id ? { kind: 'lead' as const, id: record.lead_id } : record.deal_id ? { kind: 'deal' as const, id: record.deal_id } : null;
  if (subject) {
    await recordActivity(ctx, {
      subject,
      type: 'follow_up',
      summary: `Follow-up: ${record.title} (due ${formatZonedTime(record.due_at, ctx.tenant.timezone)})`,
      data: { follow_up_id: record._id, due_at: record.due_at.toISOString(), assigned_to: assignee },
      at: now,
    });
  }
  const [presented] = await presentFollowUps(ctx, [record]);
  if (!presented) throw new Error('presentFollowUps dropped a record');
  return presented;
}
