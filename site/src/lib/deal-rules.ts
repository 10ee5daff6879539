import type { TRole } from '../../../shared/auth/principal.ts';
import { DEAL_TRANSITIONS, type TDealStatus } from '../../../shared/deals/deal.constants.ts';
import type { TBadgeTone } from '../components/badge.tsx';
import { label } from './format.ts';

/**
 * What the portal offers each role on deals and buyers, mirroring the API (functions/deals,
 * functions/buyers): admins and disposition managers run deals and keep the buyers list; reps
 * put their leads under contract and follow the deals they acquired; executives read.
 */
export const DEAL_STATUS_TONE: Record<TDealStatus, TBadgeTone> = { marketing: 'primary', assigned: 'warning', closed: 'success', cancelled: 'neutral' };

export const canManageDeals = (role: TRole | null): boolean => role === 'admin' || role === 'disposition_manager';
export const canWriteBuyers = canManageDeals;
export const canNoteDeals = (role: TRole | null): boolean => role !== null && role !== 'executive';

/** What moving a deal from `from` to `to` asks of the person, or why it cannot happen. */
export type TDealMove = { kind: 'move' } | { kind: 'needs-buyer' } | { kind: 'needs-reason' } | { kind: 'needs-closing' } | { kind: 'refused'; message: string };

export function dealMove(role: TRole | null, from: TDealStatus, to: TDealStatus): TDealMove {
  if (from === to) return { kind: 'refused', message: 'The deal is already there.' };
  if (!canManageDeals(role)) return { kind: 'refused', message: 'Admins and disposition managers move deals.' };
  if (!DEAL_TRANSITIONS[from].includes(to)) {
    const allowed = DEAL_TRANSITIONS[from];
    return {
      kind: 'refused',
      message: allowed.length > 0 ? `A ${label(from).toLowerCase()} deal can go to ${allowed.map((status) => label(status).toLowerCase()).join(' or ')}.` : `A ${label(from).toLowerCase()} deal is final.`,
    };
  }
  if (to === 'assigned') return { kind: 'needs-buyer' };
  if (to === 'cancelled') return { kind: 'needs-reason' };
  if (to === 'closed') return { kind: 'needs-closing' };
  return { kind: 'move' };
}

/** The moves offered on a deal's page and board quick view, in the order people take them. */
export const DEAL_MOVE_LABELS: Record<TDealStatus, string> = { assigned: 'Assign a buyer', closed: 'Mark closed', marketing: 'Back to marketing', cancelled: 'Cancel the deal' };
