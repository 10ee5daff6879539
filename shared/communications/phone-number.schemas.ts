import { z } from 'zod';
import { ZId, text } from '../schemas/common.ts';

export const ZConnectNumberRequest = z.strictObject({
  /** The Twilio number, any common format (`(512) 555-0100`, `+15125550100`). */
  number: text(40).min(3, 'Enter the whole number, such as (512) 555-0100'),
  label: text(60).optional(),
  /** Segments per second: 1 for a local long code; higher on A2P 10DLC tiers or toll-free. */
  throughput_per_second: z.number().int().min(1).max(100).default(1),
  /** A rep whose line this is: their new inbound leads and unanswered callers. */
  owner_id: ZId.nullable().optional(),
  is_default: z.boolean().optional(),
});
export type TConnectNumberRequest = z.output<typeof ZConnectNumberRequest>;

export const ZUpdateNumberRequest = ZConnectNumberRequest.omit({ number: true })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateNumberRequest = z.output<typeof ZUpdateNumberRequest>;

export const ZPhoneNumber = z.object({
  id: z.string(),
  number: z.string(),
  label: z.string(),
  capabilities: z.object({ sms: z.boolean(), mms: z.boolean(), voice: z.boolean() }),
  throughput_per_second: z.number(),
  owner_id: z.string().nullable(),
  is_default: z.boolean(),
  created_at: z.string(),
});
export type TPhoneNumber = z.infer<typeof ZPhoneNumber>;

export const ZAddDoNotContactRequest = z.strictObject({
  /** A phone number (any format) or an email address. */
  value: text(254).min(3),
  reason: text(300).optional(),
});

export const ZDoNotContact = z.object({ id: z.string(), value: z.string(), kind: z.enum(['phone', 'email']), reason: z.string(), added_by: z.string(), created_at: z.string() });

export const ZContactAddressQuery = z.union([z.strictObject({ phone: text(40).min(3) }), z.strictObject({ email: text(254).min(3) })]);

export const ZContactPreferences = z.object({
  address: z.string(),
  kind: z.enum(['phone', 'email']),
  opted_out: z.boolean(),
  opted_out_at: z.string().nullable(),
  opt_out_source: z.enum(['keyword', 'user', 'unsubscribe']).nullable(),
  consent: z.enum(['express', 'implied', 'revoked', 'unknown']),
  consent_at: z.string().nullable(),
  consent_source: z.string(),
  do_not_contact: z.boolean(),
  history: z.array(z.object({ at: z.string(), change: z.enum(['opt_out', 'opt_in', 'consent', 'help']), source: z.string(), by: z.string() })),
});
export type TContactPreferences = z.infer<typeof ZContactPreferences>;

/**
 * Recording what a contact agreed to: express consent (with where it came from), or opting them
 * out on their word. Opting back in is theirs alone (they text START).
 */
export const ZUpdatePreferencesRequest = z
  .strictObject({
    phone: text(40).min(3).optional(),
    email: text(254).min(3).optional(),
    opted_out: z.literal(true).optional(),
    consent: z.strictObject({ status: z.enum(['express', 'implied', 'revoked']), source: text(300).min(1, 'Say where the consent comes from') }).optional(),
  })
  .refine((body) => (body.phone === undefined) !== (body.email === undefined), { message: 'Give a phone or an email', path: ['phone'] })
  .refine((body) => body.opted_out !== undefined || body.consent !== undefined, { message: 'Give opted_out or consent', path: ['consent'] });
export type TUpdatePreferencesRequest = z.output<typeof ZUpdatePreferencesRequest>;
