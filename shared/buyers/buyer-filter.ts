import type { TFilter } from '../ports/document-store.ts';
import { normalizeCity } from './build-buyer-record.ts';
import type { TListBuyersQuery } from './buyer.schemas.ts';

/** Escapes text for a literal `$regex` match: client text never becomes a pattern. */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The store filter for the buyers list and export (one builder, so both always agree).
 * Lists are any-of (`?tag=a,b` = tagged a or b); the price filter keeps buyers whose range
 * includes the price, an open end counting as included.
 */
export function buyerListFilter(query: Omit<TListBuyersQuery, 'cursor' | 'limit' | 'sort' | 'direction'>): TFilter {
  const filter: TFilter = {};
  const and: TFilter[] = [];
  if (query.status) filter.status = query.status;
  if (query.tag?.length) filter.tags = { $in: query.tag };
  if (query.property_type?.length) filter['buy_box.property_types'] = { $in: query.property_type };
  if (query.state?.length) filter['buy_box.locations.states'] = { $in: query.state };
  if (query.city) filter['buy_box.locations.cities'] = normalizeCity(query.city);
  if (query.zip) filter['buy_box.locations.zips'] = query.zip;
  if (query.price !== undefined) {
    and.push({ $or: [{ 'buy_box.price_min': null }, { 'buy_box.price_min': { $lte: query.price } }] });
    and.push({ $or: [{ 'buy_box.price_max': null }, { 'buy_box.price_max': { $gte: query.price } }] });
  }
  for (const word of searchWords(query.q)) and.push({ search_text: { $regex: escapeRegex(word) } });
  if (and.length > 0) filter.$and = and;
  return filter;
}

/** Lower-case words of `q`; a phone-like word loses its punctuation and country code, as `search_text` stores phones. */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => (/^[+\d()\-.]+$/.test(word) && /\d/.test(word) ? word.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '') : word))
    .filter(Boolean);
}
