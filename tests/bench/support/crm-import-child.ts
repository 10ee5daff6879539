/**
 * One measurement of the CSV bench in a process of its own, so its peak RSS is its own:
 * `node crm-import-child.ts <step> <dataDir> [csvPath]`. Prints one JSON line.
 *
 * - `import`: the local platform (durable embedded store under dataDir, file blob store), a
 *   tenant on the scale plan, the CSV copied into the blob store as an upload would be, then
 *   `runImport` of the whole file (validation pass, then batches); then the same lead documents
 *   inserted again into another tenant (the store's own cost), and a CSV export of every lead.
 * - `pipeline`: the same import against a store that keeps only the fields duplicate checks
 *   read (thin-leads-database.ts): the import's own speed and memory.
 * - `match`: 10k buyers and a deal, then buyer matching for the deal, cold and warm.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import type { TBuyerRecord } from '../../../shared/buyers/buyer-record.ts';
import type { TServiceContext } from '../../../shared/context/service-context.ts';
import type { TDealRecord } from '../../../shared/deals/deal-record.ts';
import { detectColumnMapping } from '../../../shared/imports/detect-column-mapping.ts';
import type { TImportRecord } from '../../../shared/imports/import-record.ts';
import { leadImportTarget } from '../../../shared/imports/lead-import-target.ts';
import { runImport } from '../../../shared/imports/run-import.ts';
import { INDEXES } from '../../../shared/indexes.ts';
import { exportLeads } from '../../../shared/leads/export-leads.ts';
import { ZListLeadsQuery } from '../../../shared/leads/lead.schemas.ts';
import { matchBuyersForDeal } from '../../../shared/matching/match-buyers.ts';
import { bindTenant } from '../../../shared/tenancy/tenant-database.ts';
import { PLANS } from '../../../shared/tenants/plans.ts';
import type { TTenantRecord } from '../../../shared/tenants/tenant-record.ts';
import type { TDocument } from '../../../shared/ports/document-store.ts';
import { loadConfig } from '../../../infra/platform/config.ts';
import { createPlatform } from '../../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../../infra/store/apply-indexes.ts';
import { mulberry32 } from '../../support/seeded-random.ts';
import { thinLeadsDatabase } from './thin-leads-database.ts';

const [step, dataDir, csvPath] = process.argv.slice(2);
if (!step || !dataDir) throw new Error('usage: crm-import-child.ts <import|match> <dataDir> [csvPath]');
const TENANT = 'tnt_bench';
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
/** Live heap after a full collection (the child runs with --expose-gc): what the process really holds. */
const liveHeapMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
};
const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

const platform = await createPlatform(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' }));
const db = step === 'pipeline' ? thinLeadsDatabase(await platform.db()) : await platform.db();
await applyIndexes(db, INDEXES);
const now = new Date();
const tenant: TTenantRecord = { _id: TENANT, tenant_id: TENANT, name: 'Bench Homes', timezone: 'America/Chicago', plan: PLANS.scale, settings: { mao_factor: 0.7 }, created_by: 'bench', created_at: now, updated_at: now };
await db.collection<TTenantRecord>('tenants').insertOne(tenant);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const ctx: TServiceContext = {
  principal: { uid: 'bench-admin', email: 'bench@example.test', tenantId: TENANT, role: 'admin', name: 'Bench' },
  tenant,
  db: bindTenant(db, TENANT),
  events: { publish: async () => undefined },
  ports: platform,
  log: silent,
};

if (step === 'import' || step === 'pipeline') {
  if (!csvPath) throw new Error('import needs the CSV path');
  const key = `imports/${TENANT}/imp_bench.csv`;
  const target = join(dataDir, 'blobs', ...key.split('/'));
  await mkdir(dirname(target), { recursive: true });
  await pipeline(createReadStream(csvPath), createWriteStream(target));
  const header = await firstLine(csvPath);
  const columns = header.split(',');
  const record: TImportRecord = {
    _id: 'imp_bench',
    tenant_id: TENANT,
    kind: 'leads',
    status: 'queued',
    file: { name: 'bench.csv', bytes: 0, blob_key: key, encoding: 'utf-8', delimiter: ',' },
    columns,
    mapping: detectColumnMapping(columns, leadImportTarget.fields, leadImportTarget.overflow),
    options: { duplicates: 'skip', tags: ['bench'], assigned_to: null },
    progress: { rows_total: null, rows_done: 0, checkpoint_line: 0 },
    result: { created: 0, updated: 0, skipped: 0, rejected: 0 },
    duplicates_sample: [],
    error: null,
    lease_until: null,
    created_by: 'bench-admin',
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
  };
  await db.collection<TImportRecord>('imports').insertOne(record);
  const rssBefore = rssMb();
  const started = performance.now();
  const outcome = await runImport(ctx, record._id, { budgetMs: Number.POSITIVE_INFINITY });
  const importMs = performance.now() - started;
  const stored = await db.collection<TImportRecord>('imports').findOne({ _id: record._id });
  const validationMs = stored?.started_at ? stored.started_at.getTime() - now.getTime() : null;
  const peakAfterImport = peakRssMb();
  const heapAfterImport = liveHeapMb();
  if (step === 'pipeline') {
    console.log(JSON.stringify({ outcome, rows: stored?.progress.rows_total, result: stored?.result, importMs, validationMs, rssBefore, peakAfterImport, heapAfterImport }));
    await platform.close();
    process.exit(0);
  }

  // The store alone: the same documents again, into another tenant, in batches of 1,000.
  const leads = db.collection<TDocument>('leads');
  const copies = (await leads.find({ tenant_id: TENANT }).toArray()).map((lead) => ({ ...lead, _id: `${lead._id}_copy`, tenant_id: 'tnt_copy' }));
  const storeStarted = performance.now();
  for (let index = 0; index < copies.length; index += 1000) await leads.insertMany(copies.slice(index, index + 1000));
  const storeMs = performance.now() - storeStarted;
  copies.length = 0;

  const exportStarted = performance.now();
  let bytes = 0;
  let lines = 0;
  const { stream } = await exportLeads(ctx, ZListLeadsQuery.parse({}));
  await pipeline(
    stream,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines++;
        callback();
      },
    }),
  );
  const exportMs = performance.now() - exportStarted;
  console.log(
    JSON.stringify({ outcome, rows: stored?.progress.rows_total, result: stored?.result, importMs, validationMs, rssBefore, peakAfterImport, heapAfterImport, storeMs, exportMs, exportRows: lines - 1, exportBytes: bytes, peakRss: peakRssMb() }),
  );
} else if (step === 'match') {
  const random = mulberry32(77);
  const cities = [
    ['Austin', ['78702', '78704', '78745', '78748']],
    ['San Antonio', ['78201', '78207', '78210']],
    ['Houston', ['77003', '77011', '77020', '77088']],
    ['Dallas', ['75211', '75216', '75227']],
    ['Fort Worth', ['76104', '76105']],
  ] as const;
  const types = ['single_family', 'multi_family', 'condo', 'townhouse', 'land'] as const;
  const buyers: TBuyerRecord[] = Array.from({ length: 10_000 }, (_, index) => {
    const [city, zips] = cities[index % cities.length] as (typeof cities)[number];
    const min = 50_000 + Math.floor(random() * 200_000);
    return {
      _id: `by_bench_${String(index).padStart(5, '0')}`,
      tenant_id: TENANT,
      first_name: `Buyer${index}`,
      last_name: 'Bench',
      full_name: `Buyer${index} Bench`,
      company: '',
      phone: null,
      email: null,
      buy_box: {
        property_types: [types[index % types.length] as (typeof types)[number], ...(random() < 0.4 ? [types[(index + 1) % types.length] as (typeof types)[number]] : [])],
        price_min: random() < 0.8 ? min : null,
        price_max: random() < 0.9 ? min + 150_000 : null,
        locations: { cities: random() < 0.7 ? [city] : [], states: ['TX'], zips: random() < 0.5 ? [zips[index % zips.length] as string] : [] },
        criteria: { strategies: ['flip'], financing: 'cash', max_repairs: random() < 0.3 ? 40_000 : null, min_bedrooms: null, notes: '' },
      },
      tags: [],
      notes: '',
      status: random() < 0.95 ? 'active' : 'inactive',
      last_activity_at: random() < 0.8 ? new Date(now.getTime() - Math.floor(random() * 200) * 86_400_000) : null,
      search_text: '',
      created_by: 'bench',
      created_at: now,
      updated_at: now,
    };
  });
  for (let index = 0; index < buyers.length; index += 1000) await db.collection<TBuyerRecord>('buyers').insertMany(buyers.slice(index, index + 1000));
  const deal: TDealRecord = {
    _id: 'dl_bench',
    tenant_id: TENANT,
    lead_id: 'ld_bench',
    property: { address: { line1: '4512 Oak Hollow Dr', city: 'Austin', state: 'TX', zip: '78745' }, property_type: 'single_family' },
    seller_name: 'Bench Seller',
    contract_price: 150_000,
    arv: 260_000,
    repair_estimate: 25_000,
    asking_price: 165_000,
    assignment_fee: null,
    buyer_id: null,
    status: 'marketing',
    open_lead_id: 'ld_bench',
    status_history: [{ from: null, to: 'marketing', at: now, by: 'bench' }],
    closing_date: null,
    marketing_started_at: now,
    assigned_at: null,
    closed_at: null,
    cancel_reason: null,
    notes: '',
    acquired_by: null,
    search_text: '',
    created_by: 'bench',
    created_at: now,
    updated_at: now,
  };
  await db.collection<TDealRecord>('deals').insertOne(deal);
  const query = { limit: 25, min_score: 30 };
  const coldStarted = performance.now();
  const first = await matchBuyersForDeal(ctx, deal._id, query);
  const coldMs = performance.now() - coldStarted;
  const samples: number[] = [];
  for (let run = 0; run < 300; run++) {
    const started = performance.now();
    await matchBuyersForDeal(ctx, deal._id, query);
    samples.push(performance.now() - started);
  }
  console.log(JSON.stringify({ considered: first.considered, matched: first.matched, top: first.items[0]?.score, coldMs, samples, peakRss: peakRssMb() }));
}
await platform.close();

async function firstLine(path: string): Promise<string> {
  for await (const chunk of createReadStream(path, { end: 64 * 1024, encoding: 'utf8' })) return String(chunk).split('\n')[0] ?? '';
  return '';
}
