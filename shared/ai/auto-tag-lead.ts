import { z } from 'zod';
import type { TDomainEvent } from '../events/domain-event.ts';
import type { TJobContext } from '../jobs/job-definition.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { AUTO_TAGS } from './rules/motivation-tags.ts';
import { extractSignals } from './rules/extract-signals.ts';
import { qualifyRules } from './qualify-lead.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

/** Every tag the AI ever put on a lead (`ai_tag_state`, `_id` = lead id): a tag a person removed is not added again. */
export type TAiTagStateRecord = {
  _id: string;
  tenant_id: string;
  applied: string[];
  /** The score the rules last stored as `lead_score`; a different stored score came from "Qualify" and is kept. */
  auto_score: number | null;
  updated_at: Date;
};

const ZAutoTags = z.object({ tags: z.array(z.enum(AUTO_TAGS as [string, ...string[]])).max(8) });

const autoTagTask: TAiTask<{ notes: string }, z.infer<typeof ZAutoTags>> = {
  feature: 'auto_tag',
  schema: ZAutoTags,
  instructions:
    'Tag a real-estate seller lead with the motivation tags its notes clearly support (only from the allowed list). ' +
    'Do not tag what the notes deny ("not in probate"). No tag when unsure.',
  data: (input) => ({ lead_notes: input.notes }),
  rules: (input) => ({ tags: extractSignals(input.notes).tags.map((tag) => tag.signal) }),
};

/**
 * Auto-tagging: on `lead_created`, and on `lead_updated` when the notes changed, reads the
 * notes and adds the motivation tags found to `tags` and `auto_tags`. Idempotent (a repeat
 * delivery finds nothing new) and respectful of people: a tag the AI applied once and a person
 * removed stays removed. Skipped for tenants without AI.
 *
 * It also keeps `lead_score` current with the rules' qualification of the notes (the call queue
 * ranks by it: reading every lead's notes per request cost ~10× the queue's time, see
 * tests/bench/ai-call-queue.bench.ts) — unless someone ran "Qualify" since, whose score stays.
 */
export async function autoTagLead(event: TDomainEvent, context: TJobContext): Promise<void> {
  if (event.subject.kind !== 'lead') return;
  const fields = Array.isArray(event.data.fields) ? (event.data.fields as unknown[]).map(String) : [];
  if (event.type === 'lead_updated' && !fields.includes('notes')) return;
  const ctx = await context.forTenant(event.tenant_id, 'ai:auto-tag');
  if (!ctx.tenant.plan.features.ai) return;
  const leads = ctx.db.collection<TLeadRecord>('leads');
  const lead = await leads.findOne({ _id: event.subject.id }, { projection: { notes: 1, tags: 1, lead_score: 1 } });
  if (!lead?.notes.trim()) return;
  const { value } = await runAiTask(ctx, autoTagTask, { notes: lead.notes }, { subject: { kind: 'lead', id: lead._id }, rateLimit: false });
  const states = ctx.db.collection<TAiTagStateRecord>('ai_tag_state');
  const state = await states.findOne({ _id: lead._id });
  const applied = state?.applied ?? [];
  const fresh = [...new Set(value.tags)].filter((tag) => !applied.includes(tag) && !lead.tags.includes(tag));
  const score = qualifyRules({ notes: lead.notes, texts: [] }).score;
  const rescore = (lead.lead_score === null || lead.lead_score === (state?.auto_score ?? null)) && lead.lead_score !== score;
  if (fresh.length === 0 && !rescore) return;
  const now = ctx.ports.clock.now();
  await leads.updateOne(
    { _id: lead._id },
    { ...(fresh.length ? { $addToSet: { tags: { $each: fresh }, auto_tags: { $each: fresh } } } : {}), $set: { updated_at: now, ...(rescore ? { lead_score: score } : {}) } },
  );
  await states.updateOne(
    { _id: lead._id },
    { $addToSet: { applied: { $each: fresh } }, $set: { updated_at: now, ...(rescore ? { auto_score: score } : {}) }, ...(rescore ? {} : { $setOnInsert: { auto_score: null } }) },
    { upsert: true },
  );
}
