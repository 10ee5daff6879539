import { describe, expect, it } from 'vitest';
import { loadDailyFacts } from '../../../shared/analytics/load-facts.ts';
import { listDays } from '../../../shared/analytics/day-range.ts';
import { sumFacts } from '../../../shared/analytics/facts.ts';
import { SYSTEM_ACTOR } from '../../../shared/auth/system-principal.ts';
import { DEMO_TENANT_ID } from '../../../shared/demo/demo-accounts.ts';
import { seedAnalytics } from '../../../shared/demo/seed-analytics.ts';
import { seedLeads } from '../../../shared/demo/seed-leads.ts';
import { seedTeam } from '../../../shared/demo/seed-team.ts';
import { bindTenant } from '../../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../../shared/tenants/tenant-record.ts';
import { INDEXES } from '../../../shared/indexes.ts';
import { applyIndexes } from '../../../infra/store/apply-indexes.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

describe('the demo analytics seed', () => {
  it('enters six months of spend for the paid sources and rolls up the seeded past, agreeing with a live count', async () => {
    const db = await openEmbeddedDatabase();
    await applyIndexes(db, INDEXES);
    const clock = createManualClock('2026-03-18T18:00:00.000Z');
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const system = { db, ports: { clock } as never, log: silent };
    await seedTeam(system);
    await seedLeads(system);
    await seedAnalytics(system);

    const spend = await db.collection('marketing_spend').find({ tenant_id: DEMO_TENANT_ID }).toArray();
    expect(new Set(spend.map((entry) => entry.month))).toEqual(new Set(['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']));
    expect(spend).toHaveLength(6 * 8);
    const days = await db.collection('analytics_daily').find({ tenant_id: DEMO_TENANT_ID }, { sort: { day: 1 } }).toArray();
    expect(days).toHaveLength(190);
    expect(days.at(-1)?.day).toBe('2026-03-17');

    const tenant = (await db.collection<TTenantRecord>('tenants').findOne({ _id: DEMO_TENANT_ID })) as TTenantRecord;
    const ctx = { principal: { uid: SYSTEM_ACTOR, email: '', tenantId: DEMO_TENANT_ID, role: 'admin' as const, name: '' }, tenant, db: bindTenant(db, DEMO_TENANT_ID), events: { publish: async () => {} }, ports: { clock } as never, log: silent };
    const range = listDays('2025-11-20', '2026-03-18');
    const rolled = await loadDailyFacts(ctx, range);
    const live = await loadDailyFacts(ctx, range, { rollups: false });
    expect(rolled.rolledUp).toBe(range.length - 1);
    expect(sumFacts(rolled.days.values())).toEqual(sumFacts(live.days.values()));
    expect(sumFacts(live.days.values()).n.leads_created).toBeGreaterThan(150);
  });
});
