import { z } from 'zod';
import { ACTIVITY_TYPES } from '../activities/activity-record.ts';
import { ZAddress } from '../schemas/address.ts';
import { ZId, ZPageQuery, queryBoolean, queryList, requiredText, text } from '../schemas/common.ts';
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

/** Query of `POST /api/leads`: `allow_duplicate=true` stores a lead whose phone, email or address is already known. */
export const ZCreateLeadQuery = z.strictObject({ allow_duplicate: queryBoolean });

/** Partial update; `null` (or an empty phone/email string) clears an optional field. */
export const ZUpdateLeadRequest = ZCreateLeadRequest.partial()
  .extend({
    source: ZLeadSource.optional(),
    phone: text(40).nullable().optional(),
    email: text(254).nullable().optional(),
    address: ZAddressInput.nullable().optional(),
    mailing_address: ZAddressInput.nullable().optional(),
    property_type: ZPropertyType.nullable().optional(),
    estimated_value: ZMoney.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateLeadRequest = z.infer<typeof ZUpdateLeadRequest>;

export const ZChangeLeadStatusRequest = z
  .strictObject({ status: ZLeadStatus, reason: text(500).optional() })
  .refine((body) => body.status !== 'lost' || Boolean(body.reason), { message: 'Say why the lead was lost', path: ['reason'] });

export const LEAD_SORTS = ['created_at', 'updated_at', 'last_contacted', 'estimated_value', 'lead_score', 'full_name'] as const;

/**
 * `GET /api/leads` (and the CSV export): repeated or comma-separated values of one filter match
 * any of them (`?status=new,contacted`, `?tag=probate&tag=vacant`); different filters all apply.
 * `assigned_to` takes user ids, `me` and `unassigned`. `created_from`/`created_to` are calendar
 * days in the organisation's time zone, both included. `q` matches words by prefix across
 * name, phone, email and property address.
 */
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
/** The filters of the list, without paging and order (counts, export). */
export type TLeadFilters = Omit<TListLeadsQuery, 'cursor' | 'limit' | 'sort' | 'direction'>;

export const ZLeadCountsQuery = ZListLeadsQuery.omit({ cursor: true, limit: true, sort: true, direction: true, status: true }).strict();

export const ZLeadCounts = z.object({ total: z.number(), by_status: z.record(ZLeadStatus, z.number()) });

/** A bulk action on a selection of leads; each lead the caller cannot see or change is reported, not fatal. */
export const ZBulkLeadAction = z.strictObject({
  ids: z.array(z.string().max(64)).min(1).max(1000),
  action: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('assign'), assigned_to: z.string().max(128).nullable() }),
    z
      .strictObject({ type: z.literal('tag'), add: z.array(ZTag).max(10).default([]), remove: z.array(ZTag).max(10).default([]) })
      .refine((action) => action.add.length + action.remove.length > 0, { message: 'Name tags to add or remove', path: ['add'] }),
    z
      .strictObject({ type: z.literal('status'), status: ZLeadStatus, reason: text(500).optional() })
      .refine((action) => action.status !== 'lost' || Boolean(action.reason), { message: 'Say why the leads were lost', path: ['reason'] }),
  ]),
});
export type TBulkLeadAction = z.infer<typeof ZBulkLeadAction>;

export const ZBulkLeadResult = z.object({
  /** Leads the action changed. */
  updated: z.array(z.string()),
  /** Leads it left alone: already in that state (`unchanged`), not visible (`not_found`), or refused (the error code). */
  skipped: z.array(z.object({ id: z.string(), code: z.string(), detail: z.string() })),
});
export type TBulkLeadResult = z.infer<typeof ZBulkLeadResult>;

export const ZLeadNoteRequest = z.strictObject({ body: requiredText(5000) });

export const ZLeadAppointmentParams = z.strictObject({ id: ZId, appointmentId: ZId });
export const ZLeadOfferParams = z.strictObject({ id: ZId, offerId: ZId });

export const ZAppointmentRequest = z.strictObject({
  scheduled_at: z.iso.datetime({ offset: true }),
  location: text(300).optional(),
  outcome: z.enum(APPOINTMENT_OUTCOMES).default('scheduled'),
  notes: text(2000).optional(),
});

export const ZUpdateAppointmentRequest = z
  .strictObject({
    scheduled_at: z.iso.datetime({ offset: true }).optional(),
    location: text(300).optional(),
    outcome: z.enum(APPOINTMENT_OUTCOMES).optional(),
    notes: text(2000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });

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

export const ZUpdateOfferRequest = z
  .strictObject({
    amount: ZMoney.positive().optional(),
    offered_at: z.iso.datetime({ offset: true }).optional(),
    status: z.enum(OFFER_STATUSES).optional(),
    counter_amount: ZMoney.positive().nullable().optional(),
    notes: text(2000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });

/** Maximum allowable offer: ARV × factor − repairs − desired fee (factor from the tenant, default 70 %). */
export const ZMaoRequest = z.strictObject({
  arv: ZMoney.positive(),
  repairs: ZMoney.default(0),
  desired_fee: ZMoney.default(10_000),
  factor: z.number().min(0.4).max(0.95).optional(),
});
export type TMaoRequest = z.infer<typeof ZMaoRequest>;

export const ZMaoResult = z.object({
  /** ARV × factor − repairs − desired fee, in whole dollars (rounded down); negative when the numbers do not work. */
  mao: z.number(),
  arv: z.number(),
  factor: z.number(),
  repairs: z.number(),
  desired_fee: z.number(),
  /** The calculation spelled out for the portal: "$200,000 × 70% − $25,000 − $10,000 = $105,000". */
  explanation: z.string(),
});

/** One timeline entry (shared/activities/activity-record.ts), with the actor's name for display. */
export const ZTimelineEntry = z.object({
  id: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  actor: z.string(),
  actor_name: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

export const ZTimelineQuery = ZPageQuery.extend({ type: queryList(z.enum(ACTIVITY_TYPES)) }).strict();

/** Someone a lead can be assigned to (the assignee picker; reps cannot list the team). */
export const ZAssignee = z.object({ id: z.string(), name: z.string(), role: z.enum(['admin', 'acquisition_rep']) });

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
