import { z } from 'zod';
import { text } from './common.ts';
import { US_STATES } from './us-states.ts';

// The list lives in a zod-free module so the portal can offer it without loading zod.
export { US_STATES } from './us-states.ts';

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
