import type { TServiceContext } from '../../context/service-context.ts';
import { notFound } from '../../errors/app-error.ts';
import type { TSpend, TPutSpendRequest } from './marketing-spend.schemas.ts';
import { spendId, type TMarketingSpendRecord } from './marketing-spend-record.ts';

const toSpend = (record: TMarketingSpendRecord): TSpend => ({
  id: record._id,
  source: record.source,
  month: record.month,
  amount: record.amount,
  notes: record.notes,
  updated_at: record.updated_at.toISOString(),
});

const spendCollection = (ctx: TServiceContext) => ctx.db.collection<TMarketingSpendRecord>('marketing_spend');

/** Spend entries, newest month first, optionally between two months (both included). */
export async function listMarketingSpend(ctx: TServiceContext, range: { from?: string | undefined; to?: string | undefined } = {}): Promise<{ items: TSpend[] }> {
  const month: Record<string, string> = {};
  if (range.from) month.$gte = range.from;
  if (range.to) month.$lte = range.to;
  const records = await spendCollection(ctx)
    .find(Object.keys(month).length ? { month } : {}, { sort: { month: -1, source: 1 } })
    .toArray();
  return { items: records.map(toSpend) };
}

/** Sets the spend of a source for a month (the same source and month again replaces it). */
export async function putMarketingSpend(ctx: TServiceContext, input: TPutSpendRequest): Promise<TSpend> {
  const now = ctx.ports.clock.now();
  const _id = spendId(ctx.tenant._id, input.source, input.month);
  const record = await spendCollection(ctx).findOneAndUpdate(
    { _id },
    {
      $set: { source: input.source, month: input.month, amount: Math.round(input.amount * 100) / 100, notes: input.notes ?? '', updated_by: ctx.principal.uid, updated_at: now },
      $setOnInsert: { created_at: now },
    },
    { upsert: true, returnDocument: 'after' },
  );
  if (!record) throw new Error('The spend upsert returned nothing');
  return toSpend(record);
}

export async function deleteMarketingSpend(ctx: TServiceContext, id: string): Promise<void> {
  const { deletedCount } = await spendCollection(ctx).deleteOne({ _id: id });
  if (deletedCount === 0) throw notFound('Spend entry');
}
