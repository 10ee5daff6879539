import { recordActivity } from '../activities/record-activity.ts';
import { trackDealLevels } from '../analytics/levels/track-levels.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid } from '../errors/app-error.ts';
import { changeLeadStatus } from '../leads/change-lead-status.ts';
import { label, type TLeadStatus } from '../leads/lead.constants.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import { DEAL_TRANSITIONS, type TDealStatus } from './deal.constants.ts';
import type { TChangeDealStatusRequest, TDeal } from './deal.schemas.ts';
import type { TDealRecord, TDealStatusChange } from './deal-record.ts';
import { dealTitle, presentDeals } from './deal-view.ts';
import { findVisibleDeal } from './find-visible-deal.ts';
import { publishDealStatus } from './publish-deal-status.ts';

/** Where the lead goes when its deal moves (undefined: it stays). */
const LEAD_STATUS_FOR: Partial<Record<TDealStatus, TLeadStatus>> = { closed: 'closed', cancelled: 'qualified' };

const money = (amount: number) => `$${amount.toLocaleString('en-US')}`;

/**
 * Moves a deal along `marketing → assigned (buyer, fee) → closed`, back to marketing when an
 * assignment falls through, or to `cancelled` (and from there back to marketing). Checks the
 * move (DEAL_TRANSITIONS, 409 with the allowed moves), the buyer for an assignment, and
 * writes with a compare-and-swap on the status so concurrent moves cannot both apply.
 * Then the lead follows (closed → `closed`, cancelled → `qualified`, reopened → back
 * `under_contract`) through changeLeadStatus; if the lead refuses, the deal is put back.
 * Timelines of the deal, its lead and the buyer get an entry; `deal_status_changed` is published.
 */
export async function changeDealStatus(ctx: TServiceContext, dealId: string, input: TChangeDealStatusRequest): Promise<TDeal> {
  const deal = await findVisibleDeal(ctx, dealId);
  const from = deal.status;
  const to = input.status;
  if (from === to) return (await presentDeals(ctx, [deal]))[0] as TDeal;
  if (!DEAL_TRANSITIONS[from].includes(to)) {
    const allowed = DEAL_TRANSITIONS[from];
    throw new AppError('conflict', `A ${label(from).toLowerCase()} deal cannot move to ${label(to).toLowerCase()}${allowed.length ? `; it can go to ${allowed.map((status) => label(status).toLowerCase()).join(' or ')}` : ''}`, {
      extensions: { from, to, allowed },
    });
  }

  const now = ctx.ports.clock.now();
  const entry: TDealStatusChange = { from, to, at: now, by: ctx.principal.uid };
  const set: Partial<TDealRecord> = { status: to, updated_at: now };
  const unsetBuyer = { buyer_id: null, assignment_fee: null, assigned_at: null };
  let buyer: TBuyerRecord | null = null;
  let reason: string | undefined;

  switch (input.status) {
    case 'assigned': {
      buyer = await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: input.buyer_id });
      if (!buyer) throw invalid('buyer_id', 'No such buyer');
      if (buyer.status !== 'active') throw invalid('buyer_id', `${buyer.full_name} is inactive; reactivate them first`);
      Object.assign(set, { buyer_id: buyer._id, assignment_fee: input.assignment_fee, assigned_at: now });
      entry.buyer_id = buyer._id;
      break;
    }
    case 'closed': {
      const closedAt = input.closed_at ? new Date(`${input.closed_at}T00:00:00.000Z`) : now;
      if (closedAt.getTime() > now.getTime() + 86_400_000) throw invalid('closed_at', 'The closing date cannot be in the future');
      Object.assign(set, { closed_at: closedAt, open_lead_id: null });
      if (deal.buyer_id) entry.buyer_id = deal.buyer_id;
      break;
    }
    case 'cancelled': {
      reason = input.reason;
      Object.assign(set, { cancel_reason: input.reason, open_lead_id: null, ...unsetBuyer });
      entry.reason = input.reason;
      if (deal.buyer_id) entry.buyer_id = deal.buyer_id;
      break;
    }
    case 'marketing': {
      // Back from assigned (the buyer fell through) or reopened after a cancellation.
      Object.assign(set, { ...unsetBuyer, cancel_reason: null, open_lead_id: deal.lead_id, ...(from === 'cancelled' ? { marketing_started_at: now, closed_at: null } : {}) });
      if (deal.buyer_id) entry.buyer_id = deal.buyer_id;
      break;
    }
  }

  const deals = ctx.db.collection<TDealRecord>('deals');
  // The deal as this write found it, so the tracked pipeline value moves by exactly this change.
  let before: TDealRecord | null;
  try {
    before = await deals.findOneAndUpdate({ _id: deal._id, status: from }, { $set: set, $push: { status_history: entry } }, { returnDocument: 'before' });
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('conflict', 'The lead already has another open deal; cancel that one first');
    throw error;
  }
  if (!before) throw new AppError('conflict', 'The deal changed while you were moving it; reload it and try again');
  const updated: TDealRecord = { ...before, ...set, status_history: [...before.status_history, entry] };

  const leadStatus = from === 'cancelled' ? 'under_contract' : LEAD_STATUS_FOR[to];
  if (leadStatus) {
    try {
      await changeLeadStatus(ctx, deal.lead_id, { status: leadStatus, ...(reason ? { reason: `Deal cancelled: ${reason}` } : {}) });
    } catch (error) {
      const { _id: _id, tenant_id: _tenant, ...previous } = deal;
      await deals.updateOne({ _id: deal._id, status: to }, { $set: previous });
      throw error;
    }
  }

  await trackDealLevels(ctx, before, updated);
  await recordTimelines(ctx, deal, updated, entry, buyer);
  await publishDealStatus(ctx, updated, from, reason);
  return (await presentDeals(ctx, [updated]))[0] as TDeal;
}

async function recordTimelines(ctx: TServiceContext, before: TDealRecord, after: TDealRecord, entry: TDealStatusChange, assignedBuyer: TBuyerRecord | null): Promise<void> {
  const title = dealTitle(after);
  const summary = {
    assigned: `Assigned to ${assignedBuyer?.full_name ?? 'a buyer'} for a ${money(after.assignment_fee ?? 0)} fee`,
    closed: `Closed${before.assignment_fee ? `: ${money(before.assignment_fee)} assignment fee` : ''}`,
    cancelled: `Cancelled: ${entry.reason ?? ''}`,
    marketing: before.status === 'cancelled' ? 'Reopened and back on the market' : 'Assignment fell through; back on the market',
  }[after.status];
  const data = { from: entry.from, to: entry.to, ...(entry.buyer_id ? { buyer_id: entry.buyer_id } : {}), ...(entry.reason ? { reason: entry.reason } : {}) };
  await recordActivity(ctx, { subject: { kind: 'deal', id: after._id }, type: 'status_changed', summary, data, at: entry.at });
  await recordActivity(ctx, { subject: { kind: 'lead', id: after.lead_id }, type: 'deal', summary: `Deal ${title}: ${summary}`, data: { deal_id: after._id, ...data }, at: entry.at });
  if (entry.buyer_id) {
    const buyerSummary = {
      assigned: `Assigned ${title} for a ${money(after.assignment_fee ?? 0)} fee`,
      closed: `Bought ${title}`,
      cancelled: `Deal ${title} was cancelled while assigned to them`,
      marketing: `Assignment of ${title} fell through`,
    }[after.status];
    await recordActivity(ctx, { subject: { kind: 'buyer', id: entry.buyer_id }, type: 'deal', summary: buyerSummary, data: { deal_id: after._id, ...data }, at: entry.at });
    // Deal activity counts as buyer activity for matching (recent buyers rank higher).
    await ctx.db.collection<TBuyerRecord>('buyers').updateOne({ _id: entry.buyer_id }, { $max: { last_activity_at: entry.at } });
  }
}
