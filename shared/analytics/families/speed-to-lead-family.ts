import { inWindow, lit, minutesBetween, rowProjection, type TMetricFamily } from '../metric-family.ts';

/**
 * `first_contacts`: leads by `first_contacted_at` (the first outbound call or message, kept by the
 * communications capability), with whole minutes from `created_at` as the amount and the
 * histogram bucket, so medians combine across days exactly.
 */
export const speedToLeadFamily: TMetricFamily = {
  id: 'speed-to-lead',
  collection: 'leads',
  metrics: ['first_contacts'],
  pipeline: (window) => [
    inWindow(window, 'first_contacted_at'),
    { $project: { source: 1, assigned_to: 1, property_type: 1, status: 1, first_contacted_at: 1, minutes: minutesBetween('$created_at', '$first_contacted_at') } },
    rowProjection({
      kind: lit('lead'),
      id: '$_id',
      metric: lit('first_contacts'),
      at: '$first_contacted_at',
      amount: '$minutes',
      source: '$source',
      rep: '$assigned_to',
      property_type: '$property_type',
      status: '$status',
      extra: lit(null),
      bucket: '$minutes',
    }),
  ],
};
