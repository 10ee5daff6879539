import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { assertLeadWriter, findVisibleLead } from '../leads/lead-access.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { ZLeadSummary, type TAiMeta, type TLeadSummary } from './ai.schemas.ts';
import { summarizeText } from './rules/summarize-text.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

const summaryTask: TAiTask<{ notes: string }, TLeadSummary> = {
  feature: 'lead_summary',
  schema: ZLeadSummary,
  instructions:
    'You assist a real-estate wholesaler. Summarise the seller lead notes for the acquisition rep: `text` one or two sentences (why they sell, timeline, condition, price), ' +
    '`bullets` up to 4 key facts with the numbers, `motivation` short lower-case tags (probate, divorce, pre-foreclosure…), `next_step` one action. Use only facts in the notes.',
  data: (input) => ({ lead_notes: input.notes }),
  rules: (input) => summarizeText(input.notes),
};

/** Summarises the lead's notes and stores the text as its `ai_summary` (regenerated on each call). */
export async function summarizeLead(ctx: TServiceContext, leadId: string): Promise<{ lead_id: string; summary: TLeadSummary; ai: TAiMeta }> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  if (!lead.notes.trim()) throw new AppError('invalid', 'This lead has no notes to summarise yet', { fieldErrors: [{ location: 'params', field: 'id', detail: 'Add a note first' }] });
  const { value, ai } = await runAiTask(ctx, summaryTask, { notes: lead.notes }, { subject: { kind: 'lead', id: lead._id } });
  const updated = await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $set: { ai_summary: value.text, updated_at: ctx.ports.clock.now() } });
  if (updated.matchedCount === 0) throw notFound('Lead');
  return { lead_id: lead._id, summary: value, ai };
}
