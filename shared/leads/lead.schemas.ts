import { z } from 'zod';
import { ZAddress } from '../schemas/address.ts';
import { ZPageQuery, queryList, requiredText, text } from '../schemas/common.ts';
import { APPOINTMENT_OUTCOMES, LEAD_SOURCES, LEAD_STATUSES, OFFER_STATUSES, PROPERTY_TYPES } from './lead.constants.ts';

/**
 * Lead API schemas: the API validates with them, the portal's forms reuse them, and the
 * OpenAPI document is generated from them. Normalisation (E.164 phones, lower-case
 * emails, one-line addresses parsed into parts) happens in the service, which reports a
 * field error when a value cannot be normalised.
 */
export const ZLeadStatus = z.enum(LEAD_STATUSES);
export const ZLeadSource = z.enum(LEAD_SOURCES);
export const ZPropertyType = z.enum(PROPERTY_TYPES);

const ZTag = text(40).min(1).regex(/^[\w -]+$/, 'Letters, digits, spaces, - and _ only');
const ZMoney = z.number().nonnegative().max(1_000_000_000);

/** A structured address, or one line (`123 Main St, Austin, TX 78701`) the service parses. */
export const ZAddressInput = z.union([ZAddress, text(300).min(5, 'Enter the full address')]);

export const ZCreateLeadRequest = z.strictObject({
  first_name: requiredText(80),
  last_name: text(80).optional(),
  phone: text(40).optional(),
  other_phones: z.array(text(40)).max(5).optional(),
  email: text(254).optional(),
  address: ZAddressInput.optional(),
  mailing_address: ZAddressInput.optional(),
  property_type: ZPropertyType.optional(),
  estimated_value: ZMoney.optional(),
  source: ZLeadSource.default('other'),
  assigned_to: z.string().max(128).nullable().optional(),
  tags: z.array(ZTag).max(30).optional(),
  notes: text(10_000).optional(),
});
export type TCreateLeadRequest = z.input<typeof ZCreateLeadRequest>;

export const ZUpdateLeadRequest = ZCreateLeadRequest.partial()
  .extend({ source: ZLeadSource.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateLeadRequest = z.infer<typeof ZUpdateLeadRequest>;

export const ZChangeLeadStatusRequest = z
  .strictObject({ status: ZLeadStatus, reason: text(500).optional() })
  .refine((body) => body.status !== 'lost' || Boolean(body.reason), { message: 'Say why the lead was lost', path: ['reason'] });

export const LEAD_SORTS = ['created_at', 'updated_at', 'last_contacted', 'estimated_value', 'lead_score', 'full_name'] as const;

export const ZListLeadsQuery = ZPageQuery.extend({
  status: queryList(ZLeadStatus),
  source: queryList(ZLeadSource),
  assigned_to: queryList(z.string().max(128)),
  tag: queryList(ZTag),
  property_type: queryList(ZPropertyType),
  min_value: z.coerce.number().nonnegative().optional(),
  max_value: z.coerce.number().nonnegative().optional(),
  created_from: z.iso.date().optional(),
  created_to: z.iso.date().optional(),
  q: text(100).optional(),
  sort: z.enum(LEAD_SORTS).default('created_at'),
  direction: z.enum(['asc', 'desc']).default('desc'),
}).strict();
export type TListLeadsQuery = z.infer<typeof ZListLeadsQuery>;

export const ZBulkLeadAction = z.strictObject({
  ids: z.array(z.string().max(64)).min(1).max(1000),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('assign'), assigned_to: z.string().max(128).nullable() }),
    z.strictObject({ type: z.literal('tag'), add: z.array(ZTag).max(10).default([]), remove: z.array(ZTag).max(10).default([]) }),
    z.strictObject({ type: z.literal('status'), status: ZLeadStatus, reason: text(500).optional() }),
  ]),
});
export type TBulkLeadAction = z.infer<typeof ZBulkLeadAction>;

export const ZAppointmentRequest = z.strictObject({
  scheduled_at: z.iso.datetime({ offset: true }),
  location: text(300).optional(),
  outcome: z.enum(APPOINTMENT_OUTCOMES).default('scheduled'),
  notes: text(2000).optional(),
});

export const ZOfferRequest = z
  .strictObject({
    amount: ZMoney.positive(),
    offered_at: z.iso.datetime({ offset: true }).optional(),
    status: z.enum(OFFER_STATUSES).default('pending'),
    counter_amount: ZMoney.positive().optional(),
    notes: text(2000).optional(),
  })
  .refine((offer) => offer.status !== 'countered' || offer.counter_amount !== undefined, {
    message: 'A countered offer needs the counter amount',
    path: ['counter_amount'],
  });

/** Maximum allowable offer: ARV × factor − repairs − desired fee (factor from the tenant, default 70 %). */
export const ZMaoRequest = z.strictObject({
  arv: ZMoney.positive(),
  repairs: ZMoney.default(0),
  desired_fee: ZMoney.default(10_000),
  factor: z.number().min(0.4).max(0.95).optional(),
});

export const ZLead = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  full_name: z.string(),
  phone: z.string().nullable(),
  other_phones: z.array(z.string()),
  email: z.string().nullable(),
  address: ZAddress.nullable(),
  mailing_address: ZAddress.nullable(),
  property_type: ZPropertyType.nullable(),
  estimated_value: z.number().nullable(),
  source: ZLeadSource,
  status: ZLeadStatus,
  lost_reason: z.string().nullable(),
  assigned_to: z.string().nullable(),
  tags: z.array(z.string()),
  /** Tags the AI added (a subset of `tags`); the user may remove them. */
  auto_tags: z.array(z.string()),
  notes: z.string(),
  lead_score: z.number().nullable(),
  ai_summary: z.string().nullable(),
  last_contacted: z.string().nullable(),
  /** First contact (outbound message or call, or moved to contacted): speed to lead is measured to here. */
  first_contacted_at: z.string().nullable(),
  communication_count: z.number(),
  status_history: z.array(z.object({ from: ZLeadStatus.nullable(), to: ZLeadStatus, at: z.string(), by: z.string(), reason: z.string().optional() })),
  appointments: z.array(z.object({ id: z.string(), scheduled_at: z.string(), location: z.string(), outcome: z.enum(APPOINTMENT_OUTCOMES), notes: z.string() })),
  offers: z.array(
    z.object({ id: z.string(), amount: z.number(), offered_at: z.string(), status: z.enum(OFFER_STATUSES), counter_amount: z.number().nullable(), notes: z.string() }),
  ),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TLead = z.infer<typeof ZLead>;
