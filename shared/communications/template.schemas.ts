import { z } from 'zod';
import { ZPageQuery, requiredText, text } from '../schemas/common.ts';
import { MERGE_FIELDS } from './merge-fields.ts';

export const ZTemplateRequest = z.strictObject({
  name: requiredText(100),
  channel: z.enum(['sms', 'email']).default('sms'),
  /** Email only; may use merge fields. */
  subject: text(200).optional(),
  /** The text with merge fields, e.g. `Hi {{first_name|there}}, this is {{rep_first_name}}…`. */
  body: requiredText(1600),
  audience: z.enum(['lead', 'buyer', 'any']).default('any'),
});
export type TTemplateRequest = z.output<typeof ZTemplateRequest>;

export const ZUpdateTemplateRequest = ZTemplateRequest.partial().refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateTemplateRequest = z.output<typeof ZUpdateTemplateRequest>;

export const ZListTemplatesQuery = ZPageQuery.extend({
  channel: z.enum(['sms', 'email']).optional(),
  audience: z.enum(['lead', 'buyer', 'any']).optional(),
}).strict();

export const ZTemplate = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(['sms', 'email']),
  subject: z.string(),
  body: z.string(),
  audience: z.enum(['lead', 'buyer', 'any']),
  /** Merge fields the template uses. */
  fields: z.array(z.string()),
  /** SMS segments of the unrendered text (a guide; merge values change it). */
  segments: z.number().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TTemplate = z.infer<typeof ZTemplate>;

/** `GET /api/communications/templates/fields`: the merge fields a template may use. */
export const ZMergeFieldList = z.object({ items: z.array(z.object({ name: z.string(), placeholder: z.string(), description: z.string() })) });
export const mergeFieldList = () => ({
  items: Object.entries(MERGE_FIELDS).map(([name, description]) => ({ name, placeholder: `{{${name}}}`, description })),
});
