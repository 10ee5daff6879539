import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TBuyer } from './buyer.schemas.ts';
import { toBuyer, type TBuyerRecord } from './buyer-record.ts';
import { loadBuyerMetrics } from './load-buyer-metrics.ts';

/** One buyer with their metrics (deals bought, total invested, response time…), computed now. */
export async function getBuyer(ctx: TServiceContext, buyerId: string): Promise<TBuyer> {
  const record = await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: buyerId });
  if (!record) throw notFound('Buyer');
  const metrics = await loadBuyerMetrics(ctx, [record._id]);
  return toBuyer(record, metrics.get(record._id));
}
