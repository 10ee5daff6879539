/**
 * Embedded document store: write throughput, indexed list queries, counts and aggregations,
 * open time and memory. `npm run bench -- store`. Set STORE_BENCH_MILLION=1 to also load
 * 1M lead-sized documents in memory (about a minute, ~2.5 GB of heap).
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TDatabase, TDocument, TFilter } from '../../shared/ports/document-store.ts';
import { printTable, summarize } from './support/report.ts';
import { seeded } from '../support/seeded-random.ts';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const STATUSES = ['new', 'contacted', 'qualified', 'under_contract', 'dead'];
const SOURCES = ['cold_call', 'sms', 'direct_mail', 'ppc', 'referral'];


const small = (i: number): TDocument => ({ _id: `s${String(i).padStart(8, '0')}`, tenant_id: `t${i % 20}`, n: i, status: STATUSES[i % 5], created_at: new Date(START + i * 1000) });

/** A lead as the CRM stores one: ~0.9 KB of JSON, nested address, tags, status history. */
function lead(i: number, tenant: string, random: () => number): TDocument {
  const created = new Date(START + Math.floor(random() * 365 * DAY));
  return {
    _id: `lead_${String(i).padStart(9, '0')}`,
    tenant_id: tenant,
    status: STATUSES[Math.floor(random() * STATUSES.length)],
    source: SOURCES[Math.floor(random() * SOURCES.length)],
    first_name: `First${i}`,
    last_name: `Last${i}`,
    phone: `+1555${String(i).padStart(7, '0')}`,
    email: `lead${i}@example.com`,
    property: { street: `${i} Main St`, city: 'Springfield', state: 'IL', zip: '62701', county: 'Sangamon', type: 'single_family', beds: 3, baths: 2, sqft: 1450, year_built: 1978 },
    asking_price: 150_000 + Math.floor(random() * 200_000),
    estimated_value: 240_000,
    motivation: 'inherited',
    timeline: '30_days',
    tags: random() < 0.5 ? ['probate', 'vacant'] : ['absentee'],
    notes: 'Owner inherited the house, lives out of state, wants a quick close. Roof is old, kitchen needs work. Call after 5pm.',
    assigned_to: `user_${Math.floor(random() * 10)}`,
    score: Math.floor(random() * 100),
    created_at: created,
    updated_at: created,
    last_contacted_at: null,
    status_history: [
      { status: 'new', at: created, by: 'user_1' },
      { status: 'contacted', at: new Date(created.getTime() + DAY), by: 'user_2' },
    ],
  };
}

async function withDirectory<R>(work: (directory: string) => Promise<R>): Promise<R> {
  const directory = mkdtempSync(join(tmpdir(), 'dealcycle-bench-'));
  try {
    return await work(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

async function timeIt(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function benchInserts(): Promise<void> {
  const documents = Array.from({ length: 100_000 }, (_, i) => small(i));
  const rows: Record<string, string | number>[] = [];
  for (const durable of [false, true]) {
    for (const batch of [100_000, 1_000]) {
      await withDirectory(async (directory) => {
        const db = await openEmbeddedDatabase(durable ? { directory } : {});
        const collection = db.collection('small');
        await collection.createIndex({ tenant_id: 1, created_at: -1 });
        const ms = await timeIt(async () => {
          for (let i = 0; i < documents.length; i += batch) await collection.insertMany(documents.slice(i, i + batch));
        });
        rows.push({ store: durable ? 'durable' : 'memory', 'docs per call': batch, docs: documents.length, ms: Math.round(ms), 'docs/s': perSecond(documents.length, ms) });
        await db.close();
      });
    }
    await withDirectory(async (directory) => {
      const db = await openEmbeddedDatabase(durable ? { directory } : {});
      const collection = db.collection('small');
      await collection.createIndex({ tenant_id: 1, created_at: -1 });
      const count = 20_000;
      const ms = await timeIt(async () => {
        for (let i = 0; i < count; i++) await collection.insertOne(documents[i] as TDocument);
      });
      rows.push({ store: durable ? 'durable' : 'memory', 'docs per call': 1, docs: count, ms: Math.round(ms), 'docs/s': perSecond(count, ms) });
      await db.close();
    });
  }
  printTable('insertMany / insertOne of small documents (one {tenant_id, created_at} index)', rows);
}

async function loadLeads(db: TDatabase, count: number, tenants: string[]): Promise<void> {
  const random = seeded(1);
  const leads = db.collection('leads');
  await leads.createIndex({ tenant_id: 1, created_at: -1 });
  await leads.createIndex({ tenant_id: 1, status: 1 });
  await leads.createIndex({ tenant_id: 1, phone: 1 });
  for (let i = 0; i < count; i += 10_000) {
    await leads.insertMany(Array.from({ length: Math.min(10_000, count - i) }, (_, j) => lead(i + j, tenants[(i + j) % tenants.length] as string, random)));
  }
}

async function benchQueries(): Promise<void> {
  const db = await openEmbeddedDatabase();
  // 100k leads in tenant t1, and 20k in two other tenants.
  await loadLeads(db, 100_000, ['t1']);
  const others = db.collection('leads');
  const random = seeded(2);
  await others.insertMany(Array.from({ length: 20_000 }, (_, i) => lead(200_000 + i, i % 2 ? 't2' : 't3', random)));
  const leads = db.collection('leads');
  const newest = { sort: { created_at: -1 as const }, limit: 50 };
  const cases: [string, TFilter, { sort?: Record<string, 1 | -1>; skip?: number; limit?: number }][] = [
    ['50 newest, status equality', { tenant_id: 't1', status: 'qualified' }, newest],
    ['50 newest, created_at range', { tenant_id: 't1', created_at: { $gte: new Date(START + 100 * DAY), $lt: new Date(START + 200 * DAY) } }, newest],
    ['50 newest, source equality (no index)', { tenant_id: 't1', source: 'sms' }, newest],
    ['50 newest, score >= 98 (selective, no index)', { tenant_id: 't1', score: { $gte: 98 } }, newest],
    ['page 20 (skip 950), status equality', { tenant_id: 't1', status: 'new' }, { ...newest, skip: 950 }],
    ['phone lookup', { tenant_id: 't1', phone: '+15550054321' }, {}],
  ];
  const rows: Record<string, string | number>[] = [];
  for (const [label, filter, options] of cases) {
    for (let i = 0; i < 20; i++) await leads.find(filter, options).toArray();
    const samples: number[] = [];
    let returned = 0;
    for (let i = 0; i < 300; i++) {
      const started = performance.now();
      returned = (await leads.find(filter, options).toArray()).length;
      samples.push(performance.now() - started);
    }
    const { p50, p95, p99 } = summarize(samples);
    rows.push({ query: label, returned, 'p50 ms': p50, 'p95 ms': p95, 'p99 ms': p99 });
  }
  printTable('list queries on 100k leads in one tenant (indexes {tenant_id, created_at:-1}, {tenant_id, status}, {tenant_id, phone})', rows);

  const aggregates: [string, () => Promise<unknown>][] = [
    ['countDocuments {tenant_id}', () => leads.countDocuments({ tenant_id: 't1' })],
    ['countDocuments {tenant_id, status}', () => leads.countDocuments({ tenant_id: 't1', status: 'new' })],
    ['countDocuments {tenant_id, score >= 50} (tests each doc)', () => leads.countDocuments({ tenant_id: 't1', score: { $gte: 50 } })],
    ['$group by status: count, avg price', () => leads.aggregate([{ $match: { tenant_id: 't1' } }, { $group: { _id: '$status', n: { $sum: 1 }, price: { $avg: '$asking_price' } } }]).toArray()],
    [
      '$group by month ($dateTrunc, America/Chicago)',
      () =>
        leads
          .aggregate([{ $match: { tenant_id: 't1' } }, { $group: { _id: { $dateTrunc: { date: '$created_at', unit: 'month', timezone: 'America/Chicago' } }, n: { $sum: 1 } } }])
          .toArray(),
    ],
    ['$match status + $count', () => leads.aggregate([{ $match: { tenant_id: 't1', status: 'dead' } }, { $count: 'n' }]).toArray()],
  ];
  const aggregateRows: Record<string, string | number>[] = [];
  for (const [label, run] of aggregates) {
    await run();
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) samples.push(await timeIt(run));
    const { p50, p95 } = summarize(samples);
    aggregateRows.push({ operation: label, 'p50 ms': p50, 'p95 ms': p95 });
  }
  printTable('counts and aggregations over the 100k leads of one tenant', aggregateRows);
  await db.close();
}

async function benchOpen(): Promise<void> {
  await withDirectory(async (directory) => {
    const rows: Record<string, string | number>[] = [];
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    // A huge threshold: the data stays in the journal until the next open compacts it.
    const db = await openEmbeddedDatabase({ directory, compactAfterBytes: 1 << 40 });
    const loadMs = await timeIt(() => loadLeads(db, 200_000, ['t1', 't2', 't3', 't4']));
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    await db.close();
    const bytes = (prefix: string) =>
      readdirSync(directory)
        .filter((name) => name.startsWith(prefix))
        .reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
    rows.push({ step: 'insert 200k leads (10k per insertMany, 3 indexes)', ms: Math.round(loadMs), 'docs/s': perSecond(200_000, loadMs), 'MB on disk': Math.round(bytes('journal') / 1e6) });

    let reopened!: TDatabase;
    const replayMs = await timeIt(async () => (reopened = await openEmbeddedDatabase({ directory })));
    rows.push({ step: 'open: replay the journal (then compacts in the background)', ms: Math.round(replayMs), 'docs/s': perSecond(200_000, replayMs), 'MB on disk': Math.round(bytes('journal') / 1e6) });
    const compactMs = await timeIt(() => reopened.close());
    rows.push({ step: 'close: wait for that compaction to finish', ms: Math.round(compactMs), 'docs/s': '', 'MB on disk': Math.round(bytes('snapshot') / 1e6) });

    const samples: number[] = [];
    let loaded = 0;
    for (let i = 0; i < 3; i++) {
      let db2!: TDatabase;
      samples.push(await timeIt(async () => (db2 = await openEmbeddedDatabase({ directory }))));
      loaded = await db2.collection('leads').countDocuments();
      await db2.close();
    }
    const { p50 } = summarize(samples);
    rows.push({ step: `open: load the snapshot (${loaded.toLocaleString('en-US')} docs), 3 indexes (median of 3)`, ms: Math.round(p50), 'docs/s': perSecond(loaded, p50), 'MB on disk': Math.round(bytes('snapshot') / 1e6) });
    printTable('a directory with 200k lead-sized documents (~0.9 KB JSON each)', rows);
    await benchSmallOpen();
    if (global.gc) {
      printTable('memory', [{ documents: 200_000, 'heap MB': Math.round((heapAfter - heapBefore) / 1e6), 'bytes/lead (docs + 3 indexes)': Math.round((heapAfter - heapBefore) / 200_000), 'projected 1M leads, GB': Number((((heapAfter - heapBefore) / 200_000) * 1e6) / 1e9).toFixed(2) }]);
    }
  });
}

async function benchSmallOpen(): Promise<void> {
  await withDirectory(async (directory) => {
    const db = await openEmbeddedDatabase({ directory });
    const collection = db.collection('small');
    await collection.createIndex({ tenant_id: 1, created_at: -1 });
    for (let i = 0; i < 200_000; i += 50_000) await collection.insertMany(Array.from({ length: 50_000 }, (_, j) => small(i + j)));
    await db.close();
    await (await openEmbeddedDatabase({ directory })).close();
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      let reopened!: TDatabase;
      samples.push(await timeIt(async () => (reopened = await openEmbeddedDatabase({ directory }))));
      await reopened.close();
    }
    printTable('a directory with 200k small documents (~100 B JSON each, one index)', [{ step: 'open: load the snapshot (median of 3)', ms: Math.round(summarize(samples).p50) }]);
  });
}

async function benchMillion(): Promise<void> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const db = await openEmbeddedDatabase();
  const ms = await timeIt(() => loadLeads(db, 1_000_000, Array.from({ length: 50 }, (_, i) => `t${i}`)));
  global.gc?.();
  const heap = process.memoryUsage().heapUsed - before;
  const samples: number[] = [];
  const leads = db.collection('leads');
  for (let i = 0; i < 200; i++) samples.push(await timeIt(() => leads.find({ tenant_id: `t${i % 50}`, status: 'new' }, { sort: { created_at: -1 }, limit: 50 }).toArray()));
  printTable('1M lead-sized documents in memory (50 tenants, 3 indexes)', [
    { 'insert ms': Math.round(ms), 'heap GB': Number((heap / 1e9).toFixed(2)), 'rss GB': Number((process.memoryUsage().rss / 1e9).toFixed(2)), 'list p95 ms': summarize(samples).p95 },
  ]);
  await db.close();
}

export default async function storeBench(): Promise<void> {
  if (!global.gc) console.log('(run node with --expose-gc for the memory table)');
  await benchInserts();
  await benchQueries();
  await benchOpen();
  if (process.env.STORE_BENCH_MILLION === '1') await benchMillion();
}
