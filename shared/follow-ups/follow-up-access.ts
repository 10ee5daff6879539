import type { TRole } from '../auth/principal.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import { AppError, invalid, notFound } from '../errors/app-error.ts';
import { leadVisibilityFilter } from '../leads/lead-access.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';

/**
 * Follow-up rules (shared/leads/README.md): anyone but executives creates them; a follow-up is
 * for an active admin, rep or disposition manager; only admins give one to someone else.
 * Its assignee, its creator and admins change or delete it. Reps see their own follow-ups,
 * and every follow-up of a lead they can see; the others see all.
 */
export const FOLLOW_UP_ROLES: readonly TRole[] = ['admin', 'acquisition_rep', 'disposition_manager'];

export async function assertFollowUpAssignee(ctx: TServiceContext, assignee: string): Promise<string> {
  if (assignee !== ctx.principal.uid && ctx.principal.role !== 'admin') {
    throw new AppError('forbidden', 'Only admins give follow-ups to someone else', {
      fieldErrors: [{ location: 'body', field: 'assigned_to', detail: 'Leave empty to take it yourself' }],
    });
  }
  const user = await ctx.db.collection<TUserRecord>('users').findOne({ _id: assignee });
  if (!user || user.status !== 'active' || !FOLLOW_UP_ROLES.includes(user.role)) {
    throw invalid('assigned_to', 'Follow-ups go to active admins, acquisition reps and disposition managers');
  }
  return user._id;
}

/** The follow-up if the caller may change it (assignee, creator, admin); `not_found` otherwise. */
export async function findEditableFollowUp(ctx: TServiceContext, followUpId: string): Promise<TFollowUpRecord> {
  if (!FOLLOW_UP_ROLES.includes(ctx.principal.role)) throw new AppError('forbidden', 'Executives cannot change follow-ups');
  const owner = ctx.principal.role === 'admin' ? {} : { $or: [{ assigned_to: ctx.principal.uid }, { created_by: ctx.principal.uid }] };
  const record = await ctx.db.collection<TFollowUpRecord>('follow_ups').findOne({ _id: followUpId, ...owner });
  if (!record) throw notFound('Follow-up');
  return record;
}

/** Checks the lead or deal a follow-up is about exists and, for a lead, that the caller can see it. */
export async function assertFollowUpSubject(ctx: TServiceContext, subject: { lead_id?: string | undefined; deal_id?: string | undefined }): Promise<void> {
  if (subject.lead_id) {
    const lead = await ctx.db.collection<TLeadRecord>('leads').findOne({ _id: subject.lead_id, ...leadVisibilityFilter(ctx.principal) }, { projection: { _id: 1 } });
    if (!lead) throw invalid('lead_id', 'No lead with this id');
  }
  if (subject.deal_id) {
    const deal = await ctx.db.collection<TDealRecord>('deals').findOne({ _id: subject.deal_id }, { projection: { _id: 1 } });
    if (!deal) throw invalid('deal_id', 'No deal with this id');
  }
}
