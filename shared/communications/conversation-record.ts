/**
 * The inbox row of one contact (`conversations`, `_id` = `cv:<lead or buyer id>`): the last
 * message, unread count and what the inbox filters on, kept up to date by every message
 * recorded so the inbox is one indexed page instead of a grouping over all messages.
 */
export type TConversationRecord = {
  _id: string;
  tenant_id: string;
  contact_kind: 'lead' | 'buyer';
  contact_id: string;
  name: string;
  /** Lower-case name for the inbox's prefix search. */
  name_lc: string;
  phone: string | null;
  /** The lead's assignee (reps see their own and unassigned conversations); null for buyers. */
  assigned_to: string | null;
  /** Our number last used with this contact: replies go out from it (sticky sender). */
  tenant_number: string | null;
  channels: ('sms' | 'call' | 'email')[];
  last_message: { id: string; channel: 'sms' | 'call' | 'email'; direction: 'inbound' | 'outbound'; preview: string; status: string; at: Date };
  last_at: Date;
  last_inbound_at: Date | null;
  unread_count: number;
  message_count: number;
  created_at: Date;
  updated_at: Date;
};

export const conversationId = (contactId: string): string => `cv:${contactId}`;
