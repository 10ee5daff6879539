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
