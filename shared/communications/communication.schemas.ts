import { z } from 'zod';
import { ZId, ZPageQuery, queryBoolean, queryList, text } from '../schemas/common.ts';

/**
 * The communications API's shapes (`/api/communications/...`), shared by the routes, the
 * OpenAPI document and the portal's inbox, thread, composer, call log, analytics and settings.
 */

/** Who a message or call goes to: a lead or buyer by id, or a raw phone/email (matched to a contact when it is one). */
export const ZRecipientRef = z.union([
  z.strictObject({ lead_id: ZId }),
  z.strictObject({ buyer_id: ZId }),
  z.strictObject({ phone: text(40).min(3) }),
  z.strictObject({ email: text(254).min(3) }),
]);
export type TRecipientRef = z.infer<typeof ZRecipientRef>;

const ZMediaUrl = z.url({ protocol: /^https?$/ }).max(1000);
const ZInstant = z.iso.datetime({ offset: true });

export const ZSendMessageRequest = z
  .strictObject({
    channel: z.enum(['sms', 'email']).default('sms'),
    to: ZRecipientRef,
    /** The text, with merge fields allowed (`{{first_name|there}}`). Give this or `template_id`. */
    body: text(1600).min(1).optional(),
    template_id: ZId.optional(),
    /** Email subject (required for email unless the template has one). */
    subject: text(200).optional(),
    /** The deal it is about: merge fields read the deal, the message shows on its timeline. */
    deal_id: ZId.optional(),
    /** Send later (ISO 8601 with offset). Past or now sends now. */
    at: ZInstant.optional(),
    /** A person confirming a text outside the recipient's quiet hours (the API answered 409 `quiet_hours` first). */
    force: z.boolean().default(false),
    /** One of the organisation's numbers; defaults to the number last used with this contact, then the default number. */
    from: text(20).optional(),
    /** MMS images (public https URLs), SMS only. */
    media_urls: z.array(ZMediaUrl).max(10).optional(),
  })
  .refine((body) => (body.body === undefined) !== (body.template_id === undefined), { message: 'Give the text (body) or a template_id, not both', path: ['body'] })
  .refine((body) => body.channel === 'sms' || !('phone' in body.to), { message: 'Email needs a lead, a buyer or an email address', path: ['to'] })
  .refine((body) => body.channel === 'email' || !('email' in body.to), { message: 'A text needs a lead, a buyer or a phone number', path: ['to'] })
  .refine((body) => body.channel === 'sms' || !body.media_urls?.length, { message: 'Media is for texts (MMS) only', path: ['media_urls'] });
export type TSendMessageRequest = z.output<typeof ZSendMessageRequest>;

export const ZCommunication = z.object({
  id: z.string(),
  channel: z.enum(['sms', 'call', 'email']),
  direction: z.enum(['inbound', 'outbound']),
  /** See the status lifecycle in shared/communications/README.md. */
  status: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  subject: z.string().nullable(),
  lead_id: z.string().nullable(),
  buyer_id: z.string().nullable(),
  deal_id: z.string().nullable(),
  blast_id: z.string().nullable(),
  template_id: z.string().nullable(),
  provider_sid: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  /** API path that streams the recording or voicemail (`/api/communications/calls/<id>/recording`), null without one. */
  recording: z.string().nullable(),
  sent_by: z.string().nullable(),
  automated: z.boolean(),
  scheduled_for: z.string().nullable(),
  segments: z.number().nullable(),
  media_urls: z.array(z.string()),
  keyword: z.enum(['stop', 'start', 'help']).nullable(),
  missed: z.boolean(),
  error: z.string().nullable(),
  error_code: z.number().nullable(),
  read: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TCommunication = z.infer<typeof ZCommunication>;

export const ZListCommunicationsQuery = ZPageQuery.extend({
  lead_id: ZId.optional(),
  buyer_id: ZId.optional(),
  deal_id: ZId.optional(),
  blast_id: ZId.optional(),
  channel: queryList(z.enum(['sms', 'call', 'email'])),
  direction: z.enum(['inbound', 'outbound']).optional(),
  status: queryList(z.string().max(20)),
  /** Only missed inbound calls (the call log's "missed" tab). */
  missed: queryBoolean,
  /** Created at or after / before (ISO 8601). */
  since: ZInstant.optional(),
  until: ZInstant.optional(),
  direction_order: z.enum(['asc', 'desc']).default('desc'),
}).strict();
export type TListCommunicationsQuery = z.infer<typeof ZListCommunicationsQuery>;

export const ZConversation = z.object({
  contact: z.object({ kind: z.enum(['lead', 'buyer']), id: z.string(), name: z.string(), phone: z.string().nullable() }),
  assigned_to: z.string().nullable(),
  /** Our number replies go out from. */
  tenant_number: z.string().nullable(),
  channels: z.array(z.enum(['sms', 'call', 'email'])),
  last_message: z.object({
    id: z.string(),
    channel: z.enum(['sms', 'call', 'email']),
    direction: z.enum(['inbound', 'outbound']),
    preview: z.string(),
    status: z.string(),
    at: z.string(),
  }),
  last_at: z.string(),
  unread_count: z.number(),
  message_count: z.number(),
});
export type TConversation = z.infer<typeof ZConversation>;

export const ZInboxQuery = ZPageQuery.extend({
  contact_kind: z.enum(['lead', 'buyer']).optional(),
  unread: queryBoolean,
  channel: z.enum(['sms', 'call', 'email']).optional(),
  /** `me`: leads assigned to the caller; `unassigned`: nobody's yet. */
  assigned: z.enum(['me', 'unassigned']).optional(),
  /** Name prefix. */
  q: text(100).optional(),
}).strict();
export type TInboxQuery = z.infer<typeof ZInboxQuery>;

export const ZInboxCounts = z.object({
  unread_conversations: z.number(),
  unread_messages: z.number(),
  by_kind: z.object({ lead: z.number(), buyer: z.number() }),
});

export const ZMarkReadRequest = z.union([z.strictObject({ lead_id: ZId }), z.strictObject({ buyer_id: ZId })]);
export const ZMarkReadResult = z.object({ marked: z.number() });

export const ZStartCallRequest = z.strictObject({
  to: z.union([z.strictObject({ lead_id: ZId }), z.strictObject({ buyer_id: ZId }), z.strictObject({ phone: text(40).min(3) })]),
  /** One of the organisation's voice numbers (caller id). */
  from: text(20).optional(),
});
export type TStartCallRequest = z.infer<typeof ZStartCallRequest>;

export const ZMessagePreview = z.object({
  channel: z.enum(['sms', 'email']),
  to: z.object({ name: z.string(), address: z.string().nullable(), lead_id: z.string().nullable(), buyer_id: z.string().nullable(), time_zone: z.string() }),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  segments: z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), segments: z.number(), units: z.number() }).nullable(),
  /** Merge fields with no value for this recipient and no fallback: sending would be refused. */
  missing_fields: z.array(z.string()),
  /** Why a send would be refused (opt-out, do-not-contact), or null. */
  blocked: z.object({ reason: z.enum(['opted_out', 'do_not_contact']), detail: z.string() }).nullable(),
  quiet_hours: z.object({ allowed: z.boolean(), local_time: z.string(), time_zone: z.string(), next_allowed_at: z.string() }).nullable(),
});
export type TMessagePreview = z.infer<typeof ZMessagePreview>;
