/**
 * The leads list with 100k leads in one tenant (and 20k in another), through the real HTTP
 * pipeline of the local host: routing, auth, membership, validation, the tenant-bound store
 * (embedded, in memory, with the declared indexes), JSON. `npm run bench -- leads`.
 *
 * ID tokens are checked by a stand-in identity provider that knows two tokens: Firebase
 * verifies production tokens locally against cached keys, so the Auth emulator's per-request
 * account lookup would measure the emulator, not the API. Requests are sequential (latency, not
 * throughput), measured at the client from send to parsed JSON, after a warm-up.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { INDEXES } from '../../shared/indexes.ts';
import { buildLeadRecord } from '../../shared/leads/build-lead-record.ts';
import { LEAD_SOURCES, type TLeadStatus } from '../../shared/leads/lead.constants.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TIdentityProvider } from '../../shared/ports/identity.ts';
import { encodeCursor } from '../../shared/schemas/pagination.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES, MOTIVATIONS } from '../../shared/demo/demo-lead-data.ts';
import { createDemoRandom } from '../../shared/demo/demo-random.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { freePort } from '../support/function-process.ts';
import { printTable, summarize } from './support/report.ts';

const LEADS = Number(process.env.LEADS_BENCH_COUNT ?? 100_000);
const OTHER_TENANT_LEADS = 20_000;
const RUNS = Number(process.env.LEADS_BENCH_RUNS ?? 300);
const WARMUP = 30;
const TENANT = 'tnt_bench';
const DAY = 86_400_000;
const STATUS_WEIGHTS: [TLeadStatus, number][] = [['new', 30], ['contacted', 30], ['qualified', 15], ['under_contract', 5], ['closed', 5], ['lost', 15]];

const USERS = [
  { token: 'bench-admin-token', uid: 'bench-admin', role: 'admin' as const },
  { token: 'bench-rep-token', uid: 'bench-rep', role: 'acquisition_rep' as const },
];

const benchIdentity: TIdentityProvider = {
  async verifyIdToken(token) {
    const user = USERS.find((candidate) => candidate.token === token);
    if (!user) throw new AppError('unauthenticated', 'Unknown bench token');
    return { uid: user.uid, email: `${user.uid}@bench.test`, emailVerified: true, name: user.uid, claims: { tenant_id: TENANT, role: user.role } };
  },
  async setMembershipClaims() {},
  async setDisabled() {},
};

/** `count` realistic leads of one tenant (Texas cities, statuses by weight, 80 % assigned), seeded by `random`. */
export function generateLeads(tenantId: string, count: number, random: () => number, now: Date): TLeadRecord[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const weighted = <T>(entries: [T, number][]): T => {
    let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of entries) if ((roll -= weight) < 0) return value;
    return entries[0]?.[0] as T;
  };
  const leads: TLeadRecord[] = [];
  for (let index = 0; index < count; index++) {
    const city = pick(CITIES);
    const created = new Date(now.getTime() - Math.floor(random() * 365 * DAY));
    const motivation = pick(MOTIVATIONS);
    const { record } = buildLeadRecord(
      {
        first_name: pick(FIRST_NAMES),
        last_name: pick(LAST_NAMES),
        phone: `${pick(city.areaCodes)}${200 + Math.floor(random() * 700)}${String(Math.floor(random() * 10_000)).padStart(4, '0')}`,
        address: { line1: `${100 + Math.floor(random() * 9_800)} ${pick(city.streets)}`, city: city.city, state: 'TX', zip: pick(city.zips) },
        property_type: 'single_family',
        estimated_value: Math.round((city.values[0] + random() * (city.values[1] - city.values[0])) / 1_000) * 1_000,
        source: pick(LEAD_SOURCES),
        tags: [...motivation.tags],
        notes: motivation.stories[0] ?? '',
        ...(random() < 0.2 ? {} : { assigned_to: random() < 0.5 ? 'bench-admin' : 'bench-rep' }),
      },
      { tenantId, createdBy: 'bench-admin', now: created },
    );
    if (!record) continue;
    const status = weighted(STATUS_WEIGHTS);
    record._id = `ld_${created.getTime().toString(16).padStart(12, '0')}${index.toString(16).padStart(16, '0')}`;
    record.status = status;
    if (status !== 'new') record.status_history.push({ from: 'new', to: status, at: new Date(created.getTime() + DAY), by: 'bench-rep' });
    if (status !== 'new' && status !== 'lost') record.last_contacted = new Date(created.getTime() + DAY);
    leads.push(record);
  }
  return leads;
}

export default async function leadsBench(): Promise<void> {
  const now = new Date();
  const random = createDemoRandom(42).next;
  const db = await openEmbeddedDatabase();
  await applyIndexes(db, INDEXES);
  const tenant: TTenantRecord = { _id: TENANT, tenant_id: TENANT, name: 'Bench Homes', timezone: 'America/Chicago', plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: 'bench-admin', created_at: now, updated_at: now };
  await db.collection<TTenantRecord>('tenants').insertOne(tenant);
  await db.collection<TUserRecord>('users').insertMany(
    USERS.map((user) => ({ _id: user.uid, tenant_id: TENANT, email: `${user.uid}@bench.test`, name: user.uid, role: user.role, status: 'active' as const, weekly_report: false, created_at: now, updated_at: now, last_seen_at: null })),
  );

  const loadStarted = performance.now();
  const leads = generateLeads(TENANT, LEADS, random, now);
  const generated = performance.now();
  const tenantLeads = bindTenant(db, TENANT).collection<TLeadRecord>('leads');
  for (let start = 0; start < leads.length; start += 5_000) await tenantLeads.insertMany(leads.slice(start, start + 5_000));
  await bindTenant(db, 'tnt_other').collection<TLeadRecord>('leads').insertMany(generateLeads('tnt_other', OTHER_TENANT_LEADS, random, now));
  const loaded = performance.now();
  printTable('Leads bench: data', [
    {
      leads: leads.length,
      'other tenant': OTHER_TENANT_LEADS,
      indexes: INDEXES.leads?.length ?? 0,
      'generate s': (generated - loadStarted) / 1_000,
      'insert s': (loaded - generated) / 1_000,
      'heap MB': Math.round(process.memoryUsage().heapUsed / 1_048_576),
    },
  ]);

  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-leads-bench-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const platform = await createPlatform(config, { db, identity: benchIdentity });
  const host = await startLocalHost({ platform, rootDir: resolve(import.meta.dirname, '..', '..'), port });

  // A deep page: the cursor the API would issue after the lead halfway down the default order.
  const ordered = [...leads].sort((a, b) => b.created_at.getTime() - a.created_at.getTime() || (a._id < b._id ? 1 : -1));
  const depth = Math.floor(leads.length / 2);
  const deep = ordered[depth - 1] ?? ordered[0];
  const deepCursor = deep ? encodeCursor(deep.created_at, deep._id) : '';
  const common = LAST_NAMES[0] ?? 'garcia';
  const phone = leads[Math.floor(leads.length / 3)]?.phone?.slice(2, 8) ?? '512555';

  const scenarios: { name: string; token: string; path: string }[] = [
    { name: 'default list (admin)', token: 'bench-admin-token', path: '/api/leads' },
    { name: 'default list (rep: own + unassigned)', token: 'bench-rep-token', path: '/api/leads' },
    { name: 'status=qualified', token: 'bench-admin-token', path: '/api/leads?status=qualified' },
    { name: 'status=new,contacted', token: 'bench-admin-token', path: '/api/leads?status=new,contacted' },
    { name: 'tag=probate', token: 'bench-admin-token', path: '/api/leads?tag=probate' },
    { name: `q=${common.toLowerCase()}`, token: 'bench-admin-token', path: `/api/leads?q=${encodeURIComponent(common.toLowerCase())}` },
    { name: `q=maria ${common.toLowerCase()}`, token: 'bench-admin-token', path: `/api/leads?q=${encodeURIComponent(`maria ${common.toLowerCase()}`)}` },
    { name: `q=${phone} (phone prefix)`, token: 'bench-admin-token', path: `/api/leads?q=${phone}` },
    { name: `deep cursor (after ${depth.toLocaleString('en-US')})`, token: 'bench-admin-token', path: `/api/leads?cursor=${deepCursor}` },
    { name: 'sort=estimated_value asc', token: 'bench-admin-token', path: '/api/leads?sort=estimated_value&direction=asc' },
    { name: 'counts by status', token: 'bench-admin-token', path: '/api/leads/counts' },
  ];
  const rows: Record<string, string | number>[] = [];
  try {
    for (const scenario of scenarios) {
      const samples: number[] = [];
      let items = 0;
      for (let run = 0; run < WARMUP + RUNS; run++) {
        const started = performance.now();
        const response = await fetch(`${host.url}${scenario.path}`, { headers: { authorization: `Bearer ${scenario.token}` } });
        const body = (await response.json()) as { items?: unknown[]; total?: number };
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${scenario.name}: ${response.status} ${JSON.stringify(body)}`);
        if (run >= WARMUP) samples.push(elapsed);
        items = body.items?.length ?? body.total ?? 0;
      }
      const { p50, p95, p99 } = summarize(samples);
      rows.push({ scenario: scenario.name, items, 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99, 'goal p95 < 30 ms': p95 < 30 ? 'met' : 'missed' });
    }
  } finally {
    await host.close();
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  printTable(`GET /api/leads through the local host, ${LEADS.toLocaleString('en-US')} leads, ${RUNS} sequential requests each (after ${WARMUP} warm-up)`, rows);
}
