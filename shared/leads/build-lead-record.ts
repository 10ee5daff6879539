import { addressKey, formatAddress, normalizeAddress, normalizeEmail, normalizePhone, searchText, type TNormalized } from '../contact/normalize-contact.ts';
import type { TFieldError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { searchTokens } from '../search/search-tokens.ts';
import type { TAddress } from '../schemas/address.ts';
import type { TLeadRecord } from './lead-record.ts';
import type { ZCreateLeadRequest } from './lead.schemas.ts';
import type { z } from 'zod';

export type TLeadInput = z.output<typeof ZCreateLeadRequest>;

/**
 * Builds a new lead record from validated input: normalises contact fields and derives
 * the dedupe and search fields. Returns every field problem at once (the API answers 400
 * with all of them; the CSV import reports them per row) instead of the first.
 */
export function buildLeadRecord(
  input: TLeadInput,
  meta: { tenantId: string; createdBy: string; now: Date },
): { record: TLeadRecord; errors?: undefined } | { record?: undefined; errors: TFieldError[] } {
  const errors: TFieldError[] = [];
  const contact = normalizeLeadContact(input, errors);
  if (errors.length > 0) return { errors };

  const firstName = input.first_name.trim();
  const lastName = input.last_name?.trim() ?? '';
  const fullName = [firstName, lastName].filter(Boolean).join(' ');
  const record: TLeadRecord = {
    _id: newId('ld', meta.now),
    tenant_id: meta.tenantId,
    first_name: firstName,
    last_name: lastName,
    full_name: fullName,
    phone: contact.phone ?? null,
    other_phones: contact.otherPhones ?? [],
    email: contact.email ?? null,
    address: contact.address ?? null,
    mailing_address: contact.mailingAddress ?? null,
    address_key: addressKey(contact.address ?? null),
    property_type: input.property_type ?? null,
    estimated_value: input.estimated_value ?? null,
    source: input.source,
    status: 'new',
    lost_reason: null,
    status_history: [{ from: null, to: 'new', at: meta.now, by: meta.createdBy }],
    assigned_to: input.assigned_to ?? null,
    tags: [...new Set(input.tags ?? [])],
    auto_tags: [],
    notes: input.notes ?? '',
    lead_score: null,
    ai_summary: null,
    appointments: [],
    offers: [],
    last_contacted: null,
    first_contacted_at: null,
    communication_count: 0,
    search_text: '',
    search_tokens: [],
    created_by: meta.createdBy,
    created_at: meta.now,
    updated_at: meta.now,
  };
  record.search_text = leadSearchText(record);
  record.search_tokens = leadSearchTokens(record);
  return { record };
}

/** Normalised phone/email/addresses of (partial) lead input; problems are pushed to `errors`. */
export function normalizeLeadContact(
  input: Partial<Pick<TLeadInput, 'phone' | 'other_phones' | 'email' | 'address' | 'mailing_address'>>,
  errors: TFieldError[],
): { phone?: string | null; otherPhones?: string[]; email?: string | null; address?: TAddress | null; mailingAddress?: TAddress | null } {
  const result: ReturnType<typeof normalizeLeadContact> = {};
  const fail = (field: string, detail: string) => errors.push({ location: 'body', field, detail });
  if (input.phone !== undefined) {
    const phone: TNormalized<string | null> = input.phone.trim() ? normalizePhone(input.phone) : { value: null };
    if (phone.error) fail('phone', phone.error);
    else result.phone = phone.value;
  }
  if (input.other_phones !== undefined) {
    result.otherPhones = [];
    input.other_phones.forEach((raw, index) => {
      const phone = normalizePhone(raw);
      if (phone.error !== undefined) fail(`other_phones.${index}`, phone.error);
      else if (phone.value !== result.phone && !result.otherPhones?.includes(phone.value)) result.otherPhones?.push(phone.value);
    });
  }
  if (input.email !== undefined) {
    const email: TNormalized<string | null> = input.email.trim() ? normalizeEmail(input.email) : { value: null };
    if (email.error) fail('email', email.error);
    else result.email = email.value;
  }
  for (const [field, key] of [['address', 'address'], ['mailing_address', 'mailingAddress']] as const) {
    const value = input[field];
    if (value === undefined) continue;
    const address = normalizeAddress(value);
    if (address.error) fail(field, address.error);
    else result[key] = address.value;
  }
  return result;
}

/** Tokens for `q`: name, email, property address and phones (shared/search/search-tokens.ts). */
export function leadSearchTokens(lead: Pick<TLeadRecord, 'full_name' | 'email' | 'address' | 'phone' | 'other_phones'>): string[] {
  const address = lead.address;
  return searchTokens({
    // Not the state: nearly every lead shares it, so it narrows nothing.
    text: [lead.full_name, address?.line1, address?.city, address?.zip],
    emails: [lead.email],
    phones: [lead.phone, ...lead.other_phones],
  });
}

export function leadSearchText(lead: Pick<TLeadRecord, 'full_name' | 'email' | 'address' | 'phone' | 'other_phones'>): string {
  return searchText([lead.full_name, lead.email, formatAddress(lead.address)], [lead.phone, ...lead.other_phones]);
}
