import type { TReportDefinition, TSavedReport } from '../analytics.schemas.ts';

/** A custom report saved for the whole organisation (`analytics_reports`). */
export type TSavedReportRecord = {
  _id: string;
  tenant_id: string;
  name: string;
  definition: TReportDefinition;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};

export const toSavedReport = (record: TSavedReportRecord): TSavedReport => ({
  id: record._id,
  name: record.name,
  definition: record.definition,
  created_by: record.created_by,
  created_at: record.created_at.toISOString(),
  updated_at: record.updated_at.toISOString(),
});
