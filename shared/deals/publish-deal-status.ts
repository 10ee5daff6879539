import type { TServiceContext } from '../context/service-context.ts';
import type { TDealStatus } from './deal.constants.ts';
import type { TDealRecord } from './deal-record.ts';

/** `deal_status_changed`, after the write: what automations and notifications need without reading the deal. */
export async function publishDealStatus(ctx: TServiceContext, deal: TDealRecord, from: TDealStatus | null, reason?: string): Promise<void> {
  await ctx.events.publish({
    type: 'deal_status_changed',
    actor: ctx.principal.uid,
    subject: { kind: 'deal', id: deal._id },
    data: {
      from,
      to: deal.status,
      lead_id: deal.lead_id,
      buyer_id: deal.buyer_id,
      asking_price: deal.asking_price,
      contract_price: deal.contract_price,
      assignment_fee: deal.assignment_fee,
      acquired_by: deal.acquired_by,
      reason: reason ?? null,
    },
  });
}
