import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { AiModelError } from '../ports/ai.ts';
import { planLimit } from '../tenants/plans.ts';
import type { TAiFeature, TAiMeta } from './ai.schemas.ts';

/**
 * One AI task: its output schema, the model's instructions, the untrusted text it reads
 * (fenced as data by the adapter), and the deterministic rules that answer without a model.
 */
export interface TAiTask<I, O> {
  feature: TAiFeature;
  schema: z.ZodType<O>;
  instructions: string;
  data(input: I): Record<string, string>;
  rules(input: I): O;
}

/** AI calls a person may make per minute (each may spend model tokens). */
export const AI_CALLS_PER_USER_PER_MINUTE = 30;
const DAY_SECONDS = 86_400;

/** Usage per tenant, feature and day (`ai_usage`): calls, fallbacks and model tokens. */
export type TAiUsageRecord = {
  _id: string;
  tenant_id: string;
  day: string;
  feature: TAiFeature;
  calls: number;
  model_calls: number;
  fallbacks: number;
  input_tokens: number;
  output_tokens: number;
  updated_at: Date;
};

/** One audited AI call: what, who, which provider and model, and a hash of the input — never the text. */
export type TAiAuditRecord = {
  _id: string;
  tenant_id: string;
  kind: 'ai_call';
  feature: TAiFeature;
  provider: 'rules' | 'gemini';
  model: string | null;
  fallback_reason: string | null;
  actor: string;
  subject: { kind: string; id: string } | null;
  input_hash: string;
  latency_ms: number;
  at: Date;
};

/**
 * Runs a task on the configured model, falling back to the rules when there is none, when the
 * organisation has used its plan's model calls for the last 24 hours (`quota`), or when it
 * fails (timeout, 429, 5xx, invalid or schema-violating JSON — the reason is logged and
 * returned). Checks the tenant's AI flag and the caller's AI rate limit (not for event
 * consumers), records token usage and an audit entry.
 */
export async function runAiTask<I, O>(
  ctx: TServiceContext,
  task: TAiTask<I, O>,
  input: I,
  options: { subject?: { kind: string; id: string }; /** False for work no person asked for (event consumers). */ rateLimit?: boolean } = {},
): Promise<{ value: O; ai: TAiMeta }> {
  if (!ctx.tenant.plan.features.ai) throw new AppError('feature_disabled', 'AI assistance is not included in your plan', { extensions: { feature: 'ai' } });
  if (options.rateLimit !== false) {
    const decision = await (await ctx.ports.rateLimiter()).consume(`ai:${ctx.tenant._id}:${ctx.principal.uid}`, { limit: AI_CALLS_PER_USER_PER_MINUTE, windowSeconds: 60 });
    if (!decision.allowed) throw new AppError('rate_limited', `Too many AI requests: at most ${AI_CALLS_PER_USER_PER_MINUTE} a minute`, { retryAfterSeconds: decision.retryAfterSeconds });
  }
  const started = performance.now();
  const data = task.data(input);
  const model = await ctx.ports.ai();
  let value: O | undefined;
  let meta: Omit<TAiMeta, 'latency_ms'> = { provider: 'rules', model: null, fallback_reason: null };
  let usage = { input_tokens: 0, output_tokens: 0 };
  // The organisation's model budget (plan): past it, its features keep working on the rules.
  const modelAllowed = model !== null && (await (await ctx.ports.rateLimiter()).consume(`ai-model:${ctx.tenant._id}`, { limit: planLimit(ctx.tenant.plan, 'ai_model_calls_per_day'), windowSeconds: DAY_SECONDS })).allowed;
  if (model && !modelAllowed) meta = { provider: 'rules', model: null, fallback_reason: 'quota' };
  if (model && modelAllowed) {
    try {
      const result = await model.generate({ task: task.feature, schema: task.schema, instructions: task.instructions, data });
      value = result.value;
      usage = result.usage;
      meta = { provider: 'gemini', model: result.model, fallback_reason: null };
    } catch (error) {
      const reason = error instanceof AiModelError ? error.reason : 'error';
      ctx.log.warn({ feature: task.feature, reason, err: error instanceof Error ? error.message : String(error) }, 'AI model failed; answering with the rules');
      meta = { provider: 'rules', model: null, fallback_reason: reason };
    }
  }
  value ??= task.rules(input);
  const ai: TAiMeta = { ...meta, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
  await record(ctx, task.feature, ai, usage, hashInput(data), options.subject ?? null, modelAllowed);
  return { value, ai };
}

export function hashInput(data: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

async function record(ctx: TServiceContext, feature: TAiFeature, ai: TAiMeta, usage: { input_tokens: number; output_tokens: number }, inputHash: string, subject: TAiAuditRecord['subject'], modelTried: boolean): Promise<void> {
  const now = ctx.ports.clock.now();
  const day = now.toISOString().slice(0, 10);
  await Promise.all([
    ctx.db.collection<TAiUsageRecord>('ai_usage').updateOne(
      { _id: `aiu:${ctx.tenant._id}:${day}:${feature}` },
      {
        $inc: { calls: 1, model_calls: modelTried ? 1 : 0, fallbacks: ai.fallback_reason ? 1 : 0, input_tokens: usage.input_tokens, output_tokens: usage.output_tokens },
        $set: { updated_at: now },
        $setOnInsert: { day, feature },
      },
      { upsert: true },
    ),
    ctx.db.collection<TAiAuditRecord>('audit_log').insertOne({
      _id: newId('aud', now),
      tenant_id: ctx.tenant._id,
      kind: 'ai_call',
      feature,
      provider: ai.provider,
      model: ai.model,
      fallback_reason: ai.fallback_reason,
      actor: ctx.principal.uid,
      subject,
      input_hash: inputHash,
      latency_ms: ai.latency_ms,
      at: now,
    }),
  ]);
}
