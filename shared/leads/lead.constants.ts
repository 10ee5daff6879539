/** The acquisition pipeline. `lost` is reachable from any status, with a reason. */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'under_contract', 'closed', 'lost'] as const;
export type TLeadStatus = (typeof LEAD_STATUSES)[number];

/** Where a lead came from; marketing spend and ROI are tracked per source. */
export const LEAD_SOURCES = [
  'direct_mail',
  'cold_calling',
  'sms_marketing',
  'ppc',
  'seo',
  'driving_for_dollars',
  'referral',
  'bandit_signs',
  'list_import',
  'website',
  'inbound_sms',
  'inbound_call',
  'other',
] as const;
export type TLeadSource = (typeof LEAD_SOURCES)[number];

export const PROPERTY_TYPES = ['single_family', 'multi_family', 'condo', 'townhouse', 'mobile_home', 'land', 'commercial'] as const;
export type TPropertyType = (typeof PROPERTY_TYPES)[number];

export const OFFER_STATUSES = ['pending', 'accepted', 'rejected', 'countered'] as const;
export const APPOINTMENT_OUTCOMES = ['scheduled', 'completed', 'no_show', 'rescheduled', 'cancelled'] as const;

/** Human labels, shared by the API's messages and the portal. */
export const label = (value: string): string => value.replace(/_/g, ' ').replace(/^\w/, (first) => first.toUpperCase());

/**
 * Allowed status moves (shared/leads/README.md explains them). Forward through the pipeline
 * (skipping `contacted` is allowed: a seller can qualify on the first call), `lost` from any
 * open status, and back from `lost` only by an admin. `under_contract` → `qualified` is a
 * cancelled deal. `closed` is final.
 */
export const LEAD_TRANSITIONS: Record<TLeadStatus, readonly TLeadStatus[]> = {
  new: ['contacted', 'qualified', 'lost'],
  contacted: ['qualified', 'under_contract', 'lost'],
  qualified: ['under_contract', 'lost'],
  under_contract: ['closed', 'qualified', 'lost'],
  closed: [],
  lost: ['new', 'contacted', 'qualified'],
};

/** Statuses a deal owns: a lead enters and leaves them through its deal, not by hand. */
export const DEAL_OWNED_STATUSES: readonly TLeadStatus[] = ['under_contract', 'closed'];
