import { INDEXES } from '../../shared/indexes.ts';
import { applyIndexes } from '../store/apply-indexes.ts';
import type { TPlatform } from '../platform/platform.ts';

/** Indexes in place, and the demo organisation seeded on a first start (`SEED_DEMO=false` skips it). */
export async function prepareLocalData(platform: TPlatform, say: (line: string) => void): Promise<void> {
  const db = await platform.db();
  await applyIndexes(db, INDEXES);
  if (!platform.config.seedDemo) return;
  const { seedDemoTenant } = await import('../../shared/demo/seed-demo-tenant.ts');
  const seeded = await seedDemoTenant({ db, ports: platform, log: platform.logger });
  if (seeded.length > 0) say(`Seeded the demo organisation: ${seeded.join(', ')}`);
}
