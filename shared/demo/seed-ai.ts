import type { TAiTagStateRecord } from '../ai/auto-tag-lead.ts';
import { extractSignals } from '../ai/rules/extract-signals.ts';
import type { TSystemContext } from '../context/service-context.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TBulkOperation } from '../ports/document-store.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';

/**
 * AI tags on the demo leads, as the auto-tagging consumer would have written them (the lead seed
 * writes directly, without events): the motivation tags the rules find in each lead's notes
 * become its `auto_tags` (and join `tags`), remembered in `ai_tag_state`. Deterministic.
 */
export async function seedAi(system: TSystemContext): Promise<void> {
  const leads = system.db.collection<TLeadRecord>('leads');
  const now = system.ports.clock.now();
  const updates: TBulkOperation<TLeadRecord>[] = [];
  const states: TAiTagStateRecord[] = [];
  for await (const lead of leads.find({ tenant_id: DEMO_TENANT_ID }, { projection: { notes: 1, tags: 1 } })) {
    const found = [...new Set(extractSignals(lead.notes).tags.map((tag) => tag.signal))];
    if (found.length === 0) continue;
    updates.push({ updateOne: { filter: { _id: lead._id, tenant_id: DEMO_TENANT_ID }, update: { $set: { auto_tags: found }, $addToSet: { tags: { $each: found } } } } });
    states.push({ _id: lead._id, tenant_id: DEMO_TENANT_ID, applied: found, auto_score: null, updated_at: now });
  }
  if (updates.length) await leads.bulkWrite(updates, { ordered: false });
  if (states.length) await system.db.collection<TAiTagStateRecord>('ai_tag_state').insertMany(states, { ordered: false });
}
