import type { TPrincipal, TRole } from '../auth/principal.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TLeadRecord } from './lead-record.ts';

/**
 * Who sees and changes which lead (shared/leads/README.md):
 * - admins: every lead of the tenant;
 * - acquisition reps: leads assigned to them and unassigned leads — another rep's lead does not
 *   exist for them (404), so ids leak nothing;
 * - disposition managers: read every lead (deals are built on them); they change a lead's
 *   status only through its deal (`changeLeadStatus`);
 * - executives: read every lead, change nothing.
 */
export const LEAD_ASSIGNEE_ROLES: readonly TRole[] = ['admin', 'acquisition_rep'];

/** Roles that create and edit leads through the API. */
export const LEAD_WRITER_ROLES: readonly TRole[] = ['admin', 'acquisition_rep'];

/** The filter that limits a query to the leads the caller may see (`{}` for everyone but reps). */
export function leadVisibilityFilter(principal: TPrincipal): TFilter {
  return principal.role === 'acquisition_rep' ? { assigned_to: { $in: [principal.uid, null] } } : {};
}

export function canSeeLead(principal: TPrincipal, lead: Pick<TLeadRecord, 'assigned_to'>): boolean {
  return principal.role !== 'acquisition_rep' || lead.assigned_to === null || lead.assigned_to === principal.uid;
}

/** Refuses roles that may not edit leads (defence in depth: routes already limit them). */
export function assertLeadWriter(principal: TPrincipal): void {
  if (!LEAD_WRITER_ROLES.includes(principal.role)) {
    throw new AppError('forbidden', `Your role (${principal.role.replace(/_/g, ' ')}) cannot change leads`);
  }
}

/** The lead if the caller may see it; otherwise `not_found`, whether it exists or not. */
export async function findVisibleLead(ctx: TServiceContext, leadId: string): Promise<TLeadRecord> {
  const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: leadId, ...leadVisibilityFilter(ctx.principal) });
  if (!lead) throw notFound('Lead');
  return lead;
}

/**
 * Checks a requested assignee: reps assign to themselves or to nobody; anyone else must name an
 * active admin or acquisition rep of the tenant. Problems are field errors on `field`.
 */
export async function assertAssignable(ctx: TServiceContext, assignedTo: string | null, field = 'assigned_to'): Promise<string | null> {
  if (assignedTo === null) return null;
  if (ctx.principal.role === 'acquisition_rep' && assignedTo !== ctx.principal.uid) {
    throw new AppError('forbidden', 'Reps can assign leads to themselves only', { fieldErrors: [{ location: 'body', field, detail: 'Assign to yourself or leave unassigned' }] });
  }
  const user = await ctx.db.collection<TUserRecord>('users').findOne({ _id: assignedTo });
  if (!user || user.status !== 'active' || !LEAD_ASSIGNEE_ROLES.includes(user.role)) {
    throw invalid(field, 'Leads can be assigned to active admins and acquisition reps only');
  }
  return user._id;
}

/** Where a new lead goes when the input says nothing: a rep keeps what they create, others leave it unassigned. */
export const defaultAssignee = (principal: TPrincipal): string | null => (principal.role === 'acquisition_rep' ? principal.uid : null);
