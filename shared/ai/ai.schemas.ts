import { z } from 'zod';

/**
 * Shapes shared by every AI endpoint (shared/ai/README.md documents each response). The
 * model's outputs use these same schemas: Gemini gets them as its response JSON schema and
 * its replies are validated against them, so both providers produce the same shape.
 */

/** Who answered and why the configured model did not, on every AI response. */
export const ZAiMeta = z.object({
  provider: z.enum(['rules', 'gemini']),
  model: z.string().nullable(),
  fallback_reason: z.enum(['timeout', 'rate_limited', 'server_error', 'invalid_json', 'schema_mismatch', 'error', 'quota']).nullable(),
  latency_ms: z.number(),
});
export type TAiMeta = z.infer<typeof ZAiMeta>;

/** AI features, as named in usage records, audit entries and logs. */
export const AI_FEATURES = ['lead_summary', 'lead_qualify', 'auto_tag', 'suggest_reply', 'deal_copy', 'match_explain', 'suggest_workflow', 'insights'] as const;
export type TAiFeature = (typeof AI_FEATURES)[number];

const line = (max: number) => z.string().trim().min(1).max(max);

// — Notes summary
export const ZLeadSummary = z.object({
  text: line(400),
  bullets: z.array(line(200)).max(6),
  motivation: z.array(line(40)).max(8),
  next_step: line(200),
});
export type TLeadSummary = z.infer<typeof ZLeadSummary>;
export const ZLeadSummaryResponse = z.object({ lead_id: z.string(), summary: ZLeadSummary, ai: ZAiMeta });

// — Qualification
const ZFactor = z.object({ points: z.number().int().min(0).max(35), max: z.number().int(), finding: z.string().max(120).nullable() });
export const ZQualification = z.object({
  score: z.number().int().min(0).max(100),
  band: z.enum(['hot', 'warm', 'cold']),
  factors: z.object({ motivation: ZFactor, timeline: ZFactor, condition: ZFactor, price: ZFactor }),
  reasons: z.array(line(240)).max(10),
  questions: z.array(line(200)).max(6),
});
export type TQualificationResult = z.infer<typeof ZQualification>;
export const ZQualifyResponse = ZQualification.extend({ lead_id: z.string(), lead_score: z.number().int(), ai: ZAiMeta });

// — Suggested replies
export const REPLY_INTENTS = ['acknowledge', 'ask_timeline', 'ask_condition', 'ask_price', 'book_call', 'make_offer_followup', 'respect_opt_out', 'answer_question'] as const;
export const ZReplyTone = z.enum(['friendly', 'direct', 'professional']);
export type TReplyTone = z.infer<typeof ZReplyTone>;
/** Replies are plain text: no links (a model could be talked into adding one), no merge-field braces. */
const ZReplyText = line(320).refine((text) => !/https?:\/\/|www\.|\{\{/i.test(text), 'No links or merge fields in a suggested reply');
export const ZReplyDrafts = z.object({
  replies: z.array(z.object({ text: ZReplyText, intent: z.enum(REPLY_INTENTS) })).length(3),
});
export type TReplyDrafts = z.infer<typeof ZReplyDrafts>;

// — Deal marketing copy
export const ZDealCopy = z.object({
  headline: line(120),
  bullets: z.array(line(160)).min(3).max(8),
  call_to_action: line(200),
});
export type TDealCopy = z.infer<typeof ZDealCopy>;

/** `POST /api/communications/suggest-reply` body (shared/ai/README.md). */
export const ZSuggestReplyRequest = z.strictObject({
  to: z.union([z.strictObject({ lead_id: z.string().min(1).max(64) }), z.strictObject({ buyer_id: z.string().min(1).max(64) })]),
  tone: ZReplyTone.optional(),
  draft: z.string().max(1600).optional(),
});
export type TSuggestReplyRequest = z.infer<typeof ZSuggestReplyRequest>;

export const ZSuggestReplyResponse = z.object({
  replies: z.array(
    z.object({
      text: z.string(),
      intent: z.enum(REPLY_INTENTS),
      segments: z.number(),
      compliance: z.object({ ok: z.boolean(), issues: z.array(z.string()) }),
    }),
  ),
  tone: ZReplyTone,
  context: z.object({
    last_inbound: z.object({ id: z.string(), body: z.string(), at: z.string() }).nullable(),
    detected: z.array(z.string()),
  }),
  ai: ZAiMeta,
});
export type TSuggestReplyResponse = z.infer<typeof ZSuggestReplyResponse>;
export const ZDealCopyResponse = ZDealCopy.extend({ deal_id: z.string(), ai: ZAiMeta });
