import { getCallQueue } from '../../shared/ai/call-queue.ts';
import { buildLeadRecord } from '../../shared/leads/build-lead-record.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TFollowUpRecord } from '../../shared/follow-ups/follow-up-record.ts';
import { createServiceWorld } from '../support/service-context.ts';
import { printTable, summarize } from './support/report.ts';

/**
 * The call queue recomputed on every read (shared/ai/call-queue.ts) on the embedded store with
 * the declared indexes: a rep's open leads (own + unassigned) with notes, due follow-ups, and
 * the ranking. Run plain (no stored scores: the rules read every lead's notes per request) and with
 * BENCH_SCORED=1 (scores stored, as the auto-tag consumer keeps them): reading notes per request
 * dominated, so the score is maintained on lead events and the rest (speed to lead, follow-ups,
 * unread texts, last contact) is recomputed on read — it changes with every call or text.
 */
const NOTES = [
  'Owner passed away; estate in probate. Needs a new roof.',
  'Behind on payments, foreclosure sale next month. Make me an offer.',
  'Tired landlord, tenant not paying. No rush.',
  'Vacant for a year, code violations from the city.',
  'Just curious what it is worth.',
];

export default async function callQueueBench(): Promise<void> {
  const rows: Record<string, string | number>[] = [];
  for (const size of [500, 2_000, 10_000]) {
    const world = await createServiceWorld();
    const rep = await world.member('acquisition_rep', 'rep-1');
    const now = world.clock.now();
    const leads: TLeadRecord[] = [];
    const followUps: TFollowUpRecord[] = [];
    for (let index = 0; index < size; index++) {
      const built = buildLeadRecord(
        { first_name: 'Seller', last_name: String(index), source: 'direct_mail', notes: NOTES[index % NOTES.length] ?? '', assigned_to: index % 3 === 0 ? null : 'rep-1' },
        { tenantId: world.tenant._id, createdBy: 'rep-1', now: new Date(now.getTime() - index * 60_000) },
      );
      if (!built.record) throw new Error('bad lead');
      const lead = { ...built.record, _id: `led_${String(index).padStart(6, '0')}`, status: (['new', 'contacted', 'qualified'] as const)[index % 3] ?? 'new', lead_score: process.env.BENCH_SCORED ? 50 : null, last_contacted: index % 4 === 0 ? null : new Date(now.getTime() - (index % 20) * 86_400_000) };
      leads.push(lead);
      if (index % 10 === 0) {
        followUps.push({ _id: `fup_${index}`, tenant_id: world.tenant._id, title: 'Call back', due_at: new Date(now.getTime() + ((index % 7) - 3) * 3_600_000), assigned_to: 'rep-1', lead_id: lead._id, deal_id: null, done: false, done_at: null, notes: '', overdue_notified_at: null, created_by: 'rep-1', created_at: now, updated_at: now });
      }
    }
    await world.db.collection<TLeadRecord>('leads').insertMany(leads);
    await world.db.collection<TFollowUpRecord>('follow_ups').insertMany(followUps);
    const samples: number[] = [];
    let considered = 0;
    for (let run = 0; run < 15; run++) {
      const started = performance.now();
      const queue = await getCallQueue(rep, { limit: 20 });
      samples.push(performance.now() - started);
      considered = queue.considered;
    }
    const stats = summarize(samples.slice(3));
    rows.push({ 'open leads in tenant': size, 'ranked per read': considered, 'p50 ms': stats.p50.toFixed(1), 'p95 ms': stats.p95.toFixed(1) });
  }
  printTable(`Call queue per read (embedded store), ${process.env.BENCH_SCORED ? 'scores stored' : 'no stored scores: the rules read the notes'}`, rows);
}
