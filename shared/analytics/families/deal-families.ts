import { daysBetween, inWindow, lit, pickTime, rowProjection, someInWindow, within, type TMetricFamily, type TStage, type TWindow } from '../metric-family.ts';

/** The lead's source travels with the deal's rows (a `_id` lookup per deal). */
const withLeadSource: TStage[] = [
  { $lookup: { from: 'leads', localField: 'lead_id', foreignField: '_id', pipeline: [{ $project: { source: 1 } }], as: 'lead' } },
  { $addFields: { lead_source: { $arrayElemAt: ['$lead.source', 0] } } },
];

const dealRow = (fields: { metric: unknown; at: unknown; amount: unknown; extra: unknown }) =>
  rowProjection({
    kind: lit('deal'),
    id: '$_id',
    metric: fields.metric,
    at: fields.at,
    amount: fields.amount,
    source: { $ifNull: ['$lead_source', null] },
    rep: '$acquired_by',
    property_type: '$property.property_type',
    status: '$status',
    extra: fields.extra,
    bucket: lit(null),
  });

/** `contracts`: deals by `created_at` (creating a deal is putting its lead under contract). */
export const dealContractsFamily: TMetricFamily = {
  id: 'deal-contracts',
  collection: 'deals',
  metrics: ['contracts'],
  pipeline: (window) => [inWindow(window, 'created_at'), ...withLeadSource, dealRow({ metric: lit('contracts'), at: '$created_at', amount: lit(null), extra: lit(null) })],
};

/**
 * `deals_closed` (amount: assignment fee, i.e. revenue) and `days_to_close` (amount: days from
 * the deal's creation to `closed_at`): closed deals by `closed_at` (index `tenant_id, status, closed_at`).
 */
export const dealClosingsFamily: TMetricFamily = {
  id: 'deal-closings',
  collection: 'deals',
  metrics: ['deals_closed', 'days_to_close'],
  pipeline: (window) => [
    { $match: { status: 'closed', closed_at: { $gte: window.start, $lte: window.end } } },
    ...withLeadSource,
    {
      $addFields: {
        events: [
          { metric: 'deals_closed', amount: { $ifNull: ['$assignment_fee', 0] } },
          { metric: 'days_to_close', amount: daysBetween('$created_at', '$closed_at') },
        ],
      },
    },
    { $unwind: '$events' },
    dealRow({ metric: '$events.metric', at: '$closed_at', amount: '$events.amount', extra: '$buyer_id' }),
  ],
};

/** Entries of `status_history` in the window matching `cond` (over `$$this`), as events of `metric`. */
const historyEvents = (window: TWindow, metric: string, cond: unknown, amount: unknown, extra: unknown) => ({
  $map: { input: { $filter: { input: '$status_history', cond: { $and: [cond, within(window, '$$this.at')] } } }, in: { metric, at: '$$this.at', amount, extra } },
});

/** When the deal last went on the market before `$$this` (an assignment). */
const lastMarketedBefore = pickTime('$max', '$status_history', { $and: [{ $eq: ['$$this.to', 'marketing'] }, { $lte: ['$$this.at', '$$move.at'] }] }, 'at');

/**
 * Disposition moves from `status_history` (multikey index on `status_history.at`):
 * `assignments` (amount: days since the deal last went on the market), `assignments_closed` and
 * `assignments_fell_through` (back to marketing or cancelled while assigned) credited to the
 * buyer named on the move, and `deals_cancelled` with the reason.
 */
export const dealMovesFamily: TMetricFamily = {
  id: 'deal-moves',
  collection: 'deals',
  metrics: ['assignments', 'assignments_closed', 'assignments_fell_through', 'deals_cancelled'],
  pipeline: (window) => [
    someInWindow(window, 'status_history', 'at'),
    ...withLeadSource,
    {
      $addFields: {
        events: {
          $concatArrays: [
            {
              $map: {
                input: { $filter: { input: '$status_history', cond: { $and: [{ $eq: ['$$this.to', 'assigned'] }, within(window, '$$this.at')] } } },
                as: 'move',
                in: {
                  metric: 'assignments',
                  at: '$$move.at',
                  amount: { $let: { vars: { since: lastMarketedBefore }, in: { $cond: [{ $eq: ['$$since', null] }, null, daysBetween('$$since', '$$move.at')] } } },
                  extra: { $ifNull: ['$$move.buyer_id', null] },
                },
              },
            },
            historyEvents(window, 'assignments_closed', { $and: [{ $eq: ['$$this.from', 'assigned'] }, { $eq: ['$$this.to', 'closed'] }] }, null, { $ifNull: ['$$this.buyer_id', null] }),
            historyEvents(
              window,
              'assignments_fell_through',
              { $and: [{ $eq: ['$$this.from', 'assigned'] }, { $in: ['$$this.to', ['marketing', 'cancelled']] }] },
              null,
              { $ifNull: ['$$this.buyer_id', null] },
            ),
            historyEvents(window, 'deals_cancelled', { $eq: ['$$this.to', 'cancelled'] }, null, { $ifNull: ['$$this.reason', 'No reason given'] }),
          ],
        },
      },
    },
    // Every event above is already in the window.
    { $unwind: '$events' },
    dealRow({ metric: '$events.metric', at: '$events.at', amount: '$events.amount', extra: '$events.extra' }),
  ],
};
