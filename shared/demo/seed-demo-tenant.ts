import type { TSystemContext } from '../context/service-context.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';
import { DEMO_SEEDERS } from './demo-seeders.ts';

type TSeedRun = { _id: string; tenant_id: string; seeder: string; ran_at: Date };

/**
 * Seeds the demo organisation. Each seeder runs once per install and is recorded in
 * `_seed_runs`, so a restart keeps all data and a seeder added by a later capability
 * still runs on an existing install. Returns the seeders that ran now.
 */
export async function seedDemoTenant(system: TSystemContext): Promise<string[]> {
  const runs = system.db.collection<TSeedRun>('_seed_runs');
  const ran: string[] = [];
  for (const seeder of DEMO_SEEDERS) {
    const id = `${DEMO_TENANT_ID}:${seeder.name}`;
    if (await runs.findOne({ _id: id })) continue;
    await seeder.run(system);
    await runs.insertOne({ _id: id, tenant_id: DEMO_TENANT_ID, seeder: seeder.name, ran_at: system.ports.clock.now() });
    ran.push(seeder.name);
  }
  return ran;
}
