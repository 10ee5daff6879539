import type { TBuyBox } from '../buyers/buyer.schemas.ts';
import { label, type TPropertyType } from '../leads/lead.constants.ts';

/** What is being sold: a lead's property at its estimated value, or a deal at its asking price. */
export interface TMatchProperty {
  property_type: TPropertyType | null;
  price: number | null;
  address: { city: string; state: string; zip: string } | null;
  repair_estimate: number | null;
}

/** What matching knows about a buyer: the buy box plus the facts reliability is judged on. */
export interface TMatchBuyer {
  buy_box: TBuyBox;
  last_activity_at: Date | null;
  /** Closed deals assigned to the buyer. */
  deals_bought: number;
  /** Assignments to the buyer that fell through. */
  deals_fell_through: number;
}

export const MATCH_FACTORS = ['property_type', 'price', 'location', 'activity', 'reliability', 'repairs'] as const;
export type TMatchFactor = (typeof MATCH_FACTORS)[number];

/** One line of the explanation: the points a factor gave out of its maximum, and why. */
export interface TMatchReason {
  factor: TMatchFactor;
  points: number;
  max: number;
  detail: string;
}

/**
 * Points per factor; they add up to 100. A buy box that says nothing about a factor gets
 * part of its points ("open to anything" is a weaker signal than an explicit match).
 */
export const MATCH_WEIGHTS = {
  property_type: { max: 30, open: 20, unknown: 15 },
  price: { max: 25, near: 12, open: 15, unknown: 10, nearShare: 0.1 },
  location: { zip: 25, city: 20, state: 10, open: 10, unknown: 5 },
  activity: { max: 10, steps: [[30, 10], [90, 6], [180, 3]] as const },
  reliability: { max: 10, perDeal: 2, dealCap: 3, ratio: 4, noHistory: 2 },
  repairs: { penalty: -10 },
} as const;

const DAY_MS = 86_400_000;

/** A factor's points, with its sentence written only when asked for (ranking 10k buyers needs the points alone). */
type TFactorScore = { factor: TMatchFactor; points: number; max: number; detail: () => string };

/**
 * Scores how well a property fits a buyer, 0–100, with a reason per factor: property
 * type (30), price within the buy box range (25, half when within 10 % of it), location
 * at ZIP (25), city (20) or state (10) level, recent activity (10) and reliability —
 * deals bought and the share that did not fall through (10). Repairs above the buyer's
 * limit cost 10. Pure and deterministic: the same inputs and `now` give the same answer.
 */
export function scoreBuyerMatch(property: TMatchProperty, buyer: TMatchBuyer, now: Date): { score: number; reasons: TMatchReason[] } {
  const factors = scoreFactors(property, buyer, now);
  return { score: total(factors), reasons: factors.map(({ factor, points, max, detail }) => ({ factor, points, max, detail: detail() })) };
}

/** The same score as `scoreBuyerMatch`, without writing the reasons. */
export function matchScore(property: TMatchProperty, buyer: TMatchBuyer, now: Date): number {
  return total(scoreFactors(property, buyer, now));
}

function scoreFactors(property: TMatchProperty, buyer: TMatchBuyer, now: Date): TFactorScore[] {
  const factors = [scoreType(property, buyer.buy_box), scorePrice(property, buyer.buy_box), scoreLocation(property, buyer.buy_box), scoreActivity(buyer, now), scoreReliability(buyer)];
  const repairs = scoreRepairs(property, buyer.buy_box);
  if (repairs) factors.push(repairs);
  return factors;
}

function total(factors: TFactorScore[]): number {
  let sum = 0;
  for (const factor of factors) sum += factor.points;
  return Math.max(0, Math.min(100, Math.round(sum)));
}

function scoreType(property: TMatchProperty, box: TBuyBox): TFactorScore {
  const { max, open, unknown } = MATCH_WEIGHTS.property_type;
  const reason = (points: number, detail: () => string): TFactorScore => ({ factor: 'property_type', points, max, detail });
  if (box.property_types.length === 0) return reason(open, () => 'Open to any property type');
  const type = property.property_type;
  if (!type) return reason(unknown, () => 'Property type unknown');
  if (box.property_types.includes(type)) return reason(max, () => `Buys ${label(type).toLowerCase()}`);
  return reason(0, () => `Buys ${box.property_types.map((wanted) => label(wanted).toLowerCase()).join(', ')} only`);
}

function scorePrice(property: TMatchProperty, box: TBuyBox): TFactorScore {
  const { max, near, open, unknown, nearShare } = MATCH_WEIGHTS.price;
  const reason = (points: number, detail: () => string): TFactorScore => ({ factor: 'price', points, max, detail });
  const { price_min: min, price_max: top } = box;
  if (min === null && top === null) return reason(open, () => 'No price range set');
  const price = property.price;
  if (price === null) return reason(unknown, () => 'No price to compare');
  const range = () => `${min === null ? 'any' : money(min)}–${top === null ? 'any' : money(top)}`;
  if ((min === null || price >= min) && (top === null || price <= top)) return reason(max, () => `${money(price)} is within ${range()}`);
  const below = min !== null && price < min;
  const bound = (below ? min : top) as number;
  const off = Math.abs(price - bound) / Math.max(bound, 1);
  return reason(off <= nearShare ? near : 0, () => `${money(price)} is ${Math.max(1, Math.round(off * 100))}% ${below ? 'below the' : 'above the'} ${money(bound)} ${below ? 'minimum' : 'maximum'}`);
}

function scoreLocation(property: TMatchProperty, box: TBuyBox): TFactorScore {
  const weights = MATCH_WEIGHTS.location;
  const reason = (points: number, detail: () => string): TFactorScore => ({ factor: 'location', points, max: weights.zip, detail });
  const { cities, states, zips } = box.locations;
  if (cities.length === 0 && states.length === 0 && zips.length === 0) return reason(weights.open, () => 'No preferred locations');
  const address = property.address;
  if (!address) return reason(weights.unknown, () => 'Property address unknown');
  const zip = address.zip.length > 5 ? address.zip.slice(0, 5) : address.zip;
  if (zips.includes(zip)) return reason(weights.zip, () => `Buys in ZIP ${zip}`);
  const city = address.city.trim().toLowerCase();
  const cityMatch = cities.find((candidate) => candidate.toLowerCase() === city);
  if (cityMatch) return reason(weights.city, () => `Buys in ${cityMatch}`);
  const state = address.state.toUpperCase();
  if ((states as readonly string[]).includes(state)) return reason(weights.state, () => `Buys in ${state}`);
  return reason(0, () => {
    const wanted = [...zips.slice(0, 3), ...cities.slice(0, 3), ...states.slice(0, 3)].join(', ');
    return `Buys in ${wanted}${zips.length + cities.length + states.length > 9 ? '…' : ''}, not ${address.city}`;
  });
}

function scoreActivity(buyer: TMatchBuyer, now: Date): TFactorScore {
  const { max, steps } = MATCH_WEIGHTS.activity;
  const active = buyer.last_activity_at;
  if (!active) return { factor: 'activity', points: 0, max, detail: () => 'No activity yet' };
  const days = Math.max(0, Math.floor((now.getTime() - active.getTime()) / DAY_MS));
  const points = steps.find(([within]) => days <= within)?.[1] ?? 0;
  return { factor: 'activity', points, max, detail: () => (days === 0 ? 'Active today' : `Last active ${days} day${days === 1 ? '' : 's'} ago`) };
}

function scoreReliability(buyer: TMatchBuyer): TFactorScore {
  const { max, perDeal, dealCap, ratio, noHistory } = MATCH_WEIGHTS.reliability;
  const bought = buyer.deals_bought;
  const fell = buyer.deals_fell_through;
  const history = bought + fell;
  const points = Math.min(bought, dealCap) * perDeal + (history === 0 ? noHistory : Math.round((ratio * bought) / history));
  return {
    factor: 'reliability',
    points: Math.min(max, points),
    max,
    detail: () => (history === 0 ? 'No deals with us yet' : `Bought ${bought} deal${bought === 1 ? '' : 's'}${fell > 0 ? `, ${fell} fell through` : ''}`),
  };
}

function scoreRepairs(property: TMatchProperty, box: TBuyBox): TFactorScore | undefined {
  const limit = box.criteria.max_repairs;
  const repairs = property.repair_estimate;
  if (limit === null || repairs === null || repairs <= limit) return undefined;
  return { factor: 'repairs', points: MATCH_WEIGHTS.repairs.penalty, max: 0, detail: () => `Repairs of ${money(repairs)} exceed their ${money(limit)} limit` };
}

/** `$245,000` (toLocaleString is slow enough to matter across thousands of buyers). */
const money = (value: number) => `$${String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

/** Best first: score, then deals bought, then most recently active, then id (so ties always break the same way). */
export function compareMatches(
  a: { score: number; id: string; buyer: Pick<TMatchBuyer, 'deals_bought' | 'last_activity_at'> },
  b: { score: number; id: string; buyer: Pick<TMatchBuyer, 'deals_bought' | 'last_activity_at'> },
): number {
  return (
    b.score - a.score ||
    b.buyer.deals_bought - a.buyer.deals_bought ||
    (b.buyer.last_activity_at?.getTime() ?? 0) - (a.buyer.last_activity_at?.getTime() ?? 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
