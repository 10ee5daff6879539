import { describe, expect, it } from 'vitest';
import type { TBuyBox } from '../../shared/buyers/buyer.schemas.ts';
import { compareMatches, scoreBuyerMatch, type TMatchBuyer, type TMatchProperty } from '../../shared/matching/score-buyer-match.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

const box = (overrides: Partial<Omit<TBuyBox, 'locations' | 'criteria'>> & { locations?: Partial<TBuyBox['locations']>; criteria?: Partial<TBuyBox['criteria']> } = {}): TBuyBox => ({
  property_types: overrides.property_types ?? [],
  price_min: overrides.price_min ?? null,
  price_max: overrides.price_max ?? null,
  locations: { cities: [], states: [], zips: [], ...overrides.locations },
  criteria: { strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '', ...overrides.criteria },
});

const buyer = (buyBox: TBuyBox, facts: Partial<Omit<TMatchBuyer, 'buy_box'>> = {}): TMatchBuyer => ({
  buy_box: buyBox,
  last_activity_at: null,
  deals_bought: 0,
  deals_fell_through: 0,
  ...facts,
});

const austinHouse: TMatchProperty = {
  property_type: 'single_family',
  price: 200_000,
  address: { city: 'Austin', state: 'TX', zip: '78701' },
  repair_estimate: 30_000,
};

const reason = (property: TMatchProperty, subject: TMatchBuyer, factor: string) => scoreBuyerMatch(property, subject, NOW).reasons.find((entry) => entry.factor === factor);

describe('scoreBuyerMatch: property type (30)', () => {
  it.each([
    ['a listed type', box({ property_types: ['condo', 'single_family'] }), austinHouse, 30, 'Buys single family'],
    ['an unlisted type', box({ property_types: ['condo', 'land'] }), austinHouse, 0, 'Buys condo, land only'],
    ['no type preference', box(), austinHouse, 20, 'Open to any property type'],
    ['a property of unknown type', box({ property_types: ['condo'] }), { ...austinHouse, property_type: null }, 15, 'Property type unknown'],
  ])('%s gives %#', (_case, buyBox, property, points, detail) => {
    expect(reason(property, buyer(buyBox), 'property_type')).toEqual({ factor: 'property_type', points, max: 30, detail });
  });
});

describe('scoreBuyerMatch: price (25)', () => {
  it.each([
    ['inside the range', { price_min: 150_000, price_max: 250_000 }, 200_000, 25, '$200,000 is within $150,000–$250,000'],
    ['on the upper bound', { price_min: 150_000, price_max: 200_000 }, 200_000, 25, '$200,000 is within $150,000–$200,000'],
    ['under an open-ended maximum', { price_max: 300_000 }, 200_000, 25, '$200,000 is within any–$300,000'],
    ['5 % above the maximum', { price_max: 190_000 }, 200_000, 12, '$200,000 is 5% above the $190,000 maximum'],
    ['10 % below the minimum', { price_min: 222_222 }, 200_000, 12, '$200,000 is 10% below the $222,222 minimum'],
    ['far above the maximum', { price_max: 100_000 }, 200_000, 0, '$200,000 is 100% above the $100,000 maximum'],
    ['no range', {}, 200_000, 15, 'No price range set'],
    ['a property without a price', { price_max: 100_000 }, null, 10, 'No price to compare'],
  ])('%s gives %#', (_case, range, price, points, detail) => {
    expect(reason({ ...austinHouse, price }, buyer(box(range)), 'price')).toEqual({ factor: 'price', points, max: 25, detail });
  });
});

describe('scoreBuyerMatch: location (25)', () => {
  it.each<[string, Partial<TBuyBox['locations']>, number, string]>([
    ['the ZIP', { zips: ['78701'], cities: ['Dallas'] }, 25, 'Buys in ZIP 78701'],
    ['the city, in any case', { cities: ['Round Rock', 'AUSTIN'] }, 20, 'Buys in AUSTIN'],
    ['the state only', { cities: ['Dallas'], states: ['TX'] }, 10, 'Buys in TX'],
    ['somewhere else', { cities: ['Tulsa'], states: ['OK'] }, 0, 'Buys in Tulsa, OK, not Austin'],
    ['no location preference', {}, 10, 'No preferred locations'],
  ])('matching %s gives %#', (_case, locations, points, detail) => {
    expect(reason(austinHouse, buyer(box({ locations })), 'location')).toEqual({ factor: 'location', points, max: 25, detail });
  });

  it('gives little when the property has no address', () => {
    expect(reason({ ...austinHouse, address: null }, buyer(box({ locations: { states: ['TX'] } })), 'location')?.points).toBe(5);
  });

  it('compares the first five digits of a ZIP+4', () => {
    const property = { ...austinHouse, address: { city: 'Austin', state: 'TX', zip: '78701-1234' } };
    expect(reason(property, buyer(box({ locations: { zips: ['78701'] } })), 'location')?.points).toBe(25);
  });
});

describe('scoreBuyerMatch: recent activity (10) and reliability (10)', () => {
  it.each([
    [null, 0, 'No activity yet'],
    [daysAgo(0), 10, 'Active today'],
    [daysAgo(1), 10, 'Last active 1 day ago'],
    [daysAgo(30), 10, 'Last active 30 days ago'],
    [daysAgo(31), 6, 'Last active 31 days ago'],
    [daysAgo(120), 3, 'Last active 120 days ago'],
    [daysAgo(400), 0, 'Last active 400 days ago'],
  ])('last activity %s gives %i', (lastActivity, points, detail) => {
    expect(reason(austinHouse, buyer(box(), { last_activity_at: lastActivity }), 'activity')).toEqual({ factor: 'activity', points, max: 10, detail });
  });

  it.each([
    [0, 0, 2, 'No deals with us yet'],
    [1, 0, 6, 'Bought 1 deal'],
    [2, 2, 6, 'Bought 2 deals, 2 fell through'],
    [5, 0, 10, 'Bought 5 deals'],
    [0, 3, 0, 'Bought 0 deals, 3 fell through'],
  ])('%i bought and %i fallen through give %i', (bought, fell, points, detail) => {
    expect(reason(austinHouse, buyer(box(), { deals_bought: bought, deals_fell_through: fell }), 'reliability')).toEqual({ factor: 'reliability', points, max: 10, detail });
  });
});

describe('scoreBuyerMatch: totals', () => {
  it('gives 100 to a perfect, active and reliable buyer', () => {
    const perfect = buyer(box({ property_types: ['single_family'], price_min: 150_000, price_max: 250_000, locations: { zips: ['78701'] } }), {
      last_activity_at: daysAgo(3),
      deals_bought: 4,
    });
    expect(scoreBuyerMatch(austinHouse, perfect, NOW).score).toBe(100);
  });

  it('takes 10 points when repairs exceed the buyer limit, never going below zero', () => {
    const picky = buyer(box({ property_types: ['land'], price_max: 50_000, locations: { states: ['OK'] }, criteria: { max_repairs: 10_000 } }), { deals_fell_through: 1 });
    const result = scoreBuyerMatch(austinHouse, picky, NOW);
    expect(result.reasons.at(-1)).toEqual({ factor: 'repairs', points: -10, max: 0, detail: 'Repairs of $30,000 exceed their $10,000 limit' });
    expect(result.score).toBe(0);
  });

  it('is the sum of the reasons and the same on every call', () => {
    const subject = buyer(box({ property_types: ['single_family'], price_max: 190_000, locations: { cities: ['Austin'] } }), { last_activity_at: daysAgo(45), deals_bought: 1, deals_fell_through: 1 });
    const first = scoreBuyerMatch(austinHouse, subject, NOW);
    expect(first.score).toBe(30 + 12 + 20 + 6 + 4);
    expect(first.score).toBe(first.reasons.reduce((sum, entry) => sum + entry.points, 0));
    expect(scoreBuyerMatch(austinHouse, subject, NOW)).toEqual(first);
  });
});

describe('compareMatches', () => {
  it('orders by score, then deals bought, then recent activity, then id', () => {
    const entry = (id: string, score: number, bought: number, active: Date | null) => ({ id, score, buyer: { deals_bought: bought, last_activity_at: active } });
    const sorted = [
      entry('by_d', 80, 0, null),
      entry('by_c', 80, 0, null),
      entry('by_b', 80, 0, daysAgo(1)),
      entry('by_a', 80, 2, null),
      entry('by_e', 90, 0, null),
    ].sort(compareMatches);
    expect(sorted.map((item) => item.id)).toEqual(['by_e', 'by_a', 'by_b', 'by_c', 'by_d']);
  });
});
