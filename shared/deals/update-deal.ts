import { recordActivity } from '../activities/record-activity.ts';
import { trackDealLevels } from '../analytics/levels/track-levels.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import type { TDeal, TUpdateDealRequest } from './deal.schemas.ts';
import type { TDealRecord } from './deal-record.ts';
import { presentDeals } from './deal-view.ts';
import { findVisibleDeal } from './find-visible-deal.ts';

const FIGURES = ['contract_price', 'arv', 'repair_estimate', 'asking_price'] as const;
const LABELS: Record<string, string> = { contract_price: 'Contract price', arv: 'ARV', repair_estimate: 'Repairs', asking_price: 'Asking price', closing_date: 'Closing date', notes: 'Notes' };

/**
 * Changes a deal's figures (contract price, ARV, repairs, asking price), closing date or
 * notes. Figures are frozen once the deal is closed or cancelled (notes stay editable); the
 * asking price may not drop below the contract price. Each change is a timeline entry.
 */
export async function updateDeal(ctx: TServiceContext, dealId: string, input: TUpdateDealRequest): Promise<TDeal> {
  const deal = await findVisibleDeal(ctx, dealId);
  const changesFigures = Object.keys(input).some((key) => key !== 'notes');
  if (changesFigures && (deal.status === 'closed' || deal.status === 'cancelled')) {
    throw new AppError('conflict', `A ${deal.status} deal keeps its figures; only notes can change`);
  }
  const next = {
    contract_price: input.contract_price ?? deal.contract_price,
    asking_price: input.asking_price ?? deal.asking_price,
  };
  if (next.asking_price < next.contract_price) throw invalid(input.asking_price !== undefined ? 'asking_price' : 'contract_price', 'The asking price is below the contract price');

  const set: Partial<TDealRecord> = { updated_at: ctx.ports.clock.now() };
  const changes: string[] = [];
  for (const field of FIGURES) {
    const value = input[field];
    if (value === undefined || value === deal[field]) continue;
    set[field] = value;
    changes.push(`${LABELS[field]} $${deal[field].toLocaleString('en-US')} → $${value.toLocaleString('en-US')}`);
  }
  if (input.closing_date !== undefined) {
    const closing = input.closing_date === null ? null : new Date(`${input.closing_date}T00:00:00.000Z`);
    if (closing?.getTime() !== deal.closing_date?.getTime()) {
      set.closing_date = closing;
      changes.push(`Closing date ${input.closing_date ?? 'cleared'}`);
    }
  }
  if (input.notes !== undefined && input.notes !== deal.notes) {
    set.notes = input.notes;
    changes.push('Notes edited');
  }
  if (changes.length === 0) return (await presentDeals(ctx, [deal]))[0] as TDeal;

  // The deal as this write found it, so the tracked pipeline value moves by exactly this change.
  const before = await ctx.db.collection<TDealRecord>('deals').findOneAndUpdate({ _id: deal._id }, { $set: set }, { returnDocument: 'before' });
  if (!before) throw notFound('Deal');
  const updated: TDealRecord = { ...before, ...set };
  await trackDealLevels(ctx, before, updated);
  await recordActivity(ctx, { subject: { kind: 'deal', id: deal._id }, type: 'updated', summary: changes.join('; '), data: { fields: Object.keys(input) }, at: set.updated_at });
  return (await presentDeals(ctx, [updated]))[0] as TDeal;
}
