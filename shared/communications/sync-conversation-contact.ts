import type { TDomainEvent } from '../events/domain-event.ts';
import type { TJobContext } from '../jobs/job-definition.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { conversationId, type TConversationRecord } from './conversation-record.ts';

/** Lead fields an inbox row copies. */
const COPIED = ['assigned_to', 'first_name', 'last_name', 'phone'];

/**
 * Keeps a lead's inbox row in step when the lead is reassigned or renamed without a new
 * message (reps see conversations by the lead's assignee). Consumer of `lead_updated`;
 * idempotent: it copies the lead as it is now.
 */
export async function syncConversationContact(event: TDomainEvent, context: TJobContext): Promise<void> {
  const fields = Array.isArray(event.data.fields) ? (event.data.fields as unknown[]) : [];
  if (event.subject.kind !== 'lead' || !fields.some((field) => COPIED.includes(String(field)))) return;
  const ctx = await context.forTenant(event.tenant_id);
  const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: event.subject.id }, { projection: { full_name: 1, phone: 1, assigned_to: 1 } });
  if (!lead) return;
  await ctx.db
    .collection<TConversationRecord>('conversations')
    .updateOne({ _id: conversationId(lead._id) }, { $set: { name: lead.full_name, name_lc: lead.full_name.toLowerCase(), phone: lead.phone, assigned_to: lead.assigned_to } });
}
