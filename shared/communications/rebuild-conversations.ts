import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TDatabase } from '../ports/document-store.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { bindTenant } from '../tenancy/tenant-database.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';

const PREVIEW_LENGTH = 160;

/**
 * Recomputes a tenant's inbox rows from its messages: for data written without the sending
 * path (the demo seed, imports) or to repair them. Replaces every row of the tenant.
 */
export async function rebuildConversations(db: TDatabase, tenantId: string, now: Date): Promise<number> {
  const tenantDb = bindTenant(db, tenantId);
  const messages = await tenantDb.collection<TCommunicationRecord>('communications').find({ status: { $nin: ['scheduled', 'canceled'] } }, { sort: { created_at: 1, _id: 1 } }).toArray();
  const leads = new Map((await tenantDb.collection<TLeadRecord>('leads').find({}, { projection: { _id: 1, full_name: 1, phone: 1, assigned_to: 1 } }).toArray()).map((lead) => [lead._id, lead]));
  const buyers = new Map((await tenantDb.collection<TBuyerRecord>('buyers').find({}, { projection: { _id: 1, full_name: 1, phone: 1 } }).toArray()).map((buyer) => [buyer._id, buyer]));
  const rows = new Map<string, TConversationRecord>();
  for (const message of messages) {
    const lead = message.lead_id ? leads.get(message.lead_id) : undefined;
    const buyer = !lead && message.buyer_id ? buyers.get(message.buyer_id) : undefined;
    const contact = lead ?? buyer;
    if (!contact) continue;
    const id = conversationId(contact._id);
    const inbound = message.direction === 'inbound';
    const row: TConversationRecord = rows.get(id) ?? {
      _id: id,
      tenant_id: tenantId,
      contact_kind: lead ? 'lead' : 'buyer',
      contact_id: contact._id,
      name: contact.full_name,
      name_lc: contact.full_name.toLowerCase(),
      phone: contact.phone,
      assigned_to: lead?.assigned_to ?? null,
      tenant_number: null,
      channels: [],
      last_message: { id: '', channel: 'sms', direction: 'outbound', preview: '', status: '', at: message.created_at },
      last_at: message.created_at,
      last_inbound_at: null,
      unread_count: 0,
      message_count: 0,
      created_at: now,
      updated_at: now,
    };
    const text = message.channel === 'call' ? (inbound ? (message.missed || message.status === 'no_answer' ? 'Missed call' : 'Call') : 'Call') : message.channel === 'email' ? (message.subject ?? message.body) : message.body;
    row.last_message = { id: message._id, channel: message.channel, direction: message.direction, preview: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text, status: message.status, at: message.created_at };
    row.last_at = message.created_at;
    if (!row.channels.includes(message.channel)) row.channels.push(message.channel);
    if (message.channel !== 'email') row.tenant_number = inbound ? message.to : message.from;
    if (inbound) row.last_inbound_at = message.created_at;
    if (inbound && !message.read) row.unread_count += 1;
    row.message_count += 1;
    rows.set(id, row);
  }
  const conversations = tenantDb.collection<TConversationRecord>('conversations');
  await conversations.deleteMany({});
  if (rows.size > 0) await conversations.insertMany([...rows.values()]);
  return rows.size;
}
