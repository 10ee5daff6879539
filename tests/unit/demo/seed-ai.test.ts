import { describe, expect, it } from 'vitest';
import { seedAi } from '../../../shared/demo/seed-ai.ts';
import { seedLeads } from '../../../shared/demo/seed-leads.ts';
import { seedTeam } from '../../../shared/demo/seed-team.ts';
import type { TLeadRecord } from '../../../shared/leads/lead-record.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

async function seeded() {
  const db = await openEmbeddedDatabase();
  const system = { db, ports: { clock: createManualClock('2026-03-02T18:00:00.000Z') } as never, log: { debug() {}, info() {}, warn() {}, error() {} } };
  await seedTeam(system);
  await seedLeads(system);
  await seedAi(system);
  return (await db.collection<TLeadRecord>('leads').find({}, { sort: { _id: 1 } }).toArray()).map((lead) => ({ id: lead._id, tags: lead.tags, auto_tags: lead.auto_tags }));
}

describe('the demo AI seed', () => {
  it('marks the motivation tags the rules find in the notes as AI tags, on most leads, the same on every install', async () => {
    const first = await seeded();
    const tagged = first.filter((lead) => lead.auto_tags.length > 0);
    expect(tagged.length).toBeGreaterThan(first.length / 2);
    for (const lead of tagged) expect(lead.tags).toEqual(expect.arrayContaining(lead.auto_tags));
    expect(await seeded()).toEqual(first);
  });
});
