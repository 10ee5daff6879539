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
 * buyer went out. Messages about a deal carry `deal_id` and `buyer_id`; whether an earlier one
 * exists is looked up through the index on `deal_id`.
 */
export const buyerOutreachFamily: TMetricFamily = {
  id: 'buyer-outreach',
  collection: 'communications',
  metrics: ['buyers_reached', 'buyers_responded', 'deals_marketed_to_buyers'],
  pipeline: (window) => [
    { $match: { created_at: { $gte: window.start, $lte: window.end }, buyer_id: { $ne: null }, deal_id: { $ne: null }, ...delivered } },
    { $sort: { created_at: 1, _id: 1 } },
    { $group: { _id: { deal: '$deal_id', buyer: '$buyer_id', direction: '$direction' }, at: { $first: '$created_at' }, id: { $first: '$_id' }, status: { $first: '$status' } } },
    // The look-ups run before `$facet`: a tenant-bound database scopes top-level `$lookup`s only.
    // Both go by deal (a handful of messages), not by buyer (thousands).
    {
      $lookup: {
        from: 'communications',
        localField: '_id.deal',
        foreignField: 'deal_id',
        let: { buyer: '$_id.buyer', direction: '$_id.direction' },
        pipeline: [
          { $match: { created_at: { $lt: window.start }, ...delivered } },
          { $match: { $expr: { $and: [{ $eq: ['$buyer_id', '$$buyer'] }, { $eq: ['$direction', '$$direction'] }] } } },
          { $limit: 1 },
          { $project: { _id: 1 } },
        ],
        as: 'earlier',
      },
    },
    {
      $lookup: {
        from: 'communications',
        localField: '_id.deal',
        foreignField: 'deal_id',
        pipeline: [{ $match: { created_at: { $lt: window.start }, direction: 'outbound', buyer_id: { $ne: null }, ...delivered } }, { $limit: 1 }, { $project: { _id: 1 } }],
        as: 'earlier_deal',
      },
    },
    {
      $facet: {
        pairs: [
          { $match: { earlier: { $size: 0 } } },
          rowProjection({
            kind: lit('communication'),
            id: '$id',
            metric: { $cond: [{ $eq: ['$_id.direction', 'outbound'] }, 'buyers_reached', 'buyers_responded'] },
            at: '$at',
            amount: lit(null),
            source: lit(null),
            rep: lit(null),
            property_type: lit(null),
            status: '$status',
            extra: '$_id.buyer',
            bucket: lit(null),
          }),
        ],
        deals: [
          { $match: { '_id.direction': 'outbound', earlier_deal: { $size: 0 } } },
          { $group: { _id: '$_id.deal', at: { $min: '$at' } } },
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
