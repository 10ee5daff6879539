import type { TServiceContext } from '../context/service-context.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TLeadRecord } from './lead-record.ts';

export type TDuplicateMatch = { lead: TLeadRecord; matchedOn: ('phone' | 'email' | 'address')[] };

/**
 * The tenant's existing lead (any assignee) that shares a normalised phone (main or other),
 * email or property address key with `candidate`, or null. One indexed lookup per key; the
 * first lead found wins and every key it matches is reported.
 */
export async function findDuplicateLead(
  ctx: TServiceContext,
  candidate: Pick<TLeadRecord, 'phone' | 'other_phones' | 'email' | 'address_key'>,
  excludeId?: string,
): Promise<TDuplicateMatch | null> {
  const leads = ctx.db.collection<TLeadRecord>('leads');
  const phones = [candidate.phone, ...candidate.other_phones].filter((phone): phone is string => Boolean(phone));
  const notSelf = excludeId ? { _id: { $ne: excludeId } } : {};
  const lookups: TFilter[] = [
    ...(phones.length > 0 ? [{ phone: { $in: phones } }, { other_phones: { $in: phones } }] : []),
    ...(candidate.email ? [{ email: candidate.email }] : []),
    ...(candidate.address_key ? [{ address_key: candidate.address_key }] : []),
  ];
  for (const filter of lookups) {
    const lead = await leads.findOne({ ...filter, ...notSelf });
    if (lead) return { lead, matchedOn: matchedKeys(candidate, phones, lead) };
  }
  return null;
}

function matchedKeys(candidate: Pick<TLeadRecord, 'email' | 'address_key'>, phones: string[], lead: TLeadRecord): TDuplicateMatch['matchedOn'] {
  const keys: TDuplicateMatch['matchedOn'] = [];
  const theirs = new Set([lead.phone, ...lead.other_phones]);
  if (phones.some((phone) => theirs.has(phone))) keys.push('phone');
  if (candidate.email && lead.email === candidate.email) keys.push('email');
  if (candidate.address_key && lead.address_key === candidate.address_key) keys.push('address');
  return keys;
}
