import type { TBuyBox } from './buyer.schemas.ts';

/** A cash buyer as stored in `buyers`. */
export type TBuyerRecord = {
  _id: string;
  tenant_id: string;
  first_name: string;
  last_name: string;
  full_name: string;
  company: string;
  phone: string | null;
  email: string | null;
  buy_box: TBuyBox;
  tags: string[];
  notes: string;
  status: 'active' | 'inactive';
  /** Last inbound message or deal activity; recent buyers rank higher in matching. */
  last_activity_at: Date | null;
  search_text: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
