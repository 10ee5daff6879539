import { explainMatch } from '../ai/rules/explain-match.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { findVisibleDeal } from '../deals/find-visible-deal.ts';
import { notFound } from '../errors/app-error.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { loadMatchPool, type TPoolBuyer } from './load-match-pool.ts';
import type { TBuyerMatches, TMatchBuyersQuery } from './match.schemas.ts';
import { compareMatches, matchScore, scoreBuyerMatch, type TMatchProperty } from './score-buyer-match.ts';

/**
 * Buyers for a lead's property, best first. The price is the lead's estimated value, or the
 * asking price of its open deal when it has one (that is what buyers will be asked to pay).
 */
export async function matchBuyersForLead(ctx: TServiceContext, leadId: string, query: TMatchBuyersQuery): Promise<TBuyerMatches> {
  const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: leadId }, { projection: { _id: 1, assigned_to: 1, property_type: 1, estimated_value: 1, address: 1 } });
  // Acquisition reps see their own and unassigned leads only; anything else is "not found" to them.
  if (!lead || (ctx.principal.role === 'acquisition_rep' && lead.assigned_to !== null && lead.assigned_to !== ctx.principal.uid)) throw notFound('Lead');
  const deal = await ctx.db.collection<TDealRecord>('deals').findOne({ open_lead_id: leadId }, { projection: { asking_price: 1, repair_estimate: 1 } });
  const property: TMatchProperty = {
    property_type: lead.property_type,
    price: deal?.asking_price ?? lead.estimated_value,
    address: lead.address,
    repair_estimate: deal?.repair_estimate ?? null,
  };
  return rankBuyers(ctx, property, deal ? 'asking_price' : lead.estimated_value === null ? 'none' : 'estimated_value', query);
}

/** Buyers for a deal, priced at its asking price. */
export async function matchBuyersForDeal(ctx: TServiceContext, dealId: string, query: TMatchBuyersQuery): Promise<TBuyerMatches> {
  const deal = await findVisibleDeal(ctx, dealId);
  const property: TMatchProperty = {
    property_type: deal.property.property_type,
    price: deal.asking_price,
    address: deal.property.address,
    repair_estimate: deal.repair_estimate,
  };
  return rankBuyers(ctx, property, 'asking_price', query);
}

async function rankBuyers(ctx: TServiceContext, property: TMatchProperty, priceSource: TBuyerMatches['property']['price_source'], query: TMatchBuyersQuery): Promise<TBuyerMatches> {
  const pool = await loadMatchPool(ctx);
  const now = ctx.ports.clock.now();
  // Points for everyone, sentences only for the buyers on the page.
  const scored: { id: string; score: number; buyer: TPoolBuyer['match']; entry: TPoolBuyer }[] = [];
  for (const entry of pool) {
    const score = matchScore(property, entry.match, now);
    if (score >= query.min_score) scored.push({ id: entry.id, score, buyer: entry.match, entry });
  }
  scored.sort(compareMatches);
  return {
    property: {
      property_type: property.property_type,
      price: property.price,
      price_source: priceSource,
      address: property.address ? { city: property.address.city, state: property.address.state, zip: property.address.zip } : null,
      repair_estimate: property.repair_estimate,
    },
    items: scored.slice(0, query.limit).map(({ entry }) => {
      const { score, reasons } = scoreBuyerMatch(property, entry.match, now);
      return {
        buyer: {
          id: entry.id,
          full_name: entry.full_name,
          company: entry.company,
          phone: entry.phone,
          email: entry.email,
          tags: entry.tags,
          last_activity_at: entry.match.last_activity_at?.toISOString() ?? null,
        },
        score,
        reasons,
        explanation: explainMatch(score, reasons),
      };
    }),
    considered: pool.length,
    matched: scored.length,
  };
}
