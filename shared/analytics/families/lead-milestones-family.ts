import { inWindow, lit, pickTime, rowProjection, someInWindow, type TMetricFamily, type TStage, type TWindow } from '../metric-family.ts';

const row = (metric: string) =>
  rowProjection({
    kind: lit('lead'),
    id: '$_id',
    metric: lit(metric),
    at: '$first',
    amount: lit(null),
    source: '$source',
    rep: '$assigned_to',
    property_type: '$property_type',
    status: '$status',
    extra: lit(null),
    bucket: lit(null),
  });

const DIMS = { source: 1, assigned_to: 1, property_type: 1, status: 1 };

/**
 * `appointments`: a lead counts once, at the scheduled time of its first appointment that was not
 * cancelled (multikey index on `appointments.scheduled_at`).
 */
export const appointmentsFamily: TMetricFamily = {
  id: 'appointments',
  collection: 'leads',
  metrics: ['appointments'],
  pipeline: (window: TWindow): TStage[] => [
    someInWindow(window, 'appointments', 'scheduled_at'),
    { $project: { ...DIMS, first: pickTime('$min', '$appointments', { $ne: ['$$this.outcome', 'cancelled'] }, 'scheduled_at') } },
    inWindow(window, 'first'),
    row('appointments'),
  ],
};

/** `offers`: a lead counts once, when its first offer was made (multikey index on `offers.offered_at`). */
export const offersFamily: TMetricFamily = {
  id: 'offers',
  collection: 'leads',
  metrics: ['offers'],
  pipeline: (window: TWindow): TStage[] => [
    someInWindow(window, 'offers', 'offered_at'),
    { $project: { ...DIMS, first: { $min: '$offers.offered_at' } } },
    inWindow(window, 'first'),
    row('offers'),
  ],
};
