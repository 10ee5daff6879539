import { z } from 'zod';
import { ZLeadSource } from '../../leads/lead.schemas.ts';
import { text } from '../../schemas/common.ts';

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Pick a month (YYYY-MM)');

/** `PUT /api/analytics/spend`: sets (or replaces) the spend of one source in one month. */
export const ZPutSpendRequest = z.strictObject({
  source: ZLeadSource,
  month: ZMonth,
  amount: z.number('Enter an amount in dollars').nonnegative('Enter an amount of $0 or more').max(100_000_000, 'Enter an amount up to $100,000,000'),
  notes: text(500).optional(),
});
export type TPutSpendRequest = z.infer<typeof ZPutSpendRequest>;

export const ZListSpendQuery = z.strictObject({ from: ZMonth.optional(), to: ZMonth.optional() });

export const ZSpend = z.object({
  id: z.string(),
  source: ZLeadSource,
  month: z.string(),
  amount: z.number(),
  notes: z.string(),
  updated_at: z.string(),
});
export type TSpend = z.infer<typeof ZSpend>;
