import type { TFilter } from '../ports/document-store.ts';

/**
 * Prefix search without a text index. A record stores `search_tokens`: its words (name,
 * email and its local part, address words, city, ZIP) and phone digit forms, lower case,
 * deduplicated. A query word matches a record when some token starts with it, so "smi" finds
 * Smith and "512555" finds +15125550142. A multikey index on `(tenant_id, search_tokens)`
 * answers one word as an index range in both stores; further words are checked on the
 * candidates.
 */
export const MAX_QUERY_WORDS = 6;

const MIN_TOKEN_LENGTH = 1;
const NON_ASCII = /[\u0080-\uffff]/;
const MAX_TOKEN_LENGTH = 60;

/** Words of free text: lower case, accents dropped, split on anything that is not a letter, digit, @ or . inside an email. */
export function textWords(value: string): string[] {
  // Plain ASCII (most names and addresses) has no accents to drop: skip the Unicode normalisation.
  const plain = NON_ASCII.test(value) ? value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') : value;
  return plain
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= MIN_TOKEN_LENGTH);
}

/**
 * Digit forms of an E.164 phone that people type: the national number (a typed leading 1 is
 * dropped from the query instead), the 7-digit local number and the last 4.
 */
export function phoneTokens(phone: string): string[] {
  const national = phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  return [national, national.slice(-7), national.slice(-4)];
}

/** The tokens to store for a record's searchable fields. */
export function searchTokens(input: { text?: (string | null | undefined)[]; emails?: (string | null | undefined)[]; phones?: (string | null | undefined)[] }): string[] {
  const tokens = new Set<string>();
  for (const value of input.text ?? []) if (value) for (const word of textWords(value)) tokens.add(word);
  for (const email of input.emails ?? []) {
    if (!email) continue;
    const lower = email.toLowerCase();
    const [local = '', domain = ''] = lower.split('@');
    // The whole address, the words of its local part and the domain's name (not `com`).
    tokens.add(lower);
    for (const word of [...textWords(local), ...textWords(domain).slice(0, 1)]) tokens.add(word);
  }
  for (const phone of input.phones ?? []) if (phone) for (const token of phoneTokens(phone)) tokens.add(token);
  return [...tokens].filter((token) => token.length <= MAX_TOKEN_LENGTH).sort();
}

/** Query words of `q`: an email stays whole, a phone typed with punctuation becomes its digits. */
export function queryWords(q: string): string[] {
  const trimmed = q.trim().toLowerCase();
  if (/^\S+@\S*$/.test(trimmed)) return [trimmed];
  const digits = trimmed.replace(/[\s().+-]/g, '');
  if (/^\d{3,}$/.test(digits) && /^[\d\s().+-]+$/.test(trimmed)) return [digits.replace(/^1(?=\d{10}$)/, '')];
  const words = [...new Set(textWords(trimmed))];
  // The longest word narrows best; it goes first and becomes the index range.
  return words.sort((a, b) => b.length - a.length).slice(0, MAX_QUERY_WORDS);
}

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Filter for records whose `field` (default `search_tokens`) has a token starting with each
 * word of `q`; `undefined` when `q` has no words. An anchored regex is one predicate per token,
 * so both stores read the first (longest) word as a tight index range, [word, next word).
 */
export function searchTokenFilter(q: string, field = 'search_tokens'): TFilter | undefined {
  const words = queryWords(q);
  if (words.length === 0) return undefined;
  return { $and: words.map((word) => ({ [field]: { $regex: `^${escapeRegex(word)}` } })) };
}
