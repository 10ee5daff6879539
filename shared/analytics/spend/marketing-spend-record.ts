import type { TLeadSource } from '../../leads/lead.constants.ts';

/**
 * What an organisation spent on one lead source in one month (`marketing_spend`). One record per
 * source and month: entering it again replaces the amount. `_id` is
 * `<tenant>_<source>_<YYYYMM>`, so the same entry twice is the same record.
 */
export type TMarketingSpendRecord = {
  _id: string;
  tenant_id: string;
  source: TLeadSource;
  /** `YYYY-MM`, a calendar month in the organisation's zone. */
  month: string;
  amount: number;
  notes: string;
  updated_by: string;
  created_at: Date;
  updated_at: Date;
};

export const spendId = (tenantId: string, source: string, month: string): string => `${tenantId}_${source}_${month.replace('-', '')}`;
