import { planLimit, type TPlan } from './plans.ts';
import type { TTenant } from './tenant.schemas.ts';

/** A tenant as stored in the `tenants` collection (`_id` is the tenant id). Stored shapes are type aliases so they satisfy `TDocument`. */
export type TTenantRecord = {
  _id: string;
  /** Equal to `_id`: every document carries `tenant_id`, so tenant-bound access reaches its own tenant record. */
  tenant_id: string;
  name: string;
  timezone: string;
  plan: TPlan;
  settings: { mao_factor: number };
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

export const toTenant = (record: TTenantRecord): TTenant => ({
  id: record._id,
  name: record.name,
  timezone: record.timezone,
  plan: { ...record.plan, limits: { ...record.plan.limits, ai_model_calls_per_day: planLimit(record.plan, 'ai_model_calls_per_day') } },
  settings: record.settings,
  created_at: record.created_at.toISOString(),
});
