import { z } from 'zod';
import { ZPropertyType } from '../leads/lead.schemas.ts';
import { US_STATES } from '../schemas/address.ts';
import { BUYER_FINANCING, BUYER_STRATEGIES } from './buyer.constants.ts';
import { ZPageQuery, queryBoolean, queryList, requiredText, text } from '../schemas/common.ts';

const ZMoney = z.number().nonnegative().max(1_000_000_000);
const ZTag = text(40).min(1).regex(/^[\w -]+$/, 'Letters, digits, spaces, - and _ only');

// In a zod-free module so the portal can offer them without loading zod.
export { BUYER_FINANCING, BUYER_STRATEGIES } from './buyer.constants.ts';

/** What a cash buyer wants: the matching engine scores deals against it. */
export const ZBuyBox = z
  .strictObject({
    property_types: z.array(ZPropertyType).max(7).default([]),
    price_min: ZMoney.nullable().default(null),
    price_max: ZMoney.nullable().default(null),
    locations: z
      .strictObject({
        cities: z.array(text(100).min(1)).max(50).default([]),
        states: z.array(z.string().trim().toUpperCase().pipe(z.enum(US_STATES))).max(20).default([]),
        zips: z.array(z.string().regex(/^\d{5}$/, 'Use 5-digit ZIP codes')).max(200).default([]),
      })
      .default({ cities: [], states: [], zips: [] }),
    criteria: z
      .strictObject({
        strategies: z.array(z.enum(BUYER_STRATEGIES)).max(6).default([]),
        financing: z.enum(BUYER_FINANCING).default('cash'),
        max_repairs: ZMoney.nullable().default(null),
        min_bedrooms: z.number().int().min(0).max(20).nullable().default(null),
        notes: text(2000).default(''),
      })
      .default({ strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '' }),
  })
  .refine((box) => box.price_min === null || box.price_max === null || box.price_min <= box.price_max, {
    message: 'The minimum price is above the maximum',
    path: ['price_max'],
  });
export type TBuyBox = z.infer<typeof ZBuyBox>;

export const ZCreateBuyerRequest = z.strictObject({
  first_name: requiredText(80),
  last_name: text(80).optional(),
  company: text(120).optional(),
  phone: text(40).optional(),
  email: text(254).optional(),
  buy_box: ZBuyBox.optional(),
  tags: z.array(ZTag).max(30).optional(),
  notes: text(10_000).optional(),
  status: z.enum(['active', 'inactive']).default('active'),
});
export type TCreateBuyerRequest = z.input<typeof ZCreateBuyerRequest>;

/** A partial buy box for PATCH: only the parts sent change (lists are replaced whole). */
export const ZBuyBoxPatch = z.strictObject({
  property_types: z.array(ZPropertyType).max(7).optional(),
  price_min: ZMoney.nullable().optional(),
  price_max: ZMoney.nullable().optional(),
  locations: z
    .strictObject({
      cities: z.array(text(100).min(1)).max(50).optional(),
      states: z.array(z.string().trim().toUpperCase().pipe(z.enum(US_STATES))).max(20).optional(),
      zips: z.array(z.string().regex(/^\d{5}$/, 'Use 5-digit ZIP codes')).max(200).optional(),
    })
    .optional(),
  criteria: z
    .strictObject({
      strategies: z.array(z.enum(BUYER_STRATEGIES)).max(6).optional(),
      financing: z.enum(BUYER_FINANCING).optional(),
      max_repairs: ZMoney.nullable().optional(),
      min_bedrooms: z.number().int().min(0).max(20).nullable().optional(),
      notes: text(2000).optional(),
    })
    .optional(),
});
export type TBuyBoxPatch = z.infer<typeof ZBuyBoxPatch>;

export const ZUpdateBuyerRequest = ZCreateBuyerRequest.partial()
  .extend({ status: z.enum(['active', 'inactive']).optional(), buy_box: ZBuyBoxPatch.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateBuyerRequest = z.infer<typeof ZUpdateBuyerRequest>;

export const ZCreateBuyerQuery = z.strictObject({
  /** Create even when the phone or email already belongs to a buyer (otherwise 409 with the existing buyer's id). */
  allow_duplicate: queryBoolean,
});

export const ZBuyerNoteRequest = z.strictObject({ body: requiredText(5000) });

/** Buyers list filters; `GET /api/buyers/export` takes the same. */
export const ZListBuyersQuery = ZPageQuery.extend({
  q: text(100).optional(),
  tag: queryList(ZTag),
  property_type: queryList(ZPropertyType),
  state: queryList(z.string().trim().toUpperCase().pipe(z.enum(US_STATES))),
  city: text(100).optional(),
  zip: z.string().regex(/^\d{5}$/).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  /** Buyers whose price range includes this price (an open end counts as included). */
  price: z.coerce.number().nonnegative().max(1_000_000_000).optional(),
  sort: z.enum(['created_at', 'full_name', 'last_activity_at']).default('created_at'),
  direction: z.enum(['asc', 'desc']).default('desc'),
}).strict();
export type TListBuyersQuery = z.infer<typeof ZListBuyersQuery>;

/** Computed from deals and communications on read, never typed in (shared/buyers/compute-buyer-metrics.ts). */
export const ZBuyerMetrics = z.object({
  /** Closed deals assigned to this buyer. */
  deals_bought: z.number(),
  /** What the buyer paid on those deals: contract price + assignment fee. */
  total_invested: z.number(),
  average_deal_size: z.number().nullable(),
  /** Deals assigned to this buyer that have not closed yet. */
  deals_in_progress: z.number(),
  /** Assignments to this buyer that fell through (the deal went back to marketing or was cancelled). */
  deals_fell_through: z.number(),
  last_deal_closed_at: z.string().nullable(),
  /** Median minutes from our outbound message to the buyer's next reply. */
  median_response_minutes: z.number().nullable(),
  /** Share of deals sent to this buyer that they answered (messages without a deal count one by one). */
  response_rate: z.number().nullable(),
});
export type TBuyerMetrics = z.infer<typeof ZBuyerMetrics>;

export const ZBuyer = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  company: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  buy_box: ZBuyBox,
  tags: z.array(z.string()),
  notes: z.string(),
  status: z.enum(['active', 'inactive']),
  last_activity_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  metrics: ZBuyerMetrics.optional(),
});
export type TBuyer = z.infer<typeof ZBuyer>;
