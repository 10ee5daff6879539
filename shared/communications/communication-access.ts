import type { TPrincipal, TRole } from '../auth/principal.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { canSeeLead } from '../leads/lead-access.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TCommunicationRecord } from './communication-record.ts';

/**
 * Who sees which messages and calls (shared/communications/README.md):
 * - admins, disposition managers and executives: all of the organisation's;
 * - acquisition reps: the conversations of leads they may see (theirs and unassigned), and
 *   anything they sent themselves; never buyers' conversations.
 * Sending needs a writer role (admins, reps, disposition managers); executives only read.
 */
export const COMMUNICATION_WRITER_ROLES: readonly TRole[] = ['admin', 'acquisition_rep', 'disposition_manager'];
/** Phone numbers, settings, removing do-not-contact entries. */
export const COMMUNICATION_ADMIN_ROLES: readonly TRole[] = ['admin'];
/** Deal blasts go to buyers: disposition's work. */
export const BLAST_ROLES: readonly TRole[] = ['admin', 'disposition_manager'];

/** The inbox rows the caller may see. */
export function conversationVisibilityFilter(principal: TPrincipal): TFilter {
  return principal.role === 'acquisition_rep' ? { contact_kind: 'lead', assigned_to: { $in: [principal.uid, null] } } : {};
}

/** Messages across contacts (the call log): reps see their own. Threads check the contact instead. */
export function communicationVisibilityFilter(principal: TPrincipal): TFilter {
  return principal.role === 'acquisition_rep' ? { sent_by: principal.uid } : {};
}

/** A message or call the caller may see; `not_found` otherwise, whether it exists or not. */
export async function findVisibleCommunication(ctx: TServiceContext, id: string): Promise<TCommunicationRecord> {
  const record = await ctx.db.collection<TCommunicationRecord>('communications').findOne({ _id: id });
  if (!record || !(await canSeeCommunication(ctx, record))) throw notFound('Message');
  return record;
}

export async function canSeeCommunication(ctx: TServiceContext, record: TCommunicationRecord): Promise<boolean> {
  if (ctx.principal.role !== 'acquisition_rep' || record.sent_by === ctx.principal.uid) return true;
  if (!record.lead_id) return false;
  const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: record.lead_id }, { projection: { assigned_to: 1 } });
  return lead !== null && canSeeLead(ctx.principal, lead);
}
