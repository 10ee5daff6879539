import type { TMetricId } from '../metric-catalog.ts';
import { lit, rowProjection, type TStage } from '../metric-family.ts';

/**
 * Levels: records open at one instant rather than events in a period. A level family gives one
 * or more pipelines whose rows (deduplicated by id) are the records open at `at`.
 */
export interface TLevelFamily {
  id: string;
  collection: string;
  metrics: readonly TMetricId[];
  pipelines(at: Date, now: Date): TStage[][];
}

const OPEN_DEAL = ['marketing', 'assigned'];
const projectedFee = { $max: [0, { $subtract: ['$asking_price', '$contract_price'] }] };

/**
 * `pipeline_value`: deals open (marketing or assigned) at `at`, valued at their expected fee (the
 * assignment fee once assigned, asking − contract while marketing; today's figures). Now, that is
 * the deals whose status is open. Earlier, it is the status their history gives at `at`, among
 * the deals open now and those changed since (`updated_at` after `at`).
 */
export const pipelineValueFamily: TLevelFamily = {
  id: 'pipeline-value',
  collection: 'deals',
  metrics: ['pipeline_value'],
  pipelines(at, now) {
    const statusAt = { $let: { vars: { last: { $arrayElemAt: [{ $filter: { input: '$status_history', cond: { $lte: ['$$this.at', at] } } }, -1] } }, in: '$$last.to' } };
    const tail: TStage[] = [
      { $addFields: { status_at: at.getTime() >= now.getTime() ? '$status' : statusAt } },
      { $match: { status_at: { $in: OPEN_DEAL } } },
      { $lookup: { from: 'leads', localField: 'lead_id', foreignField: '_id', pipeline: [{ $project: { source: 1 } }], as: 'lead' } },
      rowProjection({
        kind: lit('deal'),
        id: '$_id',
        metric: lit('pipeline_value'),
        at: lit(at),
        amount: { $cond: [{ $eq: ['$status_at', 'assigned'] }, { $ifNull: ['$assignment_fee', projectedFee] }, projectedFee] },
        source: { $ifNull: [{ $arrayElemAt: ['$lead.source', 0] }, null] },
        rep: '$acquired_by',
        property_type: '$property.property_type',
        status: '$status',
        extra: lit(null),
        bucket: lit(null),
      }),
    ];
    const openNow: TStage[] = [{ $match: { status: { $in: OPEN_DEAL }, created_at: { $lte: at } } }, ...tail];
    if (at.getTime() >= now.getTime()) return [openNow];
    return [openNow, [{ $match: { updated_at: { $gt: at } } }, { $match: { created_at: { $lte: at }, status: { $nin: OPEN_DEAL } } }, ...tail]];
  },
};

/** `follow_ups_open_overdue`: open follow-ups due before `at` — meaningful now only (a follow-up's past openness is not kept). */
export const openOverdueFamily: TLevelFamily = {
  id: 'open-overdue',
  collection: 'follow_ups',
  metrics: ['follow_ups_open_overdue'],
  pipelines: (at) => [
    [
      { $match: { done: false, due_at: { $lt: at } } },
      rowProjection({
        kind: lit('follow_up'),
        id: '$_id',
        metric: lit('follow_ups_open_overdue'),
        at: '$due_at',
        amount: lit(null),
        source: lit(null),
        rep: '$assigned_to',
        property_type: lit(null),
        status: lit('open'),
        extra: lit(null),
        bucket: lit(null),
      }),
    ],
  ],
};
