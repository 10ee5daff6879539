import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TDealRecord } from './deal-record.ts';

/**
 * A deal the caller may see, or 404. Acquisition reps see the deals on leads they acquired
 * (their own pipeline and commission); every other role sees all of the tenant's deals.
 */
export async function findVisibleDeal(ctx: TServiceContext, dealId: string): Promise<TDealRecord> {
  const deal = await ctx.db.collection<TDealRecord>('deals').findOne({ _id: dealId });
  if (!deal || !canSeeDeal(ctx, deal)) throw notFound('Deal');
  return deal;
}

export const canSeeDeal = (ctx: TServiceContext, deal: Pick<TDealRecord, 'acquired_by'>): boolean =>
  ctx.principal.role !== 'acquisition_rep' || deal.acquired_by === ctx.principal.uid;
