/** Disposition: a contract is marketed to buyers, assigned to one, and closes; or it is cancelled. */
export const DEAL_STATUSES = ['marketing', 'assigned', 'closed', 'cancelled'] as const;
export type TDealStatus = (typeof DEAL_STATUSES)[number];

/** Allowed moves; `cancelled` returns the lead to `qualified`. */
export const DEAL_TRANSITIONS: Record<TDealStatus, readonly TDealStatus[]> = {
  marketing: ['assigned', 'cancelled'],
  assigned: ['closed', 'marketing', 'cancelled'],
  closed: [],
  cancelled: ['marketing'],
};
