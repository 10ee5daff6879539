import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { findVisibleLead } from '../leads/lead-access.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';

/** Marks a contact's inbound messages and missed calls read and clears the inbox row's unread count. */
export async function markThreadRead(ctx: TServiceContext, contact: { lead_id: string } | { buyer_id: string }): Promise<{ marked: number }> {
  let contactId: string;
  if ('lead_id' in contact) {
    contactId = (await findVisibleLead(ctx, contact.lead_id))._id;
  } else {
    if (ctx.principal.role === 'acquisition_rep') throw notFound('Buyer');
    contactId = contact.buyer_id;
  }
  const field = 'lead_id' in contact ? 'lead_id' : 'buyer_id';
  const result = await ctx.db.collection<TCommunicationRecord>('communications').updateMany({ [field]: contactId, read: false }, { $set: { read: true } });
  await ctx.db.collection<TConversationRecord>('conversations').updateOne({ _id: conversationId(contactId) }, { $set: { unread_count: 0 } });
  return { marked: result.modifiedCount };
}
