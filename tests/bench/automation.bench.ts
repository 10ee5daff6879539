/**
 * Automation engine: `npm run bench -- automation`.
 *
 * The local host in this process (embedded store on disk, embedded queue delivering push
 * envelopes over HTTP to the `jobs` function, telephony sandbox), no Auth emulator needed.
 * 1. Throughput: `lead_created` events published at once for 1,000 leads, two active workflows
 *    (speed to lead: a text through the sending path and an in-app note; and a 3-step
 *    condition → tag → notify workflow), drained: events and steps per second end to end.
 * 2. Step latency: one execution at a time: the queue's delivery over HTTP per message (a
 *    chain's wall time / its deliveries), and each step inside the worker from its claim to its
 *    recorded outcome (the execution history, real clock), per step kind. Goal p95 < 50 ms.
 * 3. Memory: 10,000 executions waiting on a 3-day delay (execution documents, their queued
 *    step tasks): heap and RSS growth after GC. Goal < 100 MB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { ZWorkflowDefinition } from '../../shared/automation/workflow.schemas.ts';
import type { TWorkflowDefinitionInput } from '../../shared/automation/workflow.schemas.ts';
import { createWorkflow, setWorkflowStatus } from '../../shared/automation/save-workflow.ts';
import { findTemplate } from '../../shared/automation/workflow-templates.ts';
import type { TExecutionRecord } from '../../shared/automation/workflow-record.ts';
import type { TPhoneNumberRecord } from '../../shared/communications/phone-number-record.ts';
import { tenantSystemContext } from '../../shared/context/tenant-system-context.ts';
import type { TServiceContext } from '../../shared/context/service-context.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES } from '../../shared/demo/demo-lead-data.ts';
import { createDemoRandom } from '../../shared/demo/demo-random.ts';
import { INDEXES } from '../../shared/indexes.ts';
import { buildLeadRecord } from '../../shared/leads/build-lead-record.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import { PLANS } from '../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TUserRecord } from '../../shared/users/user-record.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { freePort } from '../support/function-process.ts';
import { printTable, summarize } from './support/report.ts';

const rootDir = resolve(import.meta.dirname, '..', '..');
const THROUGHPUT_LEADS = Number(process.env.AUTOMATION_BENCH_LEADS ?? 1_000);
const LATENCY_RUNS = Number(process.env.AUTOMATION_BENCH_RUNS ?? 200);
const WAITING = Number(process.env.AUTOMATION_BENCH_WAITING ?? 10_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 1_048_576, rss: usage.rss / 1_048_576 };
};

async function openHost() {
  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-automation-bench-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', SEED_DEMO: 'false', GOOGLE_CLOUD_PROJECT: 'demo-dealcycle' });
  const platform = await createPlatform(config);
  const db = await platform.db();
  await applyIndexes(db, INDEXES);
  const host = await startLocalHost({ platform, rootDir, port });
  const queue = await platform.local?.queue();
  if (!queue) throw new Error('The bench needs the embedded queue');
  return { platform, db, queue, dataDir, close: async () => { await host.close(); await platform.close(); await rm(dataDir, { recursive: true, force: true }); } };
}

async function prepareTenant(host: Awaited<ReturnType<typeof openHost>>, tenantId: string): Promise<TServiceContext> {
  const now = new Date();
  const tenant: TTenantRecord = { _id: tenantId, tenant_id: tenantId, name: 'Bench Homes', timezone: 'America/Chicago', plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: 'bench-admin', created_at: now, updated_at: now };
  await host.db.collection<TTenantRecord>('tenants').insertOne(tenant);
  await host.db.collection<TUserRecord>('users').insertMany(
    ['bench-admin', 'bench-rep'].map((uid) => ({ _id: `${uid}-${tenantId}`, tenant_id: tenantId, email: `${uid}@bench.test`, name: uid, role: uid.startsWith('bench-admin') ? 'admin' : 'acquisition_rep', status: 'active' as const, weekly_report: false, created_at: now, updated_at: now, last_seen_at: null })),
  );
  const number: TPhoneNumberRecord = { _id: `pn_${tenantId}`, tenant_id: tenantId, number: `+1737201${tenantId.length}${String(tenantId.charCodeAt(tenantId.length - 1)).padStart(3, '0')}`, label: 'Bench', provider_sid: `PN${'0'.repeat(32)}`, capabilities: { sms: true, mms: true, voice: true }, throughput_per_second: 10_000, owner_id: null, is_default: true, created_by: 'bench-admin', created_at: now, updated_at: now };
  await host.db.collection<TPhoneNumberRecord>('phone_numbers').insertOne(number);
  return tenantSystemContext({ db: host.db, ports: host.platform, log: host.platform.logger }, tenant, `bench-admin-${tenantId}`, 'Bench admin');
}

async function insertLeads(ctx: TServiceContext, count: number, seed: number): Promise<TLeadRecord[]> {
  const random = createDemoRandom(seed);
  const now = new Date();
  const leads: TLeadRecord[] = [];
  for (let index = 0; index < count; index++) {
    const city = random.pick(CITIES);
    const { record } = buildLeadRecord(
      {
        first_name: random.pick(FIRST_NAMES),
        last_name: random.pick(LAST_NAMES),
        phone: `+1${random.pick(city.areaCodes)}${200 + (index % 700)}${String(index).padStart(4, '0').slice(-4)}`,
        address: { line1: `${100 + index} ${random.pick(city.streets)}`, city: city.city, state: 'TX', zip: random.pick(city.zips) },
        source: 'direct_mail',
        estimated_value: random.int(90, 420) * 1000,
      },
      { tenantId: ctx.tenant._id, createdBy: 'bench-admin', now },
    );
    if (record) leads.push({ ...record, _id: `ld_${seed}_${index}`, assigned_to: `bench-rep-${ctx.tenant._id}` });
  }
  await ctx.db.collection<TLeadRecord>('leads').insertMany(leads);
  return leads;
}

async function activate(ctx: TServiceContext, definition: TWorkflowDefinitionInput) {
  const workflow = await createWorkflow(ctx, ZWorkflowDefinition.parse(definition));
  return setWorkflowStatus(ctx, workflow.id, 'active');
}

const engineOnly: TWorkflowDefinitionInput = {
  name: 'Tag valuable leads',
  trigger: { type: 'lead_created' },
  entry_step_id: 'valuable',
  steps: [
    { id: 'valuable', type: 'condition', conditions: [{ kind: 'value', operator: 'gte', value: 0 }], on_true: 'tag', on_false: 'end' },
    { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'valuable' }, next: 'note' },
    { id: 'note', type: 'notification', channel: 'in_app', to: { kind: 'assignee' }, title: 'Valuable lead', next: null },
  ],
};

const publishCreated = (ctx: TServiceContext, lead: TLeadRecord) =>
  ctx.events.publish({ type: 'lead_created', actor: 'bench-admin', subject: { kind: 'lead', id: lead._id }, data: { source: lead.source, status: lead.status, assigned_to: lead.assigned_to } });

export default async function automationBench(): Promise<void> {
  const host = await openHost();
  try {
    // 1. Throughput.
    const ctx = await prepareTenant(host, 'tnt_bench_a');
    const speed = findTemplate('speed_to_lead');
    if (!speed) throw new Error('speed_to_lead template missing');
    await activate(ctx, speed.definition);
    await activate(ctx, engineOnly);
    const leads = await insertLeads(ctx, THROUGHPUT_LEADS, 1);
    const started = performance.now();
    for (const lead of leads) await publishCreated(ctx, lead);
    const published = performance.now();
    const deliveries = await host.queue.drain();
    const elapsed = performance.now() - started;
    const executions = await ctx.db.collection('workflow_executions').countDocuments({ status: 'completed' });
    const texts = await ctx.db.collection('communications').countDocuments({ direction: 'outbound' });
    printTable('Automation throughput (end to end: event → executions → steps, embedded queue over HTTP)', [
      {
        events: leads.length,
        'executions completed': executions,
        'texts sent': texts,
        'queue deliveries': deliveries,
        'publish s': ((published - started) / 1000).toFixed(2),
        'total s': (elapsed / 1000).toFixed(2),
        'events/s': (leads.length / (elapsed / 1000)).toFixed(0),
        'steps/s': ((leads.length * 5) / (elapsed / 1000)).toFixed(0),
      },
    ]);

    // 2. Step latency, one execution at a time.
    const solo = await prepareTenant(host, 'tnt_bench_b');
    await activate(solo, speed.definition);
    await activate(solo, engineOnly);
    const soloLeads = await insertLeads(solo, LATENCY_RUNS, 2);
    // runDue() delivers what is due and what that enqueues, so one call runs a whole execution chain.
    const perDeliveryMs: number[] = [];
    for (const lead of soloLeads) {
      await publishCreated(solo, lead);
      const at = performance.now();
      const attempts = await host.queue.runDue();
      if (attempts > 0) perDeliveryMs.push((performance.now() - at) / attempts);
    }
    const runs = await solo.db
      .collection<TExecutionRecord>('workflow_executions')
      .find({}, { projection: { history: 1 } })
      .toArray();
    const inHandler = new Map<string, number[]>();
    for (const run of runs.flatMap((execution) => execution.history)) {
      const kind = run.type === 'action' ? 'action (text / tag)' : run.type;
      inHandler.set(kind, [...(inHandler.get(kind) ?? []), run.finished_at.getTime() - run.started_at.getTime()]);
    }
    const row = (what: string, samples: number[]) => {
      const summary = summarize(samples);
      return { what, n: summary.n, p50: summary.p50.toFixed(1), p95: summary.p95.toFixed(1), p99: summary.p99.toFixed(1) };
    };
    printTable('Automation step latency, one execution at a time (ms)', [
      row('queue delivery over HTTP, per message (mean of a chain)', perDeliveryMs),
      ...[...inHandler.entries()].map(([kind, samples]) => row(`step in the worker: ${kind} (claim → recorded)`, samples)),
    ]);

    // 3. Memory with executions waiting on a delay.
    const waitCtx = await prepareTenant(host, 'tnt_bench_c');
    await activate(waitCtx, {
      name: 'Wait three days',
      trigger: { type: 'lead_created' },
      entry_step_id: 'wait',
      steps: [
        { id: 'wait', type: 'delay', delay: { mode: 'duration', amount: 3, unit: 'days' }, next: 'tag' },
        { id: 'tag', type: 'action', action: { kind: 'add_tag', tag: 'waited' }, next: null },
      ],
    });
    const waitLeads = await insertLeads(waitCtx, WAITING, 3);
    for (const lead of waitLeads) await publishCreated(waitCtx, lead);
    await host.queue.drain();
    const before = heapMb();
    // The events are handled; what remains is the executions and their queued steps. Measure them by
    // comparing with the same tenant's data after deleting them.
    const waitingCount = await waitCtx.db.collection('workflow_executions').countDocuments({ status: 'waiting' });
    const queued = await host.db.collection('_queue_tasks').countDocuments({ topic: 'workflow-steps', state: 'pending' });
    await waitCtx.db.collection('workflow_executions').deleteMany({});
    await host.db.collection('_queue_tasks').deleteMany({ topic: 'workflow-steps' });
    const after = heapMb();
    printTable(`Automation memory: ${WAITING.toLocaleString('en-US')} executions waiting on a 3-day delay (embedded store, in memory)`, [
      { waiting: waitingCount, 'queued step tasks': queued, 'heap MB held': (before.heap - after.heap).toFixed(1), 'heap MB total': before.heap.toFixed(0), 'rss MB total': before.rss.toFixed(0) },
    ]);
  } finally {
    await host.close();
  }
}
