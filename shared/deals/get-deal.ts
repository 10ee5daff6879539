import type { TServiceContext } from '../context/service-context.ts';
import type { TDeal } from './deal.schemas.ts';
import { presentDeals } from './deal-view.ts';
import { findVisibleDeal } from './find-visible-deal.ts';

/** One deal with its buyer, next possible statuses and MAO. */
export async function getDeal(ctx: TServiceContext, dealId: string): Promise<TDeal> {
  return (await presentDeals(ctx, [await findVisibleDeal(ctx, dealId)]))[0] as TDeal;
}
