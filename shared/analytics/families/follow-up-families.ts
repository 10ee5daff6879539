import { inWindow, lit, rowProjection, type TMetricFamily } from '../metric-family.ts';

const followUpRow = (metric: unknown, at: string) =>
  rowProjection({
    kind: lit('follow_up'),
    id: '$_id',
    metric,
    at,
    amount: lit(null),
    source: lit(null),
    rep: '$assigned_to',
    property_type: lit(null),
    status: { $cond: ['$done', 'done', 'open'] },
    extra: lit(null),
    bucket: lit(null),
  });

/**
 * Follow-ups by `due_at` up to the window's end (never later than now): every one is
 * `follow_ups_due`; those not done by their due time (still open, or done late) are also
 * `follow_ups_overdue`. Index `tenant_id, done, due_at` (both values of `done`).
 */
export const followUpsDueFamily: TMetricFamily = {
  id: 'follow-ups-due',
  collection: 'follow_ups',
  metrics: ['follow_ups_due', 'follow_ups_overdue'],
  pipeline: (window) => [
    { $match: { done: { $in: [false, true] }, due_at: { $gte: window.start, $lte: window.end } } },
    {
      $addFields: {
        metrics: {
          $cond: [{ $and: ['$done', { $ne: ['$done_at', null] }, { $lte: ['$done_at', '$due_at'] }] }, ['follow_ups_due'], ['follow_ups_due', 'follow_ups_overdue']],
        },
      },
    },
    { $unwind: '$metrics' },
    followUpRow('$metrics', '$due_at'),
  ],
};

/** `follow_ups_done`: follow-ups by `done_at` (index `tenant_id, done_at`). */
export const followUpsDoneFamily: TMetricFamily = {
  id: 'follow-ups-done',
  collection: 'follow_ups',
  metrics: ['follow_ups_done'],
  pipeline: (window) => [inWindow(window, 'done_at'), { $match: { done: true } }, followUpRow(lit('follow_ups_done'), '$done_at')],
};
