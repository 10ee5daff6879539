import type { TRole } from '../../../shared/auth/principal.ts';
import { DEAL_OWNED_STATUSES, LEAD_STATUSES, LEAD_TRANSITIONS, type TLeadStatus } from '../../../shared/leads/lead.constants.ts';
import type { TBadgeTone } from '../components/badge.tsx';
import type { TBulkLeadResult } from '../../../shared/leads/lead.schemas.ts';
import { label, plural } from './format.ts';

/**
 * What the portal offers each role on leads — the API's rules (shared/leads/README.md) mirrored
 * so nobody is shown a button that can only answer 403. The API stays the authority.
 */
export const LEAD_STATUS_TONE: Record<TLeadStatus, TBadgeTone> = {
  new: 'primary',
  contacted: 'secondary',
  qualified: 'warning',
  under_contract: 'success',
  closed: 'success',
  lost: 'danger',
};

/** Statuses in pipeline order, with labels (`Under contract`). */
export const LEAD_STATUS_OPTIONS = LEAD_STATUSES.map((status) => ({ value: status, label: label(status) }));

/** Admins and acquisition reps create and edit leads; disposition managers and executives read them. */
export const canWriteLeads = (role: TRole | null): boolean => role === 'admin' || role === 'acquisition_rep';

export const canDeleteLeads = (role: TRole | null): boolean => role === 'admin';

/** Reps, disposition managers and admins put a lead under contract by creating its deal. */
export const canCreateDeals = (role: TRole | null): boolean => role === 'admin' || role === 'acquisition_rep' || role === 'disposition_manager';

/** Anyone but executives keeps follow-ups. */
export const canKeepFollowUps = (role: TRole | null): boolean => role !== null && role !== 'executive';

/**
 * The moves a role can make by hand from `status` (the status menu, bulk status, the board).
 * Deal-owned statuses are left out: a lead goes under contract when its deal is created and
 * closes with it. Reopening a lost lead is for admins.
 */
export function manualLeadMoves(role: TRole | null, status: TLeadStatus): TLeadStatus[] {
  if (!canWriteLeads(role)) return [];
  if (status === 'lost' && role !== 'admin') return [];
  return LEAD_TRANSITIONS[status].filter((next) => !DEAL_OWNED_STATUSES.includes(next));
}

/** Whether the lead can be put under contract now (its deal created) by this role. */
export const canPutUnderContract = (role: TRole | null, status: TLeadStatus): boolean => canCreateDeals(role) && LEAD_TRANSITIONS[status].includes('under_contract');

/**
 * What dropping a card from `from` onto `to` means for this role. A lead under contract may
 * still be moved by hand when its deal is gone; the API refuses (409) while the deal is open.
 */
export type TBoardMove =
  | { kind: 'move' }
  | { kind: 'needs-reason' }
  | { kind: 'needs-deal' }
  | { kind: 'refused'; message: string };

export function boardMove(role: TRole | null, from: TLeadStatus, to: TLeadStatus): TBoardMove {
  if (from === to) return { kind: 'refused', message: 'The lead is already there.' };
  if (to === 'under_contract') {
    return canPutUnderContract(role, from) ? { kind: 'needs-deal' } : { kind: 'refused', message: `A ${label(from).toLowerCase()} lead cannot go under contract.` };
  }
  if (to === 'closed') return { kind: 'refused', message: 'A lead closes when its deal closes: open the deal to close it.' };
  if (!canWriteLeads(role)) return { kind: 'refused', message: 'Your role can read leads but not move them.' };
  if (!manualLeadMoves(role, from).includes(to)) {
    if (from === 'lost') return { kind: 'refused', message: 'Only admins can reopen a lost lead.' };
    return { kind: 'refused', message: `A lead cannot move from ${label(from).toLowerCase()} back to ${label(to).toLowerCase()}: mark it lost, and an admin can reopen it.` };
  }
  return to === 'lost' ? { kind: 'needs-reason' } : { kind: 'move' };
}

/** Explains what a bulk action did: how many changed, and why the others were left alone. */
export function describeBulkResult(result: TBulkLeadResult): { title: string; body?: string } {
  const title = `${plural(result.updated.length, 'lead')} updated`;
  if (result.skipped.length === 0) return { title };
  const reasons = new Map<string, number>();
  for (const skip of result.skipped) {
    const reason = skip.code === 'unchanged' ? 'already like that' : skip.detail;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return { title, body: `${plural(result.skipped.length, 'lead')} skipped: ${[...reasons].map(([reason, count]) => `${count} ${reason}`).join('; ')}` };
}
