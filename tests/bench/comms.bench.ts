/**
 * Communications: `npm run bench -- comms`.
 *
 * 1. Inbound webhooks through the local host in its own process (embedded store on disk, the
 *    journal's synchronous writes included), with 20k leads in the tenant: signature check,
 *    idempotency ledger, tenant by `To`, contact by phone, message, inbox row, lead, timeline,
 *    notification and the published event. Latency sequentially (one connection), throughput
 *    with 8 connections. Scenarios: a known lead texting, an unknown number (a new lead), a
 *    replay (deduplicated), a delivery status callback. Goal: p95 < 20 ms.
 * 2. Outbound: how fast the sending path enqueues scheduled sends — `sendMessage` in-process
 *    (render, compliance, record, queue task), `POST /api/communications/messages` through the
 *    pipeline with a stand-in identity (no Auth emulator lookups), and a deal blast to 200
 *    matched buyers by text and email (matching included).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { TBuyerRecord } from '../../shared/buyers/buyer-record.ts';
import { buildBuyerRecord } from '../../shared/buyers/build-buyer-record.ts';
import { ZCreateBlastRequest } from '../../shared/communications/blast.schemas.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import { createDealBlast } from '../../shared/communications/create-deal-blast.ts';
import type { TPhoneNumberRecord } from '../../shared/communications/phone-number-record.ts';
import { sendMessage } from '../../shared/communications/send-message.ts';
import { tenantSystemContext } from '../../shared/context/tenant-system-context.ts';
import { createDeal } from '../../shared/deals/create-deal.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES } from '../../shared/demo/demo-lead-data.ts';
import { createDemoRandom } from '../../shared/demo/demo-random.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { INDEXES } from '../../shared/indexes.ts';
import { buildLeadRecord } from '../../shared/leads/build-lead-record.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TIdentityProvider } from '../../shared/ports/identity.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig, SANDBOX_AUTH_TOKEN } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { embeddedStoreDirectory } from '../../infra/store/open-configured-database.ts';
import { freePort } from '../support/function-process.ts';
import { printTable, summarize } from './support/report.ts';

const rootDir = resolve(import.meta.dirname, '..', '..');
const TENANT = 'tnt_bench';
const NUMBER = '+17372010001';
const LEADS = Number(process.env.COMMS_BENCH_LEADS ?? 20_000);
const SEQUENTIAL = Number(process.env.COMMS_BENCH_RUNS ?? 400);
const CONCURRENT_MS = 4_000;
const STATUS_RECORDS = 6_000;
const ACCOUNT = `AC${'0'.repeat(32)}`;

async function prepare(db: TDatabase, now: Date): Promise<{ phones: string[]; outbound: { id: string; sid: string }[] }> {
  await applyIndexes(db, INDEXES);
  const random = createDemoRandom(11);
  const tenant: TTenantRecord = { _id: TENANT, tenant_id: TENANT, name: 'Bench Homes', timezone: 'America/Chicago', plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: 'bench-admin', created_at: now, updated_at: now };
  await db.collection<TTenantRecord>('tenants').insertOne(tenant);
  await db.collection<TUserRecord>('users').insertMany(
    ['bench-admin', 'bench-rep'].map((uid) => ({ _id: uid, tenant_id: TENANT, email: `${uid}@bench.test`, name: uid, role: uid === 'bench-admin' ? 'admin' : 'acquisition_rep', status: 'active' as const, weekly_report: false, phone: '+15125550190', created_at: now, updated_at: now, last_seen_at: null })),
  );
  const number: TPhoneNumberRecord = { _id: 'pn_bench', tenant_id: TENANT, number: NUMBER, label: 'Bench', provider_sid: `PN${'0'.repeat(32)}`, capabilities: { sms: true, mms: true, voice: true }, throughput_per_second: 100, owner_id: null, is_default: true, created_by: 'bench-admin', created_at: now, updated_at: now };
  await db.collection<TPhoneNumberRecord>('phone_numbers').insertOne(number);
  const leads: TLeadRecord[] = [];
  for (let index = 0; index < LEADS; index++) {
    const city = random.pick(CITIES);
    const { record } = buildLeadRecord(
      {
        first_name: random.pick(FIRST_NAMES),
        last_name: random.pick(LAST_NAMES),
        phone: `+1${random.pick(city.areaCodes)}${200 + (index % 700)}${String(index).padStart(4, '0').slice(-4)}`,
        address: { line1: `${100 + index} ${random.pick(city.streets)}`, city: city.city, state: 'TX', zip: random.pick(city.zips) },
        source: 'direct_mail',
        assigned_to: index % 2 === 0 ? 'bench-rep' : null,
      },
      { tenantId: TENANT, createdBy: 'bench-admin', now },
    );
    if (record) leads.push(record);
  }
  const tenantLeads = bindTenant(db, TENANT).collection<TLeadRecord>('leads');
  for (let start = 0; start < leads.length; start += 5_000) await tenantLeads.insertMany(leads.slice(start, start + 5_000));
  // Sent texts waiting for their delivery callback.
  const outbound: TCommunicationRecord[] = Array.from({ length: STATUS_RECORDS }, (_, index) => {
    const lead = leads[index % leads.length] as TLeadRecord;
    return {
      _id: `cm_bench_${index}`,
      tenant_id: TENANT,
      channel: 'sms',
      direction: 'outbound',
      status: 'sent',
      from: NUMBER,
      to: lead.phone as string,
      body: 'Hello',
      lead_id: lead._id,
      buyer_id: null,
      deal_id: null,
      provider_sid: `SM${index.toString(16).padStart(32, '0')}`,
      duration_seconds: null,
      recording_url: null,
      sent_by: 'bench-admin',
      error: null,
      read: true,
      created_at: now,
      updated_at: now,
    };
  });
  await bindTenant(db, TENANT).collection<TCommunicationRecord>('communications').insertMany(outbound);
  return { phones: leads.map((lead) => lead.phone as string), outbound: outbound.map((record) => ({ id: record._id, sid: record.provider_sid as string })) };
}

type TWebhook = { path: string; params: Record<string, string> };

/** Sends signed webhooks: `connections` keep-alive loops for `durationMs`, or `count` one after another. */
async function drive(baseUrl: string, next: () => TWebhook, options: { connections: number; durationMs?: number; count?: number }) {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(baseUrl);
  const latencies: number[] = [];
  let failures = 0;
  const send = ({ path, params }: TWebhook) =>
    new Promise<number>((done) => {
      const body = new URLSearchParams(params).toString();
      const signature = getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${baseUrl}${path}`, params);
      const req = request(
        { agent, method: 'POST', host: target.hostname, port: target.port, path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature } },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        },
      );
      req.on('error', () => done(0));
      req.end(body);
    });
  const started = performance.now();
  const loop = async (budget: { left: number }) => {
    while (options.durationMs ? performance.now() - started < options.durationMs : budget.left-- > 0) {
      const webhook = next();
      const sentAt = performance.now();
      const status = await send(webhook);
      latencies.push(performance.now() - sentAt);
      if (status < 200 || status >= 300) failures++;
    }
  };
  const budget = { left: options.count ?? 0 };
  await Promise.all(Array.from({ length: options.connections }, () => loop(budget)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { ...summarize(latencies), perSecond: latencies.length / seconds, failures };
}

async function webhookBench(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-comms-bench-'));
  const prepared = await (async () => {
    const db = await openEmbeddedDatabase({ directory: embeddedStoreDirectory(dataDir) });
    try {
      return await prepare(db, new Date());
    } finally {
      await db.close();
    }
  })();
  const port = await freePort();
  const child = spawn(process.execPath, [join(rootDir, 'tests/bench/support/comms-host-process.ts')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO: 'false', TELEPHONY: 'sandbox', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    if (!child.stdout) throw new Error('the host process has no stdout');
    await once(child.stdout, 'data');
    const baseUrl = `http://localhost:${port}`;
    let counter = 0;
    const sid = (prefix: string) => `${prefix}${(++counter).toString(16).padStart(8, '0')}${process.pid.toString(16).padStart(24, '0')}`;
    const sms = (from: string, messageSid = sid('SM')): TWebhook => ({
      path: '/api/twilio/sms',
      params: { MessageSid: messageSid, SmsSid: messageSid, AccountSid: ACCOUNT, From: from, To: NUMBER, Body: 'Is your offer still good for the house?', NumMedia: '0', NumSegments: '1', ApiVersion: '2010-04-01' },
    });
    const random = createDemoRandom(5);
    const replayed = sms(random.pick(prepared.phones));
    let unknown = 0;
    let status = 0;
    const scenarios: { name: string; next: () => TWebhook }[] = [
      { name: 'inbound SMS from a known lead', next: () => sms(random.pick(prepared.phones)) },
      { name: 'inbound SMS from an unknown number (creates a lead)', next: () => sms(`+1737${String(3_000_000 + ++unknown).padStart(7, '0')}`) },
      { name: 'replayed inbound SMS (deduplicated)', next: () => replayed },
      {
        name: 'delivery status callback',
        next: () => {
          const record = prepared.outbound[status++ % prepared.outbound.length] as { id: string; sid: string };
          return { path: `/api/twilio/sms/status?ref=${record.id}`, params: { MessageSid: record.sid, MessageStatus: 'delivered', From: NUMBER, To: '+15125550142', AccountSid: ACCOUNT } };
        },
      },
    ];
    const probe = scenarios[0]?.next() ?? replayed;
    const probeResponse = await fetch(`${baseUrl}${probe.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${baseUrl}${probe.path}`, probe.params) },
      body: new URLSearchParams(probe.params).toString(),
    });
    if (!probeResponse.ok) throw new Error(`The webhook answered ${probeResponse.status}: ${await probeResponse.text()}`);
    // Warm-up: load the route modules and the store's hot paths.
    await drive(baseUrl, scenarios[0]?.next ?? (() => replayed), { connections: 1, count: 50 });
    const rows: Record<string, string | number>[] = [];
    for (const scenario of scenarios) {
      const sequential = await drive(baseUrl, scenario.next, { connections: 1, count: SEQUENTIAL });
      const concurrent = await drive(baseUrl, scenario.next, { connections: 8, durationMs: CONCURRENT_MS });
      rows.push({
        scenario: scenario.name,
        'p50 ms': sequential.p50,
        'p95 ms': sequential.p95,
        'p99 ms': sequential.p99,
        'goal p95 < 20 ms': sequential.p95 < 20 ? 'met' : 'missed',
        'req/s (8 conn)': concurrent.perSecond,
        'p95 ms (8 conn)': concurrent.p95,
        errors: sequential.failures + concurrent.failures,
      });
    }
    printTable(`Twilio webhooks through the local host (own process, embedded store on disk, ${LEADS.toLocaleString('en-US')} leads); ${SEQUENTIAL} sequential, then 8 connections for ${CONCURRENT_MS / 1000} s`, rows);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
  }
}

const benchIdentity: TIdentityProvider = {
  async verifyIdToken(token) {
    if (token !== 'bench-admin-token') throw new AppError('unauthenticated', 'Unknown bench token');
    return { uid: 'bench-admin', email: 'bench-admin@bench.test', emailVerified: true, name: 'bench-admin', claims: { tenant_id: TENANT, role: 'admin' } };
  },
  async setMembershipClaims() {},
  async setDisabled() {},
};

async function enqueueBench(): Promise<void> {
  const db = await openEmbeddedDatabase();
  const prepared = await prepare(db, new Date());
  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-comms-enqueue-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', TELEPHONY: 'sandbox', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0' });
  const platform = await createPlatform(config, { db, identity: benchIdentity });
  const host = await startLocalHost({ platform, rootDir, port });
  const tenant = (await db.collection<TTenantRecord>('tenants').findOne({ _id: TENANT })) as TTenantRecord;
  const ctx = tenantSystemContext({ db, ports: platform, log: platform.logger }, tenant, 'workflow:bench');
  const random = createDemoRandom(17);
  const leadIds = (await bindTenant(db, TENANT).collection<TLeadRecord>('leads').find({}, { projection: { _id: 1 }, limit: 5_000 }).toArray()).map((lead) => lead._id);
  const at = new Date(Date.now() + 86_400_000).toISOString();
  const body = 'Hi {{first_name|there}}, {{company_name}} here about {{property_street|your property}}. Still open to an offer?';
  const rows: Record<string, string | number>[] = [];
  try {
    const COUNT = 2_000;
    for (const concurrency of [1, 8]) {
      const latencies: number[] = [];
      const started = performance.now();
      let left = COUNT;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) {
            const sentAt = performance.now();
            await sendMessage(ctx, { to: { lead_id: random.pick(leadIds) }, body, at, automated: true });
            latencies.push(performance.now() - sentAt);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const { p50, p95 } = summarize(latencies);
      rows.push({ path: 'sendMessage (in-process, scheduled)', concurrency, sends: COUNT, 'sends/s': COUNT / seconds, 'p50 ms': p50, 'p95 ms': p95 });
    }
    const latencies: number[] = [];
    const started = performance.now();
    const HTTP_COUNT = 1_000;
    for (let index = 0; index < HTTP_COUNT; index++) {
      const sentAt = performance.now();
      const response = await fetch(`${host.url}/api/communications/messages`, {
        method: 'POST',
        headers: { authorization: 'Bearer bench-admin-token', 'content-type': 'application/json' },
        body: JSON.stringify({ to: { lead_id: random.pick(leadIds) }, body, at, force: true }),
      });
      await response.text();
      if (response.status !== 202) throw new Error(`POST /api/communications/messages answered ${response.status}`);
      latencies.push(performance.now() - sentAt);
    }
    const seconds = (performance.now() - started) / 1000;
    const { p50, p95 } = summarize(latencies);
    rows.push({ path: 'POST /api/communications/messages (scheduled)', concurrency: 1, sends: HTTP_COUNT, 'sends/s': HTTP_COUNT / seconds, 'p50 ms': p50, 'p95 ms': p95 });
    // A deal blast to 200 matched buyers (text and email): 400 scheduled sends in one request.
    const buyers = Array.from({ length: 200 }, (_, index) => {
      const { record } = buildBuyerRecord(
        {
          first_name: random.pick(FIRST_NAMES),
          last_name: random.pick(LAST_NAMES),
          phone: `+1512${String(3_000_000 + index).padStart(7, '0')}`,
          email: `buyer${index}@bench.test`,
          buy_box: { property_types: ['single_family'], price_min: 100_000, price_max: 400_000, locations: { cities: ['Austin'], states: ['TX'], zips: [] }, criteria: { strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '' } },
          status: 'active',
        },
        { tenantId: TENANT, createdBy: 'bench-admin', now: new Date() },
      );
      if (!record) throw new Error('bench buyer');
      return record;
    });
    await bindTenant(db, TENANT).collection<TBuyerRecord>('buyers').insertMany(buyers);
    const leadId = leadIds[0] as string;
    await bindTenant(db, TENANT).collection<TLeadRecord>('leads').updateOne({ _id: leadId }, { $set: { status: 'qualified', property_type: 'single_family', address: { line1: '1 Bench St', city: 'Austin', state: 'TX', zip: '78701' } } });
    const deal = await createDeal(ctx, { lead_id: leadId, contract_price: 150_000, arv: 260_000, repair_estimate: 30_000, asking_price: 175_000 });
    const blastTimes: number[] = [];
    let reached = 0;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const blast = await createDealBlast(ctx, ZCreateBlastRequest.parse({ deal_id: deal.id, sms: {}, email: {}, limit: 200, min_score: 0, allow_repeat: true }));
      blastTimes.push(performance.now() - started);
      reached = blast.counts.messages;
    }
    const blastSummary = summarize(blastTimes);
    rows.push({ path: `deal blast to 200 buyers (${reached} texts and emails)`, concurrency: 1, sends: reached * 5, 'sends/s': (reached * 5) / (blastTimes.reduce((sum, ms) => sum + ms, 0) / 1000), 'p50 ms': blastSummary.p50, 'p95 ms': blastSummary.p95 });
    const queued = await db.collection('_queue_tasks').countDocuments({ 'attributes.job': 'communications.send' });
    printTable(`Outbound enqueue: scheduled sends (record + queue task), embedded store in memory, ${prepared.phones.length.toLocaleString('en-US')} leads; ${queued.toLocaleString('en-US')} tasks queued`, rows);
  } finally {
    await host.close();
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export default async function commsBench(): Promise<void> {
  await webhookBench();
  await enqueueBench();
}
