import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { findVisibleLead } from '../leads/lead-access.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TCommunication, TListCommunicationsQuery } from './communication.schemas.ts';
import { communicationVisibilityFilter } from './communication-access.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { toCommunication } from './to-communication.ts';

/**
 * Messages and calls, newest first (or oldest first for a chat view): a thread (`lead_id` or
 * `buyer_id`), a deal's messages (`deal_id`), a blast's (`blast_id`), or the call log
 * (`channel=call`, `missed=true`). A thread needs the contact to be visible to the caller;
 * the unscoped list shows reps only what they sent.
 */
export async function listCommunications(ctx: TServiceContext, query: TListCommunicationsQuery): Promise<TPage<TCommunication>> {
  const filter: TFilter = {};
  if (query.lead_id) {
    await findVisibleLead(ctx, query.lead_id);
    filter.lead_id = query.lead_id;
  }
  if (query.buyer_id) {
    if (ctx.principal.role === 'acquisition_rep' || !(await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: query.buyer_id }, { projection: { _id: 1 } }))) throw notFound('Buyer');
    filter.buyer_id = query.buyer_id;
  }
  if (!query.lead_id && !query.buyer_id) Object.assign(filter, communicationVisibilityFilter(ctx.principal));
  if (query.deal_id) filter.deal_id = query.deal_id;
  if (query.blast_id) filter.blast_id = query.blast_id;
  if (query.channel?.length) filter.channel = query.channel.length === 1 ? query.channel[0] : { $in: query.channel };
  if (query.direction) filter.direction = query.direction;
  if (query.status?.length) filter.status = query.status.length === 1 ? query.status[0] : { $in: query.status };
  if (query.missed) filter.missed = true;
  if (query.since || query.until) {
    filter.created_at = { ...(query.since ? { $gte: new Date(query.since) } : {}), ...(query.until ? { $lt: new Date(query.until) } : {}) };
  }
  const page = await findPage(ctx.db.collection<TCommunicationRecord>('communications'), filter, {
    sortField: 'created_at',
    direction: query.direction_order === 'asc' ? 1 : -1,
    limit: query.limit,
    cursor: query.cursor,
  });
  return { items: page.items.map(toCommunication), nextCursor: page.nextCursor };
}
