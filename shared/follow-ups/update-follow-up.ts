import { recordActivity } from '../activities/record-activity.ts';
import { trackFollowUpLevels } from '../analytics/levels/track-levels.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { assertFollowUpAssignee, findEditableFollowUp } from './follow-up-access.ts';
import type { TFollowUp, TUpdateFollowUpRequest } from './follow-up.schemas.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';
import { presentFollowUps } from './present-follow-ups.ts';

/**
 * Edits, reassigns (admins), completes or reopens a follow-up. Moving the due time into the
 * future re-arms the overdue notification; completing one on a lead or deal writes its timeline.
 */
export async function updateFollowUp(ctx: TServiceContext, followUpId: string, input: TUpdateFollowUpRequest): Promise<TFollowUp> {
  const current = await findEditableFollowUp(ctx, followUpId);
  const now = ctx.ports.clock.now();
  const set: Partial<TFollowUpRecord> = { updated_at: now };
  if (input.title !== undefined) set.title = input.title;
  if (input.notes !== undefined) set.notes = input.notes;
  if (input.assigned_to !== undefined && input.assigned_to !== current.assigned_to) set.assigned_to = await assertFollowUpAssignee(ctx, input.assigned_to);
  if (input.due_at !== undefined) {
    set.due_at = new Date(input.due_at);
    if (set.due_at.getTime() > now.getTime()) set.overdue_notified_at = null;
  }
  if (input.done !== undefined && input.done !== current.done) {
    set.done = input.done;
    set.done_at = input.done ? now : null;
  }
  // The follow-up as this write found it, so the tracked overdue count moves by exactly this change.
  const before = await ctx.db.collection<TFollowUpRecord>('follow_ups').findOneAndUpdate({ _id: current._id }, { $set: set }, { returnDocument: 'before' });
  if (!before) throw notFound('Follow-up');
  const updated: TFollowUpRecord = { ...before, ...set };
  await trackFollowUpLevels(ctx, [before], [updated]);

  const subject = updated.lead_id ? { kind: 'lead' as const, id: updated.lead_id } : updated.deal_id ? { kind: 'deal' as const, id: updated.deal_id } : null;
  if (subject && set.done !== undefined) {
    await recordActivity(ctx, {
      subject,
      type: 'follow_up',
      summary: set.done ? `Follow-up done: ${updated.title}` : `Follow-up reopened: ${updated.title}`,
      data: { follow_up_id: updated._id, done: set.done },
      at: now,
    });
  }
  const [presented] = await presentFollowUps(ctx, [updated]);
  if (!presented) throw notFound('Follow-up');
  return presented;
}
