/**
 * CSV import and export of leads, and buyer matching: `npm run bench -- crm-import`.
 *
 * - Import: a generated 100k-row list-provider CSV (owner names, split property and mailing
 *   addresses, three phones, email, type, value; ~1 % bad phones, ~1 % repeated owners) run
 *   through `runImport` in a child process whose peak RSS is read from `process.resourceUsage()`:
 *   1. against the local platform (durable embedded store, file blob store): the embedded store
 *      keeps every lead, with all its indexes (shared/indexes.ts), in that process's memory;
 *   2. against a thin `leads` collection that keeps only what duplicate checks read
 *      (support/thin-leads-database.ts): the import pipeline alone, as in production where
 *      MongoDB stores the leads outside the function;
 *   3. the same with the V8 heap capped, to show nothing grows with the file.
 *   Also the store alone (the same documents inserted again) and the live heap after a GC.
 * - Export: every imported lead streamed as CSV by `exportLeads` (keyset pages of 2,000).
 * - Matching: ranking 10k buyers for a deal (`matchBuyersForDeal`): the first call reads the
 *   buyers, later calls reuse the pool while the fingerprint holds. Goals: import ≥ 50k rows/s
 *   with peak RSS < 400 MB, export of 100k < 2 s, matching < 50 ms.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEXES } from '../../shared/indexes.ts';
import { mulberry32 } from '../support/seeded-random.ts';
import { printTable, summarize } from './support/report.ts';

const ROWS = Number(process.env.CRM_IMPORT_ROWS ?? 100_000);
const HEAP_CAP_MB = 160;
const CHILD = fileURLToPath(new URL('./support/crm-import-child.ts', import.meta.url));

const HEADER = [
  'Owner 1 First Name',
  'Owner 1 Last Name',
  'Property Address',
  'Property City',
  'Property State',
  'Property Zip',
  'Mailing Address',
  'Mailing City',
  'Mailing State',
  'Mailing Zip',
  'Phone 1',
  'Phone 2',
  'Phone 3',
  'Email',
  'Property Type',
  'Estimated Value',
  'Tags',
];
const FIRST = ['JAMES', 'MARY', 'ROBERT', 'PATRICIA', 'JOHN', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'MARIA', 'JOSE', 'ROSA', 'CARLOS', 'ANA', 'WILLIAM', 'ELIZABETH'];
const LAST = ['GARCIA', 'SMITH', 'MARTINEZ', 'JOHNSON', 'RODRIGUEZ', 'WILLIAMS', 'HERNANDEZ', 'BROWN', 'LOPEZ', 'JONES', 'GONZALEZ', 'DAVIS', 'PEREZ', 'MILLER'];
const CITIES = [
  { city: 'Austin', zips: ['78702', '78704', '78721', '78723', '78741', '78744', '78745'], areas: ['512', '737'] },
  { city: 'San Antonio', zips: ['78201', '78207', '78210', '78211', '78214', '78219'], areas: ['210', '726'] },
  { city: 'Houston', zips: ['77003', '77011', '77020', '77026', '77088', '77091'], areas: ['713', '281', '832', '346'] },
  { city: 'Dallas', zips: ['75203', '75211', '75215', '75216', '75217', '75227'], areas: ['214', '469', '972'] },
];
const STREETS = ['Oak Hollow Dr', 'Manor Rd', 'Riverside Dr', 'Culebra Rd', 'Rigsby Ave', 'Lyons Ave', 'Airline Dr', 'Bonnie View Rd', 'Ledbetter Dr', 'Elm St'];
const TYPES = ['Single Family Residence', 'SFR', 'Duplex', 'Condominium', 'Townhouse', 'Mobile Home', 'Vacant Land'];
const TAGS = ['probate', 'absentee', 'tax delinquent', 'vacant', 'high equity', 'pre-foreclosure'];

export async function generateCsv(path: string, rows: number): Promise<number> {
  const random = mulberry32(20_260_302);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const digits = (count: number) => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const phone = (areas: readonly string[]) => `(${pick(areas)}) ${200 + Math.floor(random() * 700)}-${digits(4)}`;
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${HEADER.join(',')}\n`);
  let chunk = '';
  let previous = '';
  for (let index = 0; index < rows; index++) {
    // About 1 % repeat the previous owner (in-file duplicates), about 1 % carry a bad phone.
    if (previous && random() < 0.01) {
      chunk += previous;
    } else {
      const place = pick(CITIES);
      const mailingElsewhere = random() < 0.3;
      const mailing = mailingElsewhere ? pick(CITIES) : place;
      const first = pick(FIRST);
      const last = pick(LAST);
      const street = `${100 + Math.floor(random() * 9900)} ${pick(STREETS)}`;
      const line = [
        first,
        last,
        street,
        place.city,
        'TX',
        pick(place.zips),
        mailingElsewhere ? `${100 + Math.floor(random() * 9900)} ${pick(STREETS)}` : street,
        mailing.city,
        'TX',
        pick(mailing.zips),
        random() < 0.01 ? '555-12' : phone(place.areas),
        random() < 0.7 ? phone(place.areas) : '',
        random() < 0.4 ? phone(place.areas) : '',
        random() < 0.6 ? `${first.toLowerCase()}.${last.toLowerCase()}${index}@example.com` : '',
        pick(TYPES),
        random() < 0.9 ? `"$${(80 + Math.floor(random() * 420)) * 1000}"` : '',
        random() < 0.5 ? `"${pick(TAGS)}; ${pick(TAGS)}"` : '',
      ].join(',');
      previous = `${line}\n`;
      chunk += previous;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return (await stat(path)).size;
}

function runChild<T>(args: string[], nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`crm-import-child ${args[0]} exited with ${code}`));
      const line = output.trim().split('\n').at(-1) ?? '{}';
      resolve(JSON.parse(line) as T);
    });
  });
}

interface TImportOutcome {
  heapAfterImport: number;
  outcome: string;
  storeMs: number;
  rows: number;
  result: { created: number; updated: number; skipped: number; rejected: number };
  importMs: number;
  validationMs: number | null;
  rssBefore: number;
  peakAfterImport: number;
  exportMs: number;
  exportRows: number;
  exportBytes: number;
  peakRss: number;
}

export default async function crmImportBench(): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'dealcycle-crm-bench-'));
  try {
    const csv = join(directory, 'leads.csv');
    const bytes = await generateCsv(csv, ROWS);
    const imported = await runChild<TImportOutcome>(['import', join(directory, 'import-data'), csv]);
    const pipeline = await runChild<TImportOutcome>(['pipeline', join(directory, 'pipeline-data'), csv]);
    // The same with the heap capped: it completes, so nothing grows with the file.
    const capped = await runChild<TImportOutcome>(['pipeline', join(directory, 'capped-data'), csv], [`--max-old-space-size=${HEAP_CAP_MB}`]);
    const row = (label: string, run: TImportOutcome) => ({
      store: label,
      created: run.result.created,
      skipped: run.result.skipped,
      rejected: run.result.rejected,
      'total s': run.importMs / 1000,
      'validation pass s': (run.validationMs ?? 0) / 1000,
      'rows/s': Math.round(run.rows / (run.importMs / 1000)),
      'RSS before MB': run.rssBefore,
      'peak RSS MB': run.peakAfterImport,
      'live heap after MB': run.heapAfterImport,
    });
    printTable(`Lead CSV import: ${ROWS.toLocaleString('en-US')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB (runImport in a child process)`, [
      row(`embedded, full leads, ${INDEXES.leads?.length ?? 0} lead indexes`, imported),
      row('thin leads: the import pipeline alone', pipeline),
      row(`thin leads, heap capped at ${HEAP_CAP_MB} MB`, capped),
    ]);
    printTable('The embedded store alone: the same lead documents inserted again (insertMany of 1,000)', [
      { documents: imported.result.created, 's': imported.storeMs / 1000, 'documents/s': Math.round(imported.result.created / (imported.storeMs / 1000)) },
    ]);
    printTable('Lead CSV export: every imported lead, streamed (exportLeads)', [
      { rows: imported.exportRows, MB: imported.exportBytes / 1024 / 1024, 's': imported.exportMs / 1000, 'rows/s': Math.round(imported.exportRows / (imported.exportMs / 1000)) },
    ]);
    const matched = await runChild<{ considered: number; matched: number; top: number; coldMs: number; samples: number[] }>(['match', join(directory, 'match-data')]);
    const warm = summarize(matched.samples);
    printTable('Buyer matching for one deal against 10k buyers (matchBuyersForDeal, 300 calls)', [
      { 'active buyers': matched.considered, 'score ≥ 30': matched.matched, 'best score': matched.top, 'first call ms': matched.coldMs, 'p50 ms': warm.p50, 'p95 ms': warm.p95, 'p99 ms': warm.p99 },
    ]);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
