import type { z } from 'zod';
import { normalizeEmail, normalizePhone, searchText, type TNormalized } from '../contact/normalize-contact.ts';
import type { TFieldError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import type { TBuyBox, ZCreateBuyerRequest } from './buyer.schemas.ts';
import type { TBuyerRecord } from './buyer-record.ts';

export type TBuyerInput = z.output<typeof ZCreateBuyerRequest>;

const EMPTY_BUY_BOX: TBuyBox = {
  property_types: [],
  price_min: null,
  price_max: null,
  locations: { cities: [], states: [], zips: [] },
  criteria: { strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '' },
};

/**
 * A new buyer record from validated input: phone to E.164, email lower case, buy box
 * locations normalised (see `normalizeBuyBox`). Returns every field problem at once, so
 * the API answers with all of them and the CSV import reports them per row.
 */
export function buildBuyerRecord(
  input: TBuyerInput,
  meta: { tenantId: string; createdBy: string; now: Date },
): { record: TBuyerRecord; errors?: undefined } | { record?: undefined; errors: TFieldError[] } {
  const errors: TFieldError[] = [];
  const contact = normalizeBuyerContact(input, errors);
  if (errors.length > 0) return { errors };
  const firstName = input.first_name.trim();
  const lastName = input.last_name?.trim() ?? '';
  const record: TBuyerRecord = {
    _id: newId('by', meta.now),
    tenant_id: meta.tenantId,
    first_name: firstName,
    last_name: lastName,
    full_name: [firstName, lastName].filter(Boolean).join(' '),
    company: input.company?.trim() ?? '',
    phone: contact.phone ?? null,
    email: contact.email ?? null,
    buy_box: normalizeBuyBox(input.buy_box ?? EMPTY_BUY_BOX),
    tags: [...new Set(input.tags ?? [])],
    notes: input.notes ?? '',
    status: input.status,
    last_activity_at: null,
    search_text: '',
    created_by: meta.createdBy,
    created_at: meta.now,
    updated_at: meta.now,
  };
  record.search_text = buyerSearchText(record);
  return { record };
}

/** Normalised phone/email of (partial) buyer input; problems are pushed to `errors`. An empty string clears the field. */
export function normalizeBuyerContact(input: { phone?: string | undefined; email?: string | undefined }, errors: TFieldError[]): { phone?: string | null; email?: string | null } {
  const result: { phone?: string | null; email?: string | null } = {};
  if (input.phone !== undefined) {
    const phone: TNormalized<string | null> = input.phone.trim() ? normalizePhone(input.phone) : { value: null };
    if (phone.error !== undefined) errors.push({ location: 'body', field: 'phone', detail: phone.error });
    else result.phone = phone.value;
  }
  if (input.email !== undefined) {
    const email: TNormalized<string | null> = input.email.trim() ? normalizeEmail(input.email) : { value: null };
    if (email.error !== undefined) errors.push({ location: 'body', field: 'email', detail: email.error });
    else result.email = email.value;
  }
  return result;
}

/** Title-cased cities and distinct values everywhere, so filters and matching compare like with like. */
export function normalizeBuyBox(box: TBuyBox): TBuyBox {
  return {
    ...box,
    property_types: [...new Set(box.property_types)],
    locations: {
      cities: [...new Set(box.locations.cities.map(normalizeCity).filter(Boolean))],
      states: [...new Set(box.locations.states)],
      zips: [...new Set(box.locations.zips)],
    },
    criteria: { ...box.criteria, strategies: [...new Set(box.criteria.strategies)] },
  };
}

/** `  san   antonio ` → `San Antonio`: the form cities are stored, filtered and matched in. */
export const normalizeCity = (city: string): string =>
  city
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/(^|[\s-])\p{L}/gu, (letter) => letter.toUpperCase());

export function buyerSearchText(buyer: Pick<TBuyerRecord, 'full_name' | 'company' | 'email' | 'phone'>): string {
  return searchText([buyer.full_name, buyer.company, buyer.email], [buyer.phone]);
}
