import type { TBuyBox } from '../../../shared/buyers/buyer.schemas.ts';
import { compactMoney, label } from './format.ts';

/** `$80K–$250K`, `Up to $250K`, `From $80K`, `Any price`. */
export function priceRange(box: Pick<TBuyBox, 'price_min' | 'price_max'>): string {
  if (box.price_min !== null && box.price_max !== null) return `${compactMoney(box.price_min)}–${compactMoney(box.price_max)}`;
  if (box.price_max !== null) return `Up to ${compactMoney(box.price_max)}`;
  if (box.price_min !== null) return `From ${compactMoney(box.price_min)}`;
  return 'Any price';
}

/** `Austin, San Antonio, TX +3 ZIPs`, or `Anywhere`. */
export function areas(box: Pick<TBuyBox, 'locations'>): string {
  const { cities, states, zips } = box.locations;
  const parts = [...cities, ...states];
  if (zips.length > 0) parts.push(`${zips.length} ZIP${zips.length === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'Anywhere';
}

/** `Single family, Condo`, or `Any type`. */
export const propertyTypes = (box: Pick<TBuyBox, 'property_types'>): string => (box.property_types.length > 0 ? box.property_types.map(label).join(', ') : 'Any type');
