import { z } from 'zod';
import { ZId, ZPageQuery, text } from '../schemas/common.ts';
import { BLAST_RESPONSES } from './deal-blast-record.ts';

/**
 * `POST /api/communications/blasts`: a deal to its matched buyers (or the buyers named), by text
 * and/or email, in one action. Each channel takes a body (merge fields allowed) or a template;
 * without either the built-in blast text is used.
 */
export const ZCreateBlastRequest = z
  .strictObject({
    deal_id: ZId,
    sms: z.strictObject({ body: text(1600).min(1).optional(), template_id: ZId.optional() }).optional(),
    email: z.strictObject({ subject: text(200).min(1).optional(), body: text(10_000).min(1).optional(), template_id: ZId.optional() }).optional(),
    /** These buyers instead of the matched ones. */
    buyer_ids: z.array(ZId).min(1).max(200).optional(),
    /** Matched buyers scoring at least this (shared/matching). */
    min_score: z.number().int().min(0).max(100).default(50),
    /** At most this many matched buyers, best first. */
    limit: z.number().int().min(1).max(200).default(50),
    /** Send again although this deal was blasted in the last 10 minutes (a double click is refused otherwise). */
    allow_repeat: z.boolean().default(false),
  })
  .refine((body) => body.sms !== undefined || body.email !== undefined, { message: 'Choose text (sms), email or both', path: ['sms'] })
  .refine((body) => !body.sms || body.sms.body === undefined || body.sms.template_id === undefined, { message: 'Give the text or a template, not both', path: ['sms'] })
  .refine((body) => !body.email || body.email.body === undefined || body.email.template_id === undefined, { message: 'Give the email or a template, not both', path: ['email'] });
export type TCreateBlastRequest = z.output<typeof ZCreateBlastRequest>;

const ZChannelState = z.object({ communication_id: z.string(), status: z.string() }).nullable();

export const ZDealBlast = z.object({
  id: z.string(),
  deal_id: z.string(),
  deal_title: z.string(),
  channels: z.array(z.enum(['sms', 'email'])),
  created_by: z.string(),
  created_at: z.string(),
  recipients: z.array(
    z.object({
      buyer_id: z.string(),
      name: z.string(),
      score: z.number().nullable(),
      sms: ZChannelState,
      email: ZChannelState,
      /** Channels this buyer got nothing on, and why (opted out, no phone, …). */
      skipped: z.array(z.object({ channel: z.enum(['sms', 'email']), reason: z.string() })),
      response: z.enum(BLAST_RESPONSES),
      responded_at: z.string().nullable(),
      reply_id: z.string().nullable(),
      reply_preview: z.string().nullable(),
    }),
  ),
  counts: z.object({
    recipients: z.number(),
    messages: z.number(),
    delivered: z.number(),
    failed: z.number(),
    skipped: z.number(),
    replied: z.number(),
    interested: z.number(),
    not_interested: z.number(),
  }),
});
export type TDealBlast = z.infer<typeof ZDealBlast>;

export const ZListBlastsQuery = ZPageQuery.extend({ deal_id: ZId.optional() }).strict();
export const ZBlastRecipientParams = z.strictObject({ id: ZId, buyerId: ZId });
export const ZSetBlastResponseRequest = z.strictObject({ response: z.enum(BLAST_RESPONSES) });
