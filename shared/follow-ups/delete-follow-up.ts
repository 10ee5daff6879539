import { trackFollowUpLevels } from '../analytics/levels/track-levels.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { findEditableFollowUp } from './follow-up-access.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';

/** Removes a follow-up (its assignee, creator or an admin); its timeline line stays as history. */
export async function deleteFollowUp(ctx: TServiceContext, followUpId: string): Promise<void> {
  const record = await findEditableFollowUp(ctx, followUpId);
  const { deletedCount } = await ctx.db.collection<TFollowUpRecord>('follow_ups').deleteOne({ _id: record._id });
  if (deletedCount === 0) throw notFound('Follow-up');
  await trackFollowUpLevels(ctx, [record], []);
}
