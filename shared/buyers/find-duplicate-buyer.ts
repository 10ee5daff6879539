import type { TServiceContext } from '../context/service-context.ts';
import type { TBuyerRecord } from './buyer-record.ts';

/** The first other buyer sharing this buyer's phone or email (both normalised), if any. */
export async function findDuplicateBuyer(
  ctx: TServiceContext,
  buyer: Pick<TBuyerRecord, '_id' | 'phone' | 'email'>,
): Promise<{ record: TBuyerRecord; field: 'phone' | 'email' } | null> {
  const buyers = ctx.db.collection<TBuyerRecord>('buyers');
  for (const field of ['phone', 'email'] as const) {
    const value = buyer[field];
    if (!value) continue;
    const found = await buyers.findOne({ [field]: value, _id: { $ne: buyer._id } });
    if (found) return { record: found, field };
  }
  return null;
}
