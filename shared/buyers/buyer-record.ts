import type { TBuyBox, TBuyer, TBuyerMetrics } from './buyer.schemas.ts';

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

/** The API shape of a buyer; `metrics` are computed on read (see compute-buyer-metrics.ts). */
export const toBuyer = (record: TBuyerRecord, metrics?: TBuyerMetrics): TBuyer => ({
  id: record._id,
  first_name: record.first_name,
  last_name: record.last_name,
  full_name: record.full_name,
  company: record.company,
  phone: record.phone,
  email: record.email,
  buy_box: record.buy_box,
  tags: record.tags,
  notes: record.notes,
  status: record.status,
  last_activity_at: record.last_activity_at?.toISOString() ?? null,
  created_at: record.created_at.toISOString(),
  updated_at: record.updated_at.toISOString(),
  ...(metrics ? { metrics } : {}),
});
