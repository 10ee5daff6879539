import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import { formatAddress } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { dealTitle } from '../follow-ups/present-follow-ups.ts';
import { leadVisibilityFilter } from '../leads/lead-access.ts';
import { label } from '../leads/lead.constants.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TFilter } from '../ports/document-store.ts';
import { queryWords, searchTokenFilter } from './search-tokens.ts';
import type { TSearchQuery, TSearchResult } from './search.schemas.ts';

const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = (amount: number) => `$${WHOLE_DOLLARS.format(amount)}`;
const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The header's search: leads, buyers and deals whose name, phone, email or address match every
 * word of `q`, the most recently updated first, a few per kind, leads limited to what the caller
 * may see. Leads (up to millions) use the prefix-token index; buyers and deals (hundreds to a
 * few thousand per tenant) match their `search_text` by substring.
 */
export async function searchEverything(ctx: TServiceContext, query: TSearchQuery): Promise<{ items: TSearchResult[] }> {
  const words = queryWords(query.q);
  if (words.length === 0) return { items: [] };
  const kinds = query.kinds?.length ? query.kinds : ['lead', 'buyer', 'deal'];
  const options = { sort: { updated_at: -1 as const }, limit: query.limit };
  const bySubstring: TFilter = { $and: words.map((word) => ({ search_text: { $regex: escapeRegex(word) } })) };

  const [leads, buyers, deals] = await Promise.all([
    kinds.includes('lead')
      ? ctx.db
          .collection<TLeadRecord>('leads')
          .find({ ...leadVisibilityFilter(ctx.principal), ...searchTokenFilter(query.q) }, { ...options, projection: { full_name: 1, address: 1, status: 1, phone: 1, updated_at: 1 } })
          .toArray()
      : [],
    kinds.includes('buyer') ? ctx.db.collection<TBuyerRecord>('buyers').find(bySubstring, { ...options, projection: { full_name: 1, company: 1, phone: 1, email: 1, status: 1, updated_at: 1 } }).toArray() : [],
    kinds.includes('deal')
      ? ctx.db.collection<TDealRecord>('deals').find(bySubstring, { ...options, projection: { property: 1, seller_name: 1, status: 1, asking_price: 1, updated_at: 1 } }).toArray()
      : [],
  ]);
  return {
    items: [
      ...leads.map((lead): TSearchResult => ({
        kind: 'lead',
        id: lead._id,
        title: lead.full_name,
        subtitle: [formatAddress(lead.address) || lead.phone, label(lead.status)].filter(Boolean).join(' · '),
        href: `/leads/detail?id=${lead._id}`,
      })),
      ...buyers.map((buyer): TSearchResult => ({
        kind: 'buyer',
        id: buyer._id,
        title: buyer.company ? `${buyer.full_name} (${buyer.company})` : buyer.full_name,
        subtitle: [buyer.phone ?? buyer.email, buyer.status === 'active' ? 'Buyer' : 'Inactive buyer'].filter(Boolean).join(' · '),
        href: `/buyers/detail?id=${buyer._id}`,
      })),
      ...deals.map((deal): TSearchResult => ({
        kind: 'deal',
        id: deal._id,
        title: dealTitle(deal),
        subtitle: [deal.seller_name, `${label(deal.status)} · asking ${money(deal.asking_price)}`].filter(Boolean).join(' · '),
        href: `/deals/detail?id=${deal._id}`,
      })),
    ],
  };
}
