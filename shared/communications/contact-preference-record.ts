/**
 * What one phone number or email address agreed to, per organisation (`contact_preferences`):
 * opt-out by keyword or by a person, and recorded consent. Keyed by the address, not the
 * lead, because a STOP follows the number whoever it belongs to (a lead, a buyer, both).
 */
export type TContactPreferenceRecord = {
  _id: string;
  tenant_id: string;
  /** E.164 phone or lower-case email. */
  address: string;
  kind: 'phone' | 'email';
  opted_out: boolean;
  opted_out_at: Date | null;
  /** How: the STOP keyword, a person marking it, or an email unsubscribe. */
  opt_out_source: 'keyword' | 'user' | 'unsubscribe' | null;
  consent: 'express' | 'implied' | 'revoked' | 'unknown';
  consent_at: Date | null;
  /** Where consent came from, in words ("web form on 3/1", "texted us first"). */
  consent_source: string;
  /** Last changes, newest last (bounded). */
  history: { at: Date; change: 'opt_out' | 'opt_in' | 'consent' | 'help'; source: string; by: string }[];
  updated_at: Date;
};

export type TDoNotContactRecord = {
  _id: string;
  tenant_id: string;
  /** E.164 phone or lower-case email. */
  value: string;
  kind: 'phone' | 'email';
  reason: string;
  added_by: string;
  created_at: Date;
};
