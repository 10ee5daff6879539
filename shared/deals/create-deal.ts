import { recordActivity } from '../activities/record-activity.ts';
import { trackDealLevels } from '../analytics/levels/track-levels.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { changeLeadStatus } from '../leads/change-lead-status.ts';
import { findVisibleLead } from '../leads/lead-access.ts';
import { label, type TLeadStatus } from '../leads/lead.constants.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import type { TCreateDealInput, TDeal } from './deal.schemas.ts';
import type { TDealRecord } from './deal-record.ts';
import { dealSearchText, dealTitle, presentDeals } from './deal-view.ts';
import { publishDealStatus } from './publish-deal-status.ts';

/**
 * Lead statuses a deal can start from. `qualified` is the normal path; `contacted` is accepted
 * too, because a seller sometimes signs on the first real conversation and making the rep click
 * "qualified" first adds nothing. The lead's history then shows contacted → under contract.
 */
export const DEAL_READY_LEAD_STATUSES: readonly TLeadStatus[] = ['qualified', 'contacted'];

const NOT_READY: Partial<Record<TLeadStatus, string>> = {
  new: 'Contact and qualify the lead before putting it under contract',
  under_contract: 'This lead is already under contract',
  closed: "This lead's deal has already closed",
  lost: 'This lead is lost; an admin can reopen it first',
};

/**
 * Puts a lead under contract: creates its deal in `marketing` with the contract figures,
 * moves the lead to `under_contract` (through changeLeadStatus: history, timeline, event),
 * writes both timelines and publishes `deal_status_changed` (from null to marketing).
 * One open deal per lead is guaranteed by a unique index, so two clicks cannot create two.
 * If the lead cannot move, the deal is removed again and the lead's answer is returned.
 */
export async function createDeal(ctx: TServiceContext, input: TCreateDealInput): Promise<TDeal> {
  const lead = await findVisibleLead(ctx, input.lead_id).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'not_found') throw new AppError('not_found', 'Lead not found', { fieldErrors: [{ location: 'body', field: 'lead_id', detail: 'No such lead' }] });
    throw error;
  });
  const deals = ctx.db.collection<TDealRecord>('deals');
  const open = await deals.findOne({ open_lead_id: lead._id }, { projection: { _id: 1 } });
  if (open) throw new AppError('conflict', 'This lead already has an open deal', { extensions: { existing_deal_id: open._id } });
  if (!DEAL_READY_LEAD_STATUSES.includes(lead.status)) {
    throw new AppError('conflict', NOT_READY[lead.status] ?? `A ${label(lead.status).toLowerCase()} lead cannot go under contract`, { extensions: { lead_status: lead.status } });
  }

  const now = ctx.ports.clock.now();
  const deal: TDealRecord = {
    _id: newId('dl', now),
    tenant_id: ctx.tenant._id,
    lead_id: lead._id,
    property: { address: lead.address, property_type: lead.property_type },
    seller_name: lead.full_name,
    contract_price: input.contract_price,
    arv: input.arv,
    repair_estimate: input.repair_estimate ?? 0,
    asking_price: input.asking_price,
    assignment_fee: null,
    buyer_id: null,
    status: 'marketing',
    open_lead_id: lead._id,
    status_history: [{ from: null, to: 'marketing', at: now, by: ctx.principal.uid }],
    closing_date: input.closing_date ? new Date(`${input.closing_date}T00:00:00.000Z`) : null,
    marketing_started_at: now,
    assigned_at: null,
    closed_at: null,
    cancel_reason: null,
    notes: input.notes ?? '',
    acquired_by: lead.assigned_to ?? (ctx.principal.role === 'acquisition_rep' ? ctx.principal.uid : null),
    search_text: '',
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
  };
  deal.search_text = dealSearchText(deal);
  try {
    await deals.insertOne(deal);
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', 'This lead already has an open deal');
    throw error;
  }
  try {
    await changeLeadStatus(ctx, lead._id, { status: 'under_contract' });
  } catch (error) {
    await deals.deleteOne({ _id: deal._id });
    throw error;
  }
  await trackDealLevels(ctx, null, deal);

  const money = (amount: number) => `$${amount.toLocaleString('en-US')}`;
  await recordActivity(ctx, {
    subject: { kind: 'deal', id: deal._id },
    type: 'created',
    summary: `Under contract at ${money(deal.contract_price)}, marketing at ${money(deal.asking_price)}`,
    data: { lead_id: lead._id, contract_price: deal.contract_price, asking_price: deal.asking_price, arv: deal.arv },
    at: now,
  });
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'deal',
    summary: `Deal created: ${dealTitle(deal)} under contract at ${money(deal.contract_price)}`,
    data: { deal_id: deal._id },
    at: now,
  });
  await publishDealStatus(ctx, deal, null);
  const [view] = await presentDeals(ctx, [deal]);
  return view as TDeal;
}
