import { z } from 'zod';
import { text } from './common.ts';

export const US_STATES = [
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS',
  'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR',
] as const;

/** A US property or mailing address, structured. */
export const ZAddress = z.strictObject({
  line1: text(200).min(1, 'Required'),
  city: text(100).min(1, 'Required'),
  state: z
    .string()
    .trim()
    .transform((state) => state.toUpperCase())
    .pipe(z.enum(US_STATES, { error: 'Use a two-letter US state code' })),
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Use a 5-digit ZIP code'),
});
export type TAddress = z.infer<typeof ZAddress>;
