import type { TAddress } from '../schemas/address.ts';
import type { TLeadSource, TLeadStatus, TPropertyType } from './lead.constants.ts';

/**
 * A motivated seller's lead as stored in `leads`. Phones are E.164, emails lower-case;
 * `address_key` and `search_text` are derived on every write (dedupe and free-text search).
 */
export type TLeadRecord = {
  _id: string;
  tenant_id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  phone: string | null;
  other_phones: string[];
  email: string | null;
  address: TAddress | null;
  mailing_address: TAddress | null;
  /** Normalised `line1|zip` for dedupe (`123 main st|78701`), null without an address. */
  address_key: string | null;
  property_type: TPropertyType | null;
  estimated_value: number | null;
  source: TLeadSource;
  status: TLeadStatus;
  lost_reason: string | null;
  status_history: { from: TLeadStatus | null; to: TLeadStatus; at: Date; by: string; reason?: string }[];
  assigned_to: string | null;
  tags: string[];
  auto_tags: string[];
  notes: string;
  lead_score: number | null;
  ai_summary: string | null;
  appointments: { id: string; scheduled_at: Date; location: string; outcome: 'scheduled' | 'completed' | 'no_show' | 'rescheduled' | 'cancelled'; notes: string }[];
  offers: { id: string; amount: number; offered_at: Date; status: 'pending' | 'accepted' | 'rejected' | 'countered'; counter_amount: number | null; notes: string }[];
  last_contacted: Date | null;
  /** First outbound contact: speed to lead is measured from `created_at` to here. */
  first_contacted_at: Date | null;
  communication_count: number;
  /** Lower-case name, phone digits, email and address (substring search, exports). */
  search_text: string;
  /** Words and phone digit forms for prefix search by `q` (shared/search/search-tokens.ts), multikey-indexed. */
  search_tokens: string[];
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
