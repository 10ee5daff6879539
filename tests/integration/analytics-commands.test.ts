import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { INDEXES } from '../../shared/indexes.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { runAnalyticsCommand } from '../../infra/analytics/analytics-commands.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { generateAnalyticsFixture, insertFixture } from '../support/analytics-fixtures.ts';
import { startTestHost, type TTestHost } from '../support/test-host.ts';

const configFor = (dataDir: string, publicUrl = 'http://localhost:1') =>
  loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: publicUrl, LOG_LEVEL: 'silent', SEED_DEMO: 'false', GOOGLE_CLOUD_PROJECT: 'demo-dealcycle', FIREBASE_AUTH_EMULATOR_HOST: inject('authEmulatorHost') });

describe('npm run rollup / npm run report', () => {
  let host: TTestHost;
  let directDir: string;
  beforeAll(async () => {
    host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
    directDir = await mkdtemp(join(tmpdir(), 'dealcycle-command-'));
  });
  afterAll(async () => {
    await host.close();
    await rm(directDir, { recursive: true, force: true });
  });

  it('ask the running host when it owns the store, signed in as an admin of the organisation', async () => {
    const { admin, tenantId } = await host.createOrganisation('Command Homes');
    await (await host.platform.db()).collection<TTenantRecord>('tenants').updateOne({ _id: tenantId }, { $set: { plan: PLANS.growth } });
    const lines: string[] = [];
    const config = configFor(host.dataDir, host.url);
    const sent = (await runAnalyticsCommand('report', ['--tenant', tenantId, '--to', 'me'], { config, log: (line) => lines.push(line) })) as { sent: string[] };
    expect(sent.sent).toEqual([admin.email]);
    expect(lines).toEqual(['The local host (npm start) owns the store: asking it over its API instead.']);
    expect((await readdir(join(host.dataDir, 'outbox'))).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
    const rolled = (await runAnalyticsCommand('rollup', ['--tenant', tenantId, '--from', '2026-01-01', '--to', '2026-01-03'], { config })) as { days: number };
    expect(rolled.days).toBe(3);
    await expect(runAnalyticsCommand('rollup', ['--tenant', 'all'], { config })).rejects.toThrow(/--tenant all needs the store itself/);
  });

  it('open the store themselves when nothing else holds it', async () => {
    const now = new Date();
    const seedPlatform = await createPlatform(configFor(directDir));
    const db = await seedPlatform.db();
    await applyIndexes(db, INDEXES);
    await db.collection<TTenantRecord>('tenants').insertOne({ _id: 'tnt_cli', tenant_id: 'tnt_cli', name: 'CLI Homes', timezone: 'America/Chicago', plan: PLANS.growth, settings: { mao_factor: 0.7 }, created_by: 'u1', created_at: now, updated_at: now });
    await db.collection<TUserRecord>('users').insertOne({ _id: 'u1', tenant_id: 'tnt_cli', email: 'owner@cli.test', name: 'Owner', role: 'admin', status: 'active', weekly_report: true, created_at: now, updated_at: now, last_seen_at: null });
    await insertFixture(db, 'tnt_cli', generateAnalyticsFixture({ tenantId: 'tnt_cli', now, days: 20, leads: 60, reps: ['u1'] }));
    await seedPlatform.close();

    const rolled = (await runAnalyticsCommand('rollup', ['--tenant', 'tnt_cli'], { config: configFor(directDir) })) as { days: number };
    expect(rolled.days).toBe(7);
    const report = (await runAnalyticsCommand('report', ['--tenant', 'tnt_cli'], { config: configFor(directDir) })) as { sent: string[] };
    expect(report.sent).toEqual(['owner@cli.test']);

    const check = await createPlatform(configFor(directDir));
    expect(await (await check.db()).collection('analytics_daily').countDocuments({ tenant_id: 'tnt_cli' })).toBe(7);
    await check.close();
    await expect(runAnalyticsCommand('report', ['--tenant', 'tnt_missing'], { config: configFor(directDir) })).rejects.toThrow('No organisation tnt_missing');
    await expect(runAnalyticsCommand('rollup', [], { config: configFor(directDir) })).rejects.toThrow(/--tenant is required/);
  });
});
