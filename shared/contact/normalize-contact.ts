import parseAddressLib from 'parse-address';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { ZAddress, type TAddress } from '../schemas/address.ts';
import { createNanpPhoneCache } from './nanp-phone-cache.ts';

/**
 * Contact data normalised once, where it enters: phones to E.164, emails to lower case,
 * one-line US addresses to parts. Each returns `{value}` or `{error}` (a sentence for the
 * field) so callers (API, CSV import, inbound SMS) report problems the same way.
 */
export type TNormalized<T> = { value: T; error?: undefined } | { value?: undefined; error: string };

export function normalizePhone(input: string): TNormalized<string> {
  const known = nanpPhones.normalize(input);
  if (known !== undefined) return known === null ? { error: `"${input}" is not a valid phone number` } : { value: known };
  const parsed = parsePhoneNumberFromString(input.trim(), 'US');
  if (!parsed?.isValid()) return { error: `"${input}" is not a valid phone number` };
  return { value: parsed.number };
}

// Common US shapes skip the full parse (nanp-phone-cache.ts explains why that is exact).
const nanpPhones = createNanpPhoneCache((e164) => {
  const parsed = parsePhoneNumberFromString(e164, 'US');
  return parsed?.isValid() ? parsed.number : null;
});

const ZEmailValue = z.email();

export function normalizeEmail(input: string): TNormalized<string> {
  const email = input.trim().toLowerCase();
  return ZEmailValue.safeParse(email).success ? { value: email } : { error: `"${input}" is not a valid email address` };
}

/** `123 Main St, Austin, TX 78701` (commas optional) → structured parts; a structured address is re-validated. */
export function normalizeAddress(input: string | TAddress): TNormalized<TAddress> {
  if (typeof input !== 'string') {
    const parsed = ZAddress.safeParse(input);
    return parsed.success ? { value: parsed.data } : { error: parsed.error.issues[0]?.message ?? 'Invalid address' };
  }
  const parts = parseAddressLib.parseLocation(input.trim());
  const line1 = [parts?.number, parts?.prefix, parts?.street, parts?.type, parts?.suffix, parts?.sec_unit_type, parts?.sec_unit_num].filter(Boolean).join(' ');
  if (!parts || !line1 || !parts.city || !parts.state || !parts.zip) {
    return { error: `Could not read "${input}" as an address; use "123 Main St, Austin, TX 78701"` };
  }
  const structured = ZAddress.safeParse({ line1, city: titleCase(parts.city), state: parts.state, zip: parts.zip });
  return structured.success ? { value: structured.data } : { error: structured.error.issues[0]?.message ?? 'Invalid address' };
}

/** Dedupe key for a property: street line without punctuation, lower case, plus ZIP (`123 main st|78701`). */
export function addressKey(address: TAddress | null): string | null {
  if (!address) return null;
  const street = address.line1
    .toLowerCase()
    .replace(/[.,#]/g, ' ')
    .replace(/\b(street)\b/g, 'st')
    .replace(/\b(avenue)\b/g, 'ave')
    .replace(/\b(drive)\b/g, 'dr')
    .replace(/\b(road)\b/g, 'rd')
    .replace(/\b(lane)\b/g, 'ln')
    .replace(/\b(boulevard)\b/g, 'blvd')
    .replace(/\b(court)\b/g, 'ct')
    .replace(/\s+/g, ' ')
    .trim();
  return `${street}|${address.zip.slice(0, 5)}`;
}

export const formatAddress = (address: TAddress | null): string => (address ? `${address.line1}, ${address.city}, ${address.state} ${address.zip}` : '');

const titleCase = (value: string) => value.toLowerCase().replace(/\b\w/g, (letter) => letter.toUpperCase());

/** Lower-case text searched by `q`: names, phone digits (with and without country code), email, address. */
export function searchText(fields: (string | null | undefined)[], phones: (string | null | undefined)[] = []): string {
  const phoneForms = phones.filter((phone): phone is string => Boolean(phone)).flatMap((phone) => {
    const digits = phone.replace(/\D/g, '');
    return [digits, digits.replace(/^1(?=\d{10}$)/, '')];
  });
  return [...fields, ...phoneForms].filter(Boolean).join(' ').toLowerCase();
}
