import type { TRole } from '../auth/principal.ts';
import { AppError } from '../errors/app-error.ts';
import { DEAL_OWNED_STATUSES, LEAD_TRANSITIONS, label, type TLeadStatus } from './lead.constants.ts';

/**
 * Whether `role` may move a lead from `from` to `to` (with `reason`), as a pure decision:
 * the pipeline graph (LEAD_TRANSITIONS), a reason for `lost`, reopening from `lost` by admins
 * only, and disposition managers limited to the moves a deal makes. Throws an `AppError`
 * (`invalid` for a missing reason, `forbidden` for the role, `conflict` for the graph).
 */
export function assertLeadTransition(from: TLeadStatus, to: TLeadStatus, role: TRole, reason?: string): void {
  if (to === 'lost' && !reason?.trim()) {
    throw new AppError('invalid', 'Say why the lead was lost', { fieldErrors: [{ location: 'body', field: 'reason', detail: 'Required when the status is lost' }] });
  }
  if (role === 'executive') throw new AppError('forbidden', 'Executives cannot change leads');
  if (role === 'disposition_manager' && !DEAL_OWNED_STATUSES.includes(to) && from !== 'under_contract') {
    throw new AppError('forbidden', 'Disposition managers move leads only through their deals');
  }
  if (!LEAD_TRANSITIONS[from].includes(to)) {
    const allowed = LEAD_TRANSITIONS[from];
    const next = allowed.length > 0 ? ` From ${label(from).toLowerCase()} it can go to: ${allowed.map((status) => label(status).toLowerCase()).join(', ')}.` : '';
    throw new AppError('conflict', `A lead cannot move from ${label(from).toLowerCase()} to ${label(to).toLowerCase()}.${next}`, {
      extensions: { from, to, allowed },
    });
  }
  if (from === 'lost' && role !== 'admin') throw new AppError('forbidden', 'Only admins can reopen a lost lead');
}

/**
 * The manual path (API and bulk actions) on top of the graph: `under_contract` and `closed`
 * belong to deals. A lead enters them when its deal is created or closed, and leaves
 * `under_contract` when the deal is cancelled; by hand only if it has no open deal.
 */
export function assertManualLeadTransition(from: TLeadStatus, to: TLeadStatus, hasOpenDeal: boolean): void {
  if (to === 'under_contract') throw new AppError('conflict', 'A lead goes under contract when you create its deal');
  if (to === 'closed') throw new AppError('conflict', 'A lead closes when its deal closes');
  if (from === 'under_contract' && hasOpenDeal) throw new AppError('conflict', 'This lead has an open deal: cancel the deal to move the lead');
}
