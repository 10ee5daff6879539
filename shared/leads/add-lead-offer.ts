import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TLead, ZOfferRequest } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toLead } from './to-lead.ts';
import { describeOffer } from './describe-offer.ts';
import type { z } from 'zod';

export const MAX_OFFERS = 50;

/** Records an offer made to the seller (typically from the MAO calculator) on the lead and its timeline. */
export async function addLeadOffer(ctx: TServiceContext, leadId: string, input: z.output<typeof ZOfferRequest>): Promise<TLead> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  if (lead.offers.length >= MAX_OFFERS) throw new AppError('conflict', `A lead keeps at most ${MAX_OFFERS} offers`);
  const now = ctx.ports.clock.now();
  const offer: TLeadRecord['offers'][number] = {
    id: newId('ofr', now),
    amount: input.amount,
    offered_at: input.offered_at ? new Date(input.offered_at) : now,
    status: input.status,
    counter_amount: input.status === 'countered' ? (input.counter_amount ?? null) : null,
    notes: input.notes ?? '',
  };
  const updated = await ctx.db.collection<TLeadRecord>('leads').findOneAndUpdate({ _id: lead._id }, { $push: { offers: offer }, $set: { updated_at: now } }, { returnDocument: 'after' });
  if (!updated) throw notFound('Lead');
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'offer',
    summary: describeOffer(offer, null),
    data: { offer_id: offer.id, amount: offer.amount, status: offer.status, counter_amount: offer.counter_amount },
    at: now,
  });
  return toLead(updated);
}
