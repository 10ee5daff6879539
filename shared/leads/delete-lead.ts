import type { TActivityRecord } from '../activities/activity-record.ts';
import { trackFollowUpLevels } from '../analytics/levels/track-levels.ts';
import type { TCommunicationRecord } from '../communications/communication-record.ts';
import { conversationId, type TConversationRecord } from '../communications/conversation-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { TFollowUpRecord } from '../follow-ups/follow-up-record.ts';
import type { TLeadRecord } from './lead-record.ts';

/**
 * Admins delete a lead with what only it uses: its follow-ups and timeline. A lead with a deal
 * (in any status) is refused with `conflict`: the deal's money and history depend on it — mark
 * the lead lost instead. Messages and calls stay (they were really sent; opt-outs are kept) and
 * lose their link to the lead. The lead goes first, so nothing new attaches to it meanwhile.
 */
export async function deleteLead(ctx: TServiceContext, leadId: string): Promise<void> {
  if (ctx.principal.role !== 'admin') throw new AppError('forbidden', 'Only admins can delete leads');
  const leads = ctx.db.collection<TLeadRecord>('leads');
  const lead = await leads.findOne({ _id: leadId });
  if (!lead) throw notFound('Lead');
  const deal = await ctx.db.collection<TDealRecord>('deals').findOne({ lead_id: leadId });
  if (deal) {
    throw new AppError('conflict', 'This lead has a deal, so it cannot be deleted; mark it lost instead', { extensions: { deal_id: deal._id } });
  }
  const { deletedCount } = await leads.deleteOne({ _id: leadId });
  if (deletedCount === 0) throw notFound('Lead');
  const followUps = ctx.db.collection<TFollowUpRecord>('follow_ups');
  const removed = await followUps.find({ lead_id: leadId }).toArray();
  await followUps.deleteMany({ lead_id: leadId });
  await trackFollowUpLevels(ctx, removed, []);
  await ctx.db.collection<TActivityRecord>('activities').deleteMany({ 'subject.id': leadId });
  await ctx.db.collection<TCommunicationRecord>('communications').updateMany({ lead_id: leadId }, { $set: { lead_id: null } });
  await ctx.db.collection<TConversationRecord>('conversations').deleteOne({ _id: conversationId(leadId) });
  ctx.log.info({ lead_id: leadId, uid: ctx.principal.uid }, 'Lead deleted');
}
