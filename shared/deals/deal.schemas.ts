import { z } from 'zod';
import { ZPropertyType } from '../leads/lead.schemas.ts';
import { ZAddress } from '../schemas/address.ts';
import { ZPageQuery, queryList, text } from '../schemas/common.ts';
import { DEAL_STATUSES } from './deal.constants.ts';

const ZMoney = z.number().nonnegative().max(1_000_000_000);

/** Putting a lead under contract creates its deal (the lead moves to `under_contract`). */
export const ZCreateDealRequest = z
  .strictObject({
    lead_id: z.string().max(64),
    contract_price: ZMoney.positive(),
    arv: ZMoney.positive(),
    repair_estimate: ZMoney.default(0),
    asking_price: ZMoney.positive(),
    closing_date: z.iso.date().optional(),
    notes: text(5000).optional(),
  })
  .refine((deal) => deal.asking_price >= deal.contract_price, { message: 'The asking price is below the contract price', path: ['asking_price'] });
export type TCreateDealRequest = z.input<typeof ZCreateDealRequest>;
export type TCreateDealInput = z.output<typeof ZCreateDealRequest>;

export const ZUpdateDealRequest = z
  .strictObject({
    contract_price: ZMoney.positive().optional(),
    arv: ZMoney.positive().optional(),
    repair_estimate: ZMoney.optional(),
    asking_price: ZMoney.positive().optional(),
    closing_date: z.iso.date().nullable().optional(),
    notes: text(5000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateDealRequest = z.infer<typeof ZUpdateDealRequest>;

export const ZChangeDealStatusRequest = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('marketing') }),
  z.strictObject({ status: z.literal('assigned'), buyer_id: z.string().max(64), assignment_fee: ZMoney.positive() }),
  z.strictObject({ status: z.literal('closed'), closed_at: z.iso.date().optional() }),
  z.strictObject({ status: z.literal('cancelled'), reason: text(500).min(1, 'Say why the deal was cancelled') }),
]);
export type TChangeDealStatusRequest = z.infer<typeof ZChangeDealStatusRequest>;

export const ZListDealsQuery = ZPageQuery.extend({
  status: queryList(z.enum(DEAL_STATUSES)),
  buyer_id: z.string().max(64).optional(),
  lead_id: z.string().max(64).optional(),
  /** The acquisition rep who brought the deal (`me` for the caller). */
  acquired_by: z.string().max(128).optional(),
  q: text(100).optional(),
  sort: z.enum(['created_at', 'updated_at', 'closing_date', 'asking_price']).default('created_at'),
  direction: z.enum(['asc', 'desc']).default('desc'),
}).strict();
export type TListDealsQuery = z.infer<typeof ZListDealsQuery>;

/** `GET /api/deals/summary`: counts and money per status; revenue = assignment fees of deals closed in the range. */
export const ZDealSummaryQuery = z
  .strictObject({ closed_from: z.iso.date().optional(), closed_to: z.iso.date().optional() })
  .refine((query) => !query.closed_from || !query.closed_to || query.closed_from <= query.closed_to, { message: 'The end date is before the start date', path: ['closed_to'] });

export const ZDealSummary = z.object({
  by_status: z.record(z.enum(DEAL_STATUSES), z.object({ count: z.number(), asking_total: z.number(), fees: z.number() })),
  /** Assignment fees of closed deals (in the range, when given). */
  revenue: z.number(),
  closed: z.number(),
  average_fee: z.number().nullable(),
  /** Fees of assigned deals not closed yet. */
  pending_fees: z.number(),
  /** Asking − contract of deals still marketing: what they would earn at asking. */
  projected_fees: z.number(),
});
export type TDealSummary = z.infer<typeof ZDealSummary>;

export const ZDealNoteRequest = z.strictObject({ body: text(5000).min(1, 'Required') });

/** The MAO calculator on a deal: its ARV and repairs, the tenant's factor unless given, and the fee wanted. */
export const ZDealMaoRequest = z.strictObject({
  desired_fee: ZMoney.optional(),
  factor: z.number().min(0.4).max(0.95).optional(),
});

export const ZDeal = z.object({
  id: z.string(),
  lead_id: z.string(),
  title: z.string(),
  property: z.object({ address: ZAddress.nullable(), property_type: ZPropertyType.nullable() }),
  seller_name: z.string(),
  contract_price: z.number(),
  arv: z.number(),
  repair_estimate: z.number(),
  asking_price: z.number(),
  /** Asking price − contract price: the fee if a buyer takes it at asking. */
  projected_fee: z.number(),
  assignment_fee: z.number().nullable(),
  buyer_id: z.string().nullable(),
  status: z.enum(DEAL_STATUSES),
  status_history: z.array(
    z.object({ from: z.enum(DEAL_STATUSES).nullable(), to: z.enum(DEAL_STATUSES), at: z.string(), by: z.string(), reason: z.string().optional(), buyer_id: z.string().optional() }),
  ),
  closing_date: z.string().nullable(),
  marketing_started_at: z.string().nullable(),
  assigned_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  cancel_reason: z.string().nullable(),
  notes: z.string(),
  acquired_by: z.string().nullable(),
  /** The assigned buyer, for lists and the detail page. */
  buyer: z.object({ id: z.string(), full_name: z.string(), company: z.string(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  /** Statuses this deal can move to now (shared/deals/deal.constants.ts). */
  next_statuses: z.array(z.enum(DEAL_STATUSES)),
  /** ARV × the organisation's factor − repairs − the projected fee: the most the contract should cost for that fee. */
  mao: z.object({ arv: z.number(), repairs: z.number(), desired_fee: z.number(), factor: z.number(), mao: z.number(), explanation: z.string() }),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TDeal = z.infer<typeof ZDeal>;
