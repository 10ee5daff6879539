import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { TBuyerRecord } from './buyer-record.ts';

/**
 * Deletes a buyer and their timeline. A buyer who holds or held a deal stays (revenue and
 * buyer history depend on them): 409, with the advice to mark them inactive instead.
 */
export async function deleteBuyer(ctx: TServiceContext, buyerId: string): Promise<void> {
  const buyers = ctx.db.collection<TBuyerRecord>('buyers');
  if (!(await buyers.findOne({ _id: buyerId }, { projection: { _id: 1 } }))) throw notFound('Buyer');
  const deals = ctx.db.collection<TDealRecord>('deals');
  const onDeal = (await deals.findOne({ buyer_id: buyerId }, { projection: { _id: 1 } })) ?? (await deals.findOne({ 'status_history.buyer_id': buyerId }, { projection: { _id: 1 } }));
  if (onDeal) {
    throw new AppError('conflict', 'This buyer is or was assigned to a deal; mark them inactive instead of deleting them', { extensions: { deal_id: onDeal._id } });
  }
  await buyers.deleteOne({ _id: buyerId });
  await ctx.db.collection<TActivityRecord>('activities').deleteMany({ 'subject.kind': 'buyer', 'subject.id': buyerId });
}
