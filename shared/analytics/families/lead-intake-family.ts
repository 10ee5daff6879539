import { inWindow, lit, rowProjection, type TMetricFamily } from '../metric-family.ts';

/**
 * `leads_created`: leads by `created_at` (index `tenant_id, created_at`). Rep is the assignee,
 * status the lead's status now.
 */
export const leadIntakeFamily: TMetricFamily = {
  id: 'lead-intake',
  collection: 'leads',
  metrics: ['leads_created'],
  pipeline: (window) => [
    inWindow(window, 'created_at'),
    rowProjection({
      kind: lit('lead'),
      id: '$_id',
      metric: lit('leads_created'),
      at: '$created_at',
      amount: lit(null),
      source: '$source',
      rep: '$assigned_to',
      property_type: '$property_type',
      status: '$status',
      extra: lit(null),
      bucket: lit(null),
    }),
  ],
};
