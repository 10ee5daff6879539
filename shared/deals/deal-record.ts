import type { TPropertyType } from '../leads/lead.constants.ts';
import type { TAddress } from '../schemas/address.ts';
import type { TDealStatus } from './deal.constants.ts';

/** A contract under disposition, as stored in `deals`. Revenue = `assignment_fee` of closed deals. */
export type TDealRecord = {
  _id: string;
  tenant_id: string;
  lead_id: string;
  /** Copied from the lead when the deal is created, so matching and marketing need no join. */
  property: { address: TAddress | null; property_type: TPropertyType | null };
  seller_name: string;
  contract_price: number;
  arv: number;
  repair_estimate: number;
  asking_price: number;
  assignment_fee: number | null;
  buyer_id: string | null;
  status: TDealStatus;
  /** `lead_id` while the deal is open (marketing or assigned), else null: a unique index allows one open deal per lead. */
  open_lead_id: string | null;
  /** Every move, oldest first. `buyer_id` names the buyer on moves into and out of `assigned` (buyer reliability). */
  status_history: TDealStatusChange[];
  closing_date: Date | null;
  marketing_started_at: Date | null;
  assigned_at: Date | null;
  closed_at: Date | null;
  cancel_reason: string | null;
  notes: string;
  /** The acquisition rep who owned the lead (per-rep revenue). */
  acquired_by: string | null;
  search_text: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

export type TDealStatusChange = { from: TDealStatus | null; to: TDealStatus; at: Date; by: string; reason?: string; buyer_id?: string };
