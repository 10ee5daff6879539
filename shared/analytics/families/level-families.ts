import type { TMetricId } from '../metric-catalog.ts';
import type { TCollection } from '../../ports/document-store.ts';
import { lit, rowProjection, type TEventRow, type TStage } from '../metric-family.ts';

/**
 * Levels: records open at one instant rather than events in a period. A level family gives one
 * or more pipelines whose rows (deduplicated by id) are the records open at `at`; each pipeline
 * gives a record at most once (a single pipeline is counted in the store without deduplication).
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

type TDealCandidate = {
  _id: string;
  created_at: Date;
  status: string;
  history: { to: string; at: Date }[];
  assignment_fee: number | null;
  projected: number;
  source: string | null;
  rep: string | null;
  property_type: string | null;
};

/**
 * `pipeline_value` at the end of many days in one pass (rollups of a long range): the same
 * candidates and the same rule as `pipelineValueFamily` at each instant — the status the history
 * gives at that instant, among the deals open now and those changed since the first instant —
 * but read once. `at` must ascend and lie before now.
 */
export async function pipelineValueAt(collection: TCollection, instants: readonly Date[]): Promise<TEventRow[][]> {
  const rows: TEventRow[][] = instants.map(() => []);
  const first = instants[0];
  const last = instants.at(-1);
  if (!first || !last) return rows;
  const shape: TStage[] = [
    { $lookup: { from: 'leads', localField: 'lead_id', foreignField: '_id', pipeline: [{ $project: { source: 1 } }], as: 'lead' } },
    {
      $project: {
        created_at: 1,
        status: 1,
        history: { $map: { input: '$status_history', in: { to: '$$this.to', at: '$$this.at' } } },
        assignment_fee: 1,
        projected: projectedFee,
        source: { $ifNull: [{ $arrayElemAt: ['$lead.source', 0] }, null] },
        rep: { $ifNull: ['$acquired_by', null] },
        property_type: { $ifNull: ['$property.property_type', null] },
      },
    },
  ];
  const [openNow, changed] = await Promise.all([
    collection.aggregate<TDealCandidate>([{ $match: { status: { $in: OPEN_DEAL }, created_at: { $lte: last } } }, ...shape]).toArray(),
    collection.aggregate<TDealCandidate>([{ $match: { updated_at: { $gt: first } } }, { $match: { created_at: { $lte: last }, status: { $nin: OPEN_DEAL } } }, ...shape]).toArray(),
  ]);
  for (const deal of [...openNow, ...changed]) {
    let move = -1;
    instants.forEach((at, index) => {
      if (deal.created_at.getTime() > at.getTime()) return;
      while (move + 1 < deal.history.length && (deal.history[move + 1]?.at.getTime() ?? Infinity) <= at.getTime()) move++;
      const status = deal.history[move]?.to;
      if (status !== 'marketing' && status !== 'assigned') return;
      rows[index]?.push({
        kind: 'deal',
        id: deal._id,
        metric: 'pipeline_value',
        at,
        amount: status === 'assigned' ? (deal.assignment_fee ?? deal.projected) : deal.projected,
        source: deal.source,
        rep: deal.rep,
        property_type: deal.property_type,
        status: deal.status,
        extra: null,
        bucket: null,
      });
    });
  }
  return rows;
}

/** `follow_ups_open_overdue`: open follow-ups due before `at` — meaningful now only (a follow-up's past openness is not kept). */
export const openOverdueFamily: TLevelFamily = {
  id: 'open-overdue',
  collection: 'follow_ups',
  metrics: ['follow_ups_open_overdue'],
  pipelines: (at) => [openFollowUpsDue(null, at)],
};

/** The rows of open follow-ups due from `from` (or ever) until before `to`. */
export function openFollowUpsDue(from: Date | null, to: Date): TStage[] {
  return [
    { $match: { done: false, due_at: from ? { $gte: from, $lt: to } : { $lt: to } } },
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
  ];
}
