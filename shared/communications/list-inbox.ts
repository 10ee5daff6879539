import type { TServiceContext } from '../context/service-context.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TConversation, TInboxQuery } from './communication.schemas.ts';
import { conversationVisibilityFilter } from './communication-access.ts';
import type { TConversationRecord } from './conversation-record.ts';

const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The unified inbox: one row per lead or buyer, most recent conversation first, filtered. */
export async function listInbox(ctx: TServiceContext, query: TInboxQuery): Promise<TPage<TConversation>> {
  const filter: TFilter = { ...conversationVisibilityFilter(ctx.principal) };
  if (query.contact_kind) filter.contact_kind = query.contact_kind;
  if (query.unread) filter.unread_count = { $gt: 0 };
  if (query.channel) filter.channels = query.channel;
  if (query.assigned === 'me') filter.assigned_to = ctx.principal.uid;
  if (query.assigned === 'unassigned') filter.assigned_to = null;
  if (query.q) filter.name_lc = { $regex: `^${escapeRegex(query.q.toLowerCase())}` };
  const page = await findPage(ctx.db.collection<TConversationRecord>('conversations'), filter, { sortField: 'last_at', direction: -1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(toConversation), nextCursor: page.nextCursor };
}

/** Unread totals for the navigation badge and the inbox tabs. */
export async function countInbox(ctx: TServiceContext): Promise<{ unread_conversations: number; unread_messages: number; by_kind: { lead: number; buyer: number } }> {
  const groups = await ctx.db
    .collection<TConversationRecord>('conversations')
    .aggregate<{ _id: 'lead' | 'buyer'; conversations: number; messages: number }>([
      { $match: { ...conversationVisibilityFilter(ctx.principal), unread_count: { $gt: 0 } } },
      { $group: { _id: '$contact_kind', conversations: { $sum: 1 }, messages: { $sum: '$unread_count' } } },
    ])
    .toArray();
  const of = (kind: 'lead' | 'buyer') => groups.find((group) => group._id === kind);
  return {
    unread_conversations: groups.reduce((sum, group) => sum + group.conversations, 0),
    unread_messages: groups.reduce((sum, group) => sum + group.messages, 0),
    by_kind: { lead: of('lead')?.conversations ?? 0, buyer: of('buyer')?.conversations ?? 0 },
  };
}

export const toConversation = (record: TConversationRecord): TConversation => ({
  contact: { kind: record.contact_kind, id: record.contact_id, name: record.name, phone: record.phone },
  assigned_to: record.assigned_to,
  tenant_number: record.tenant_number,
  channels: record.channels,
  last_message: { ...record.last_message, at: record.last_message.at.toISOString() },
  last_at: record.last_at.toISOString(),
  unread_count: record.unread_count,
  message_count: record.message_count,
});
