import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { assertLeadWriter, findVisibleLead } from '../leads/lead-access.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { ZQualification, type TAiMeta, type TQualificationResult } from './ai.schemas.ts';
import { extractSignals } from './rules/extract-signals.ts';
import { scoreQualification } from './rules/score-qualification.ts';
import { runAiTask, type TAiTask } from './run-ai-task.ts';

/** What qualification reads: the lead's notes and the seller's latest texts. */
export interface TQualifyInput {
  notes: string;
  texts: string[];
}

/** The rules' qualification of a lead's notes and texts (also ranks the call queue). */
export const qualifyRules = (input: TQualifyInput): TQualificationResult => scoreQualification(extractSignals([input.notes, ...input.texts].join('\n')));

const qualifyTask: TAiTask<TQualifyInput, TQualificationResult> = {
  feature: 'lead_qualify',
  schema: ZQualification,
  instructions:
    'You qualify motivated-seller leads for a real-estate wholesaler. Score four factors: motivation (0-35), timeline (0-25), condition (0-20: worse condition scores higher), ' +
    'price expectation (0-20: flexible scores higher). `finding` null when the data says nothing; `score` is the sum (0-100); band hot >= 70, warm 40-69, cold < 40. ' +
    'A seller who says they are not selling or asks not to be contacted scores at most 10. `reasons` quote the evidence; `questions` are what the rep should still ask.',
  data: (input) => ({ lead_notes: input.notes, seller_texts: input.texts.join('\n---\n') }),
  rules: qualifyRules,
};

/** How many of the seller's latest texts qualification reads. */
const TEXTS_READ = 10;

/**
 * Qualifies a lead (motivation, timeline, condition, price → score 0–100 with reasons and the
 * questions still to ask) and stores the score as its `lead_score` (the lead list sorts by it).
 */
export async function qualifyLead(ctx: TServiceContext, leadId: string): Promise<TQualificationResult & { lead_id: string; lead_score: number; ai: TAiMeta }> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  const inbound = await ctx.db
    .collection<TCommunicationRecord>('communications')
    .find({ lead_id: lead._id, direction: 'inbound', channel: 'sms' }, { sort: { created_at: -1, _id: -1 }, limit: TEXTS_READ })
    .toArray();
  const { value, ai } = await runAiTask(ctx, qualifyTask, { notes: lead.notes, texts: inbound.reverse().map((message) => message.body) }, { subject: { kind: 'lead', id: lead._id } });
  await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $set: { lead_score: value.score, updated_at: ctx.ports.clock.now() } });
  return { ...value, lead_id: lead._id, lead_score: value.score, ai };
}
