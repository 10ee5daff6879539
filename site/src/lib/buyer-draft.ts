import type { TBuyer } from '../../../shared/buyers/buyer.schemas.ts';
import { parseMoney, phone as formatPhone } from './format.ts';

/*
 * The buyer form's state and the request bodies made from it (`POST /api/buyers`,
 * `PATCH /api/buyers/:id`). Lists are typed comma-separated; the buy box is sent whole when
 * any part of it changed (the API replaces lists whole). Pure, so the rules are unit-tested.
 */

/** Everything the buyer form holds, as inputs give it. */
export interface TBuyerDraft {
  first_name: string;
  last_name: string;
  company: string;
  phone: string;
  email: string;
  status: 'active' | 'inactive';
  tags: string;
  notes: string;
  property_types: string[];
  price_min: string;
  price_max: string;
  cities: string;
  states: string;
  zips: string;
  strategies: string[];
  financing: string;
  max_repairs: string;
  min_bedrooms: string;
  criteria_notes: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
const amount = (value: string) => parseMoney(value) ?? null;
const whole = (value: string) => (value.trim() === '' ? null : Number(value));

export function buyerDraft(buyer: TBuyer | null): TBuyerDraft {
  const box = buyer?.buy_box;
  return {
    first_name: buyer?.first_name ?? '',
    last_name: buyer?.last_name ?? '',
    company: buyer?.company ?? '',
    phone: buyer?.phone ? formatPhone(buyer.phone) : '',
    email: buyer?.email ?? '',
    status: buyer?.status ?? 'active',
    tags: buyer?.tags.join(', ') ?? '',
    notes: buyer?.notes ?? '',
    property_types: box ? [...box.property_types] : [],
    price_min: box?.price_min != null ? String(box.price_min) : '',
    price_max: box?.price_max != null ? String(box.price_max) : '',
    cities: box?.locations.cities.join(', ') ?? '',
    states: box?.locations.states.join(', ') ?? 'TX',
    zips: box?.locations.zips.join(', ') ?? '',
    strategies: box ? [...box.criteria.strategies] : [],
    financing: box?.criteria.financing ?? 'cash',
    max_repairs: box?.criteria.max_repairs != null ? String(box.criteria.max_repairs) : '',
    min_bedrooms: box?.criteria.min_bedrooms != null ? String(box.criteria.min_bedrooms) : '',
    criteria_notes: box?.criteria.notes ?? '',
  };
}

/** The buy box as the API takes it (a whole box: every part given). */
export function buyBoxBody(draft: TBuyerDraft) {
  return {
    property_types: draft.property_types,
    price_min: amount(draft.price_min),
    price_max: amount(draft.price_max),
    locations: { cities: list(draft.cities), states: list(draft.states).map((state) => state.toUpperCase()), zips: list(draft.zips) },
    criteria: { strategies: draft.strategies, financing: draft.financing, max_repairs: amount(draft.max_repairs), min_bedrooms: whole(draft.min_bedrooms), notes: draft.criteria_notes.trim() },
  };
}

/** `POST /api/buyers`: blanks left out, the buy box always given. */
export function createBuyerBody(draft: TBuyerDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { first_name: draft.first_name.trim(), status: draft.status, buy_box: buyBoxBody(draft) };
  if (draft.last_name.trim()) body.last_name = draft.last_name.trim();
  if (draft.company.trim()) body.company = draft.company.trim();
  if (draft.phone.trim()) body.phone = draft.phone.trim();
  if (draft.email.trim()) body.email = draft.email.trim();
  if (list(draft.tags).length > 0) body.tags = list(draft.tags);
  if (draft.notes.trim()) body.notes = draft.notes.trim();
  return body;
}

/** `PATCH /api/buyers/:id`: the fields that changed (emptied text as ''), the buy box whole if any part changed. */
export function updateBuyerBody(before: TBuyerDraft, after: TBuyerDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of ['first_name', 'last_name', 'company', 'phone', 'email', 'notes'] as const) if (after[key].trim() !== before[key].trim()) body[key] = after[key].trim();
  if (after.status !== before.status) body.status = after.status;
  if (JSON.stringify(list(after.tags)) !== JSON.stringify(list(before.tags))) body.tags = list(after.tags);
  if (JSON.stringify(buyBoxBody(after)) !== JSON.stringify(buyBoxBody(before))) body.buy_box = buyBoxBody(after);
  return body;
}
