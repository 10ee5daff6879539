import { z } from 'zod';
import { ZPropertyType } from '../leads/lead.schemas.ts';
import { MATCH_FACTORS } from './score-buyer-match.ts';

export const ZMatchBuyersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(25),
  /** Buyers scoring below this are left out. */
  min_score: z.coerce.number().int().min(0).max(100).default(30),
});
export type TMatchBuyersQuery = z.infer<typeof ZMatchBuyersQuery>;

export const ZMatchReason = z.object({ factor: z.enum(MATCH_FACTORS), points: z.number(), max: z.number(), detail: z.string() });

/** `GET /api/leads/:id/match-buyers` and `GET /api/deals/:id/buyers`: ranked buyers with the reasons for each score. */
export const ZBuyerMatches = z.object({
  /** What was matched: the lead's estimated value, or the deal's asking price when there is a deal. */
  property: z.object({
    property_type: ZPropertyType.nullable(),
    price: z.number().nullable(),
    price_source: z.enum(['estimated_value', 'asking_price', 'none']),
    address: z.object({ city: z.string(), state: z.string(), zip: z.string() }).nullable(),
    repair_estimate: z.number().nullable(),
  }),
  items: z.array(
    z.object({
      buyer: z.object({
        id: z.string(),
        full_name: z.string(),
        company: z.string(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        tags: z.array(z.string()),
        last_activity_at: z.string().nullable(),
      }),
      score: z.number(),
      reasons: z.array(ZMatchReason),
      /** The reasons in one sentence (shared/ai/rules/explain-match.ts): verdict, best fits, what holds it back. */
      explanation: z.string(),
    }),
  ),
  /** Active buyers scored. */
  considered: z.number(),
  /** Of those, how many reached `min_score` (items holds the first `limit`). */
  matched: z.number(),
});
export type TBuyerMatches = z.infer<typeof ZBuyerMatches>;
