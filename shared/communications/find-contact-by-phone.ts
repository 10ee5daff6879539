import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TCommunicationRecord } from './communication-record.ts';

/** How long a buyer's reply is taken as an answer to a deal blast. */
export const BLAST_REPLY_WINDOW_MS = 14 * 86_400_000;

export type TPhoneContact =
  | { kind: 'lead'; lead: TLeadRecord }
  | { kind: 'buyer'; buyer: TBuyerRecord; blast: Pick<TCommunicationRecord, '_id' | 'deal_id' | 'blast_id' | 'created_at'> | null }
  | null;

/**
 * Who a phone number (E.164) belongs to in the organisation. A number can be a seller's and a
 * buyer's at once: a buyer we sent a deal blast to in the last 14 days wins (they are
 * answering it), then the lead contacted most recently (main or other phone), then the buyer.
 * `leadFilter` narrows the leads considered (a rep's visibility).
 */
export async function findContactByPhone(ctx: TServiceContext, phone: string, leadFilter: TFilter = {}): Promise<TPhoneContact> {
  const leadsCollection = ctx.db.collection<TLeadRecord>('leads');
  // Two indexed lookups: an `$or` over two fields would scan every lead.
  const [buyer, byPhone, byOtherPhone] = await Promise.all([
    ctx.db.collection<TBuyerRecord>('buyers').findOne({ phone }, { sort: { last_activity_at: -1 } }),
    leadsCollection.find({ phone, ...leadFilter }, { limit: 20 }).toArray(),
    leadsCollection.find({ other_phones: phone, ...leadFilter }, { limit: 20 }).toArray(),
  ]);
  const leads = [...byPhone, ...byOtherPhone.filter((lead) => !byPhone.some((known) => known._id === lead._id))];
  if (buyer) {
    const since = new Date(ctx.ports.clock.now().getTime() - BLAST_REPLY_WINDOW_MS);
    const blast = await ctx.db
      .collection<TCommunicationRecord>('communications')
      .findOne({ buyer_id: buyer._id, direction: 'outbound', blast_id: { $type: 'string' }, created_at: { $gte: since } }, { sort: { created_at: -1 }, projection: { _id: 1, deal_id: 1, blast_id: 1, created_at: 1 } });
    if (blast || leads.length === 0) return { kind: 'buyer', buyer, blast };
  }
  const lead = leads.sort((a, b) => (b.last_contacted?.getTime() ?? 0) - (a.last_contacted?.getTime() ?? 0) || b.created_at.getTime() - a.created_at.getTime())[0];
  return lead ? { kind: 'lead', lead } : null;
}
