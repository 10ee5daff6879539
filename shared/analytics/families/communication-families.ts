import { inWindow, lit, rowProjection, type TMetricFamily } from '../metric-family.ts';

/** Outbound statuses that mean the message never reached anyone (SMS, email and call outcomes). */
export const UNDELIVERED_STATUSES = ['failed', 'undelivered', 'canceled', 'busy', 'no_answer'] as const;

/** Whole-body keywords carriers treat as an opt-out (CTIA); compared trimmed and upper-cased. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'] as const;

const outbound = { $eq: ['$direction', 'outbound'] };
const is = (field: string, value: string) => ({ $eq: [`$${field}`, value] });
const when = (cond: unknown, metric: string) => ({ $cond: [cond, [metric], []] });

/**
 * Calls and texts by `created_at` (index `tenant_id, created_at`): `calls` / `calls_answered`
 * (outbound, status completed), `texts` / `texts_delivered` / `texts_failed` (outbound SMS by
 * their status now), `opt_outs` (an inbound SMS that is just an opt-out keyword). Rep = `sent_by`.
 */
export const communicationsFamily: TMetricFamily = {
  id: 'communications',
  collection: 'communications',
  metrics: ['calls', 'calls_answered', 'texts', 'texts_delivered', 'texts_failed', 'opt_outs'],
  pipeline: (window) => [
    inWindow(window, 'created_at'),
    {
      $project: {
        created_at: 1,
        sent_by: 1,
        status: 1,
        metrics: {
          $concatArrays: [
            when({ $and: [outbound, is('channel', 'call')] }, 'calls'),
            when({ $and: [outbound, is('channel', 'call'), is('status', 'completed')] }, 'calls_answered'),
            when({ $and: [outbound, is('channel', 'sms')] }, 'texts'),
            when({ $and: [outbound, is('channel', 'sms'), is('status', 'delivered')] }, 'texts_delivered'),
            when({ $and: [outbound, is('channel', 'sms'), { $in: ['$status', ['failed', 'undelivered']] }] }, 'texts_failed'),
            when(
              { $and: [is('direction', 'inbound'), is('channel', 'sms'), { $in: [{ $toUpper: { $trim: { input: { $ifNull: ['$body', ''] } } } }, [...OPT_OUT_KEYWORDS]] }] },
              'opt_outs',
            ),
          ],
        },
      },
    },
    { $unwind: '$metrics' },
    rowProjection({
      kind: lit('communication'),
      id: '$_id',
      metric: '$metrics',
      at: '$created_at',
      amount: lit(null),
      source: lit(null),
      rep: { $cond: [{ $eq: ['$metrics', 'opt_outs'] }, null, { $ifNull: ['$sent_by', null] }] },
      property_type: lit(null),
      status: '$status',
      extra: lit(null),
      bucket: lit(null),
    }),
  ],
};

const delivered = { status: { $nin: [...UNDELIVERED_STATUSES] } };

/**
 * Buyer outreach, first touches only so that days add up: `buyers_reached` / `buyers_responded`
 * count a deal–buyer pair on the day of its first delivered message out / first reply in (the
 * row is that message), `deals_marketed_to_buyers` a deal on the day its first message to any
 * buyer went out. Messages about a deal carry `deal_id` and `buyer_id`; the pairs that already
 * had a message before the window are looked up once per deal, through the index on `deal_id`.
 */
export const buyerOutreachFamily: TMetricFamily = {
  id: 'buyer-outreach',
  collection: 'communications',
  metrics: ['buyers_reached', 'buyers_responded', 'deals_marketed_to_buyers'],
  pipeline: (window) => [
    { $match: { created_at: { $gte: window.start, $lte: window.end }, buyer_id: { $ne: null }, deal_id: { $ne: null }, ...delivered } },
    { $sort: { created_at: 1, _id: 1 } },
    { $group: { _id: { deal: '$deal_id', buyer: '$buyer_id', direction: '$direction' }, at: { $first: '$created_at' }, id: { $first: '$_id' }, status: { $first: '$status' } } },
    // One look-up per deal, not per pair: a blast puts hundreds of pairs on one deal, and each
    // would otherwise read the deal's earlier messages again. The deal's earlier pairs are few
    // (its buyers, both ways). The look-up runs before `$facet`: a tenant-bound database scopes
    // top-level `$lookup`s only.
    { $group: { _id: '$_id.deal', pairs: { $push: { buyer: '$_id.buyer', direction: '$_id.direction', at: '$at', id: '$id', status: '$status' } } } },
    {
      $lookup: {
        from: 'communications',
        localField: '_id',
        foreignField: 'deal_id',
        pipeline: [{ $match: { created_at: { $lt: window.start }, buyer_id: { $ne: null }, ...delivered } }, { $group: { _id: { buyer: '$buyer_id', direction: '$direction' } } }],
        as: 'earlier',
      },
    },
    { $unwind: '$pairs' },
    {
      $project: {
        deal: '$_id',
        buyer: '$pairs.buyer',
        direction: '$pairs.direction',
        at: '$pairs.at',
        id: '$pairs.id',
        status: '$pairs.status',
        pair_seen: { $in: [{ buyer: '$pairs.buyer', direction: '$pairs.direction' }, '$earlier._id'] },
        deal_seen: { $in: ['outbound', '$earlier._id.direction'] },
      },
    },
    {
      $facet: {
        pairs: [
          { $match: { pair_seen: false } },
          rowProjection({
            kind: lit('communication'),
            id: '$id',
            metric: { $cond: [{ $eq: ['$direction', 'outbound'] }, 'buyers_reached', 'buyers_responded'] },
            at: '$at',
            amount: lit(null),
            source: lit(null),
            rep: lit(null),
            property_type: lit(null),
            status: '$status',
            extra: '$buyer',
            bucket: lit(null),
          }),
        ],
        deals: [
          { $match: { direction: 'outbound', deal_seen: false } },
          { $group: { _id: '$deal', at: { $min: '$at' } } },
          rowProjection({
            kind: lit('deal'),
            id: '$_id',
            metric: lit('deals_marketed_to_buyers'),
            at: '$at',
            amount: lit(null),
            source: lit(null),
            rep: lit(null),
            property_type: lit(null),
            status: lit(null),
            extra: lit(null),
            bucket: lit(null),
          }),
        ],
      },
    },
    { $project: { rows: { $concatArrays: ['$pairs', '$deals'] } } },
    { $unwind: '$rows' },
    { $replaceRoot: { newRoot: '$rows' } },
  ],
};
