import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import { formatAddress, searchText } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { calculateMao } from '../mao/calculate-mao.ts';
import type { TDeal } from './deal.schemas.ts';
import { DEAL_TRANSITIONS } from './deal.constants.ts';
import type { TDealRecord } from './deal-record.ts';

type TBuyerSummary = NonNullable<TDeal['buyer']>;

/** "4512 Oak Hollow Dr, Austin", or the seller's name for a deal without an address. */
export const dealTitle = (deal: Pick<TDealRecord, 'property' | 'seller_name'>): string =>
  deal.property.address ? `${deal.property.address.line1}, ${deal.property.address.city}` : deal.seller_name || 'Deal';

/** Lower-case seller, address and title words: what search and `q` match by substring. */
export const dealSearchText = (deal: Pick<TDealRecord, 'property' | 'seller_name'>): string => searchText([deal.seller_name, formatAddress(deal.property.address)]);

const iso = (date: Date | null) => date?.toISOString() ?? null;
const isoDay = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;

/** A deal as the API shows it: dates as ISO strings, the assigned buyer, what it can move to, and its MAO. */
export function toDeal(deal: TDealRecord, buyer: TBuyerSummary | null, maoFactor: number): TDeal {
  const projectedFee = deal.asking_price - deal.contract_price;
  const { arv, repairs, desired_fee, factor, mao, explanation } = calculateMao({ arv: deal.arv, repairs: deal.repair_estimate, desired_fee: Math.max(0, projectedFee), factor: maoFactor });
  return {
    id: deal._id,
    lead_id: deal.lead_id,
    title: dealTitle(deal),
    property: deal.property,
    seller_name: deal.seller_name,
    contract_price: deal.contract_price,
    arv: deal.arv,
    repair_estimate: deal.repair_estimate,
    asking_price: deal.asking_price,
    projected_fee: projectedFee,
    assignment_fee: deal.assignment_fee,
    buyer_id: deal.buyer_id,
    status: deal.status,
    status_history: deal.status_history.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
    closing_date: isoDay(deal.closing_date),
    marketing_started_at: iso(deal.marketing_started_at),
    assigned_at: iso(deal.assigned_at),
    closed_at: iso(deal.closed_at),
    cancel_reason: deal.cancel_reason,
    notes: deal.notes,
    acquired_by: deal.acquired_by,
    buyer,
    next_statuses: [...DEAL_TRANSITIONS[deal.status]],
    mao: { arv, repairs, desired_fee, factor, mao, explanation },
    created_at: deal.created_at.toISOString(),
    updated_at: deal.updated_at.toISOString(),
  };
}

/** Deals with their buyers, in one lookup for the whole page. */
export async function presentDeals(ctx: TServiceContext, deals: TDealRecord[]): Promise<TDeal[]> {
  const buyerIds = [...new Set(deals.map((deal) => deal.buyer_id).filter((id): id is string => Boolean(id)))];
  const buyers = buyerIds.length
    ? await ctx.db.collection<TBuyerRecord>('buyers').find({ _id: { $in: buyerIds } }, { projection: { _id: 1, full_name: 1, company: 1, phone: 1, email: 1 } }).toArray()
    : [];
  const byId = new Map(buyers.map((buyer) => [buyer._id, { id: buyer._id, full_name: buyer.full_name, company: buyer.company, phone: buyer.phone, email: buyer.email }]));
  return deals.map((deal) => toDeal(deal, deal.buyer_id ? (byId.get(deal.buyer_id) ?? null) : null, ctx.tenant.settings.mao_factor));
}
