import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { invalid, notFound } from '../errors/app-error.ts';
import { describeOffer } from './describe-offer.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TLead, ZUpdateOfferRequest } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toLead } from './to-lead.ts';
import type { z } from 'zod';

/** Records the seller's answer to an offer (accepted, rejected, countered at an amount) or corrects it. */
export async function updateLeadOffer(ctx: TServiceContext, leadId: string, offerId: string, input: z.output<typeof ZUpdateOfferRequest>): Promise<TLead> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  const current = lead.offers.find((offer) => offer.id === offerId);
  if (!current) throw notFound('Offer');
  const status = input.status ?? current.status;
  const counter = input.counter_amount !== undefined ? input.counter_amount : current.counter_amount;
  if (status === 'countered' && counter === null) throw invalid('counter_amount', 'A countered offer needs the counter amount');
  const next: TLeadRecord['offers'][number] = {
    ...current,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.offered_at ? { offered_at: new Date(input.offered_at) } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    status,
    counter_amount: status === 'countered' ? counter : null,
  };
  const now = ctx.ports.clock.now();
  const updated = await ctx.db
    .collection<TLeadRecord>('leads')
    .findOneAndUpdate({ _id: lead._id, 'offers.id': offerId }, { $set: { 'offers.$': next, updated_at: now } }, { returnDocument: 'after' });
  if (!updated) throw notFound('Offer');
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'offer',
    summary: describeOffer(next, current),
    data: { offer_id: offerId, amount: next.amount, status: next.status, counter_amount: next.counter_amount, previous_status: current.status },
    at: now,
  });
  return toLead(updated);
}
