/**
 * The analytics bench itself (started by tests/bench/analytics.bench.ts with a larger heap).
 * Requests go through the real HTTP pipeline of the local host, sequentially (latency, not
 * throughput), with a stand-in identity provider (as leads.bench.ts explains).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rollupAnalytics, rollupTodaySoFar } from '../../../shared/analytics/rollups/rollup-analytics.ts';
import { addDays, dayOf } from '../../../shared/analytics/day-range.ts';
import { SYSTEM_ACTOR } from '../../../shared/auth/system-principal.ts';
import { AppError } from '../../../shared/errors/app-error.ts';
import { INDEXES } from '../../../shared/indexes.ts';
import type { TIdentityProvider } from '../../../shared/ports/identity.ts';
import { bindTenant } from '../../../shared/tenancy/tenant-database.ts';
import { PLANS } from '../../../shared/tenants/plans.ts';
import { zonedDayStart } from '../../../shared/tenants/zoned-day.ts';
import type { TTenantRecord } from '../../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../../shared/users/user-record.ts';
import { startLocalHost } from '../../../infra/local-host/local-host.ts';
import { loadConfig } from '../../../infra/platform/config.ts';
import { createPlatform } from '../../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../../infra/store/apply-indexes.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { generateAnalyticsFixture, insertFixture } from '../../support/analytics-fixtures.ts';
import { freePort } from '../../support/function-process.ts';
import { printTable, summarize } from './report.ts';

const LEADS = Number(process.env.ANALYTICS_BENCH_LEADS ?? 1_000_000);
const CHUNK = 100_000;
const YEARS = 3;
const RUNS = Number(process.env.ANALYTICS_BENCH_RUNS ?? 40);
const LIVE_RUNS = Number(process.env.ANALYTICS_BENCH_LIVE_RUNS ?? 5);
const TENANT = 'tnt_bench';
const TIME_ZONE = 'America/Chicago';
const USERS = [
  { token: 'bench-admin-token', uid: 'bench-admin', role: 'admin' as const },
  { token: 'bench-exec-token', uid: 'bench-exec', role: 'executive' as const },
  { token: 'bench-rep-token', uid: 'bench-rep-1', role: 'acquisition_rep' as const },
  { token: 'bench-dispo-token', uid: 'bench-dispo', role: 'disposition_manager' as const },
];
const REPS = ['bench-rep-1', 'bench-rep-2', 'bench-rep-3', 'bench-rep-4', 'bench-rep-5', 'bench-admin'];

const identity: TIdentityProvider = {
  async verifyIdToken(token) {
    const user = USERS.find((candidate) => candidate.token === token);
    if (!user) throw new AppError('unauthenticated', 'Unknown bench token');
    return { uid: user.uid, email: `${user.uid}@bench.test`, emailVerified: true, name: user.uid, claims: { tenant_id: TENANT, role: user.role } };
  },
  async setMembershipClaims() {},
  async setDisabled() {},
};

/** Progress on stderr (phase, elapsed seconds since start), so a long run can be followed and a cut-short one still says where its time went. */
const benchStarted = performance.now();
const progress = (message: string) => process.stderr.write(`[analytics bench +${Math.round((performance.now() - benchStarted) / 1000)} s] ${message}\n`);

const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1_048_576);
const seconds = (ms: number) => Math.round(ms / 100) / 10;

// Today is computed live, so its cost grows through the day: the bench runs at 17:00 in the
// organisation's zone (records up to then), whatever the hour, with time passing from there.
const anchor = zonedDayStart(dayOf(new Date(), TIME_ZONE), TIME_ZONE).getTime() + 17 * 3_600_000;
const clock = { now: () => new Date(anchor + (performance.now() - benchStarted)) };
const now = clock.now();
const db = await openEmbeddedDatabase();
await applyIndexes(db, INDEXES);
const tenant: TTenantRecord = { _id: TENANT, tenant_id: TENANT, name: 'Bench Homes', timezone: TIME_ZONE, plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: 'bench-admin', created_at: now, updated_at: now };
await db.collection<TTenantRecord>('tenants').insertOne(tenant);
await db.collection<TUserRecord>('users').insertMany(
  USERS.map((user) => ({ _id: user.uid, tenant_id: TENANT, email: `${user.uid}@bench.test`, name: user.uid, role: user.role, status: 'active' as const, weekly_report: user.role !== 'acquisition_rep', created_at: now, updated_at: now, last_seen_at: null })),
);

const counts = { leads: 0, deals: 0, communications: 0, follow_ups: 0, buyers: 0 };
const loadStarted = performance.now();
for (let start = 0, chunk = 0; start < LEADS; start += CHUNK, chunk++) {
  const fixture = generateAnalyticsFixture({ tenantId: TENANT, now, days: 365 * YEARS, leads: Math.min(CHUNK, LEADS - start), reps: REPS, seed: 1_000 + chunk, buyers: 10, lean: true, touches: [1, 1], blast: [1, 3] });
  await insertFixture(db, TENANT, fixture);
  counts.leads += fixture.leads.length;
  counts.deals += fixture.deals.length;
  counts.communications += fixture.communications.length;
  counts.follow_ups += fixture.followUps.length;
  counts.buyers += fixture.buyers.length;
  progress(`loaded ${counts.leads} leads, heap ${heapMb()} MB`);
}
global.gc?.();
printTable(`Analytics bench data (one organisation, ${YEARS} years up to now, embedded store in memory)`, [
  { ...counts, 'load s': seconds(performance.now() - loadStarted), 'heap MB': heapMb() },
]);

const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-analytics-bench-'));
const port = await freePort();
const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
const platform = await createPlatform(config, { db, identity, clock });
const host = await startLocalHost({ platform, rootDir: resolve(import.meta.dirname, '..', '..', '..'), port });

const today = dayOf(now, TIME_ZONE);
const scenarios = [
  { name: 'executive, 30 days vs previous 30', token: 'bench-exec-token', path: `/api/analytics/dashboards/executive?from=${addDays(today, -29)}&to=${today}` },
  { name: 'acquisitions, 30 days vs previous 30', token: 'bench-exec-token', path: `/api/analytics/dashboards/acquisitions?from=${addDays(today, -29)}&to=${today}` },
  { name: 'acquisitions as a rep (own figures), 30 days', token: 'bench-rep-token', path: `/api/analytics/dashboards/acquisitions?from=${addDays(today, -29)}&to=${today}` },
  { name: 'disposition, 30 days vs previous 30', token: 'bench-dispo-token', path: `/api/analytics/dashboards/disposition?from=${addDays(today, -29)}&to=${today}` },
  { name: 'mobile, 7 days vs previous 7', token: 'bench-exec-token', path: `/api/analytics/dashboards/mobile?from=${addDays(today, -6)}&to=${today}` },
  { name: 'executive, 90 days vs last year', token: 'bench-exec-token', path: `/api/analytics/dashboards/executive?from=${addDays(today, -89)}&to=${today}&compare=last_year` },
  { name: 'executive, 365 days, no comparison', token: 'bench-exec-token', path: `/api/analytics/dashboards/executive?from=${addDays(today, -364)}&to=${today}&compare=none` },
];

async function measure(path: string, token: string, runs: number, warmup: number): Promise<{ p50: number; p95: number; rolled: number; live: number; levels: string }> {
  const samples: number[] = [];
  let computed: { rolled_up_days: number; live_days: number; levels_now?: string | null } = { rolled_up_days: 0, live_days: 0 };
  for (let run = 0; run < warmup + runs; run++) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { computed?: typeof computed };
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    if (run >= warmup) samples.push(elapsed);
    computed = body.computed ?? computed;
  }
  const { p50, p95 } = summarize(samples);
  return { p50, p95, rolled: computed.rolled_up_days, live: computed.live_days, levels: computed.levels_now ?? '-' };
}

try {
  const ctx = { principal: { uid: SYSTEM_ACTOR, email: '', tenantId: TENANT, role: 'admin' as const, name: 'bench' }, tenant, db: bindTenant(db, TENANT), events: { publish: async () => {} }, ports: platform, log: platform.logger };
  const rollupDays = 460;
  const rollupStarted = performance.now();
  await rollupAnalytics(ctx, { from: addDays(today, -rollupDays), to: addDays(today, -1) });
  const rollupMs = performance.now() - rollupStarted;
  progress(`rollup of ${rollupDays} days: ${seconds(rollupMs)} s`);
  printTable('Rollup (analytics.rollup, one organisation)', [{ days: rollupDays, 'total s': seconds(rollupMs), 'ms per day': Math.round(rollupMs / rollupDays), 'heap MB': heapMb() }]);
  // The nightly rollup runs hours before anyone looks; without this the garbage it leaves gets
  // collected during the first scenario (one full collection of the multi-GB store heap took 5.7 s).
  global.gc?.();

  const withRollups = async (label: string, title: string) => {
    const rows: Record<string, string | number>[] = [];
    for (const scenario of scenarios) {
      const result = await measure(scenario.path, scenario.token, RUNS, 5);
      progress(`${label}: ${scenario.name}: p50 ${Math.round(result.p50)} ms, p95 ${Math.round(result.p95)} ms`);
      rows.push({ scenario: scenario.name, 'rolled-up days': result.rolled, 'live days': result.live, 'levels now': result.levels, 'p50 ms': result.p50, 'p95 ms': result.p95, 'goal p95 < 50 ms': result.p95 < 50 ? 'met' : 'missed' });
    }
    printTable(`Dashboard API with rollups (${title}), ${RUNS} sequential requests each`, rows);
  };
  await withRollups('today live whole', 'whole past days from analytics_daily, levels now from analytics_levels, today counted live whole: as on a day analytics.rollup-today has not run');
  // The analytics.rollup-today job as it ran 15 minutes before the data ends (the schedule's
  // longest gap), so the requests count the last 15 minutes of records live; its own minute of
  // margin is part of those 15.
  const soFar = await rollupTodaySoFar({ ...ctx, ports: { ...platform, clock: { now: () => new Date(now.getTime() - 14 * 60_000) } } });
  progress(`today rolled up so far, until ${soFar.until.toISOString()}`);
  await withRollups('today so far', 'as above, and today rolled up so far 15 minutes before the last records: those 15 minutes counted live');
  // Just after midnight, until the job's next run closes it, yesterday too is rolled up only so
  // far (its last run was at 23:45): its last 16 minutes are counted live, and its closing levels
  // from the records. Today's 15 minutes stand in for the minutes since midnight.
  const yesterday = addDays(today, -1);
  await rollupTodaySoFar({ ...ctx, ports: { ...platform, clock: { now: () => new Date(zonedDayStart(today, TIME_ZONE).getTime() - 15 * 60_000) } } });
  await withRollups('yesterday so far', 'as above, and yesterday rolled up so far at 23:45: the minutes after midnight until the next analytics.rollup-today run');
  await rollupAnalytics(ctx, { from: yesterday, to: yesterday });

  const reportSamples: number[] = [];
  const renderSamples: number[] = [];
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/analytics/reports/weekly/send`, { method: 'POST', headers: { authorization: 'Bearer bench-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ to: 'subscribers' }) });
    const body = (await response.json()) as { sent?: string[]; render_ms?: number };
    if (response.status !== 200 || !body.sent?.length) throw new Error(`weekly send: ${response.status} ${JSON.stringify(body)}`);
    if (run > 0) {
      reportSamples.push(performance.now() - started);
      renderSamples.push(body.render_ms ?? 0);
    }
  }
  const report = summarize(reportSamples);
  printTable('Weekly report for one organisation (figures from rollups, 2 charts drawn, 3 recipients, local outbox), 5 runs after 1 warm-up', [
    { 'compute + render p50 ms': summarize(renderSamples).p50, 'render and send p50 ms': report.p50, 'p95 ms': report.p95, 'goal < 2 s': report.p95 < 2_000 ? 'met' : 'missed' },
  ]);

  // Without rollups last: at a million leads each request takes seconds, and a run cut short still has the tables above.
  const liveRows: Record<string, string | number>[] = [];
  for (const scenario of scenarios) {
    const result = await measure(`${scenario.path}&live=true`, scenario.token, LIVE_RUNS, 1);
    progress(`live: ${scenario.name}: p50 ${Math.round(result.p50)} ms, p95 ${Math.round(result.p95)} ms`);
    liveRows.push({ scenario: scenario.name, 'days computed live': result.live, 'p50 ms': result.p50, 'p95 ms': result.p95, 'goal p95 < 1 s': result.p95 < 1_000 ? 'met' : 'missed' });
  }
  printTable(`Dashboard API without rollups (live=true: every day and level from the records), ${LIVE_RUNS} sequential requests each`, liveRows);
} finally {
  await host.close();
  await platform.close();
  await rm(dataDir, { recursive: true, force: true });
}
