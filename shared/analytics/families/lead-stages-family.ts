import { lit, pickTime, rowProjection, someInWindow, within, type TMetricFamily } from '../metric-family.ts';

/** Statuses at or past each funnel stage: a lead may skip `contacted` (qualified on the first call). */
const CONTACTED_OR_LATER = ['contacted', 'qualified', 'under_contract', 'closed'];
const UNDER_CONTRACT_OR_LATER = ['under_contract', 'closed'];

const firstReach = (statuses: readonly string[]) => pickTime('$min', '$status_history', { $in: ['$$this.to', [...statuses]] }, 'at');

/**
 * Funnel stages from `status_history`: `leads_contacted`, `leads_under_contract` and
 * `leads_closed` count a lead once, when it first reached the stage; `leads_lost` counts every
 * move to lost, with that move's reason (or the lead's `lost_reason`). The `$elemMatch` on
 * `status_history` (multikey index on `status_history.at`) narrows to leads with a move in the window.
 */
export const leadStagesFamily: TMetricFamily = {
  id: 'lead-stages',
  collection: 'leads',
  metrics: ['leads_contacted', 'leads_under_contract', 'leads_closed', 'leads_lost'],
  pipeline: (window) => [
    // A stage is reached, or a lead lost, by a move in the window to that status: a lead that was
    // only created in the window (its move to `new`) has no event here.
    someInWindow(window, 'status_history', 'at', { to: { $in: [...CONTACTED_OR_LATER, 'lost'] } }),
    {
      $project: {
        source: 1,
        assigned_to: 1,
        property_type: 1,
        status: 1,
        // The lead's events, kept only when they fall in the window (a first reach may be long ago).
        events: {
          $filter: {
            input: {
              $concatArrays: [
                [
                  { metric: 'leads_contacted', at: firstReach(CONTACTED_OR_LATER), extra: null },
                  { metric: 'leads_under_contract', at: firstReach(UNDER_CONTRACT_OR_LATER), extra: null },
                  { metric: 'leads_closed', at: firstReach(['closed']), extra: null },
                ],
                {
                  $map: {
                    input: { $filter: { input: '$status_history', cond: { $eq: ['$$this.to', 'lost'] } } },
                    in: { metric: 'leads_lost', at: '$$this.at', extra: { $ifNull: ['$$this.reason', { $ifNull: ['$lost_reason', 'No reason given'] }] } },
                  },
                },
              ],
            },
            cond: within(window, '$$this.at'),
          },
        },
      },
    },
    { $unwind: '$events' },
    rowProjection({
      kind: lit('lead'),
      id: '$_id',
      metric: '$events.metric',
      at: '$events.at',
      amount: lit(null),
      source: '$source',
      rep: '$assigned_to',
      property_type: '$property_type',
      status: '$status',
      extra: '$events.extra',
      bucket: lit(null),
    }),
  ],
};
