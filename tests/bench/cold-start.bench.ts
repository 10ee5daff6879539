/**
 * Cold start of each function bundle loaded alone by the Functions Framework binary, as Cloud
 * Run starts it: process spawn → first HTTP response (any status) on a path the function owns.
 * Median of 5 runs, bundled and (for comparison) unbundled through Node's type stripping.
 *
 * A second table measures SDK probes — a handler that imports one cloud SDK eagerly — to show
 * what each SDK costs in bytes and milliseconds when a function cannot import it lazily.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleFunction, bundleFunctions, formatSizeReport, type TBundleResult } from '../../infra/build/bundle-functions.ts';
import { readRoutingTable, type TRewrite } from '../../infra/platform/routing-table.ts';
import { firstResponse, startFunctionProcess } from '../support/function-process.ts';
import { printTable, summarize } from './support/report.ts';

const RUNS = 5;
const rootDir = resolve(import.meta.dirname, '..', '..');
const benchDir = join(rootDir, 'dist', 'bench');

/** Handlers that import one SDK at module load and touch it on the first request. */
const PROBES: Record<string, string> = {
  'baseline (no imports)': ``,
  zod: `import { z } from 'zod'; const touch = () => z.object({ a: z.string() }).parse({ a: 'x' });`,
  mongodb: `import { MongoClient } from 'mongodb'; const touch = () => new MongoClient('mongodb://127.0.0.1:9');`,
  'firebase-admin/auth': `import { initializeApp } from 'firebase-admin/app'; import { getAuth } from 'firebase-admin/auth'; const touch = () => getAuth(initializeApp({ projectId: 'demo-bench' }));`,
  'firebase-admin/firestore': `import { initializeApp } from 'firebase-admin/app'; import { getFirestore } from 'firebase-admin/firestore'; const touch = () => getFirestore(initializeApp({ projectId: 'demo-bench' }));`,
  'google-auth-library': `import { OAuth2Client } from 'google-auth-library'; const touch = () => new OAuth2Client();`,
  '@google/genai': `import { GoogleGenAI } from '@google/genai'; const touch = () => new GoogleGenAI({ apiKey: 'bench' });`,
  twilio: `import twilio from 'twilio'; const touch = () => twilio('AC00000000000000000000000000000000', 'bench');`,
  nodemailer: `import { createTransport } from 'nodemailer'; const touch = () => createTransport({ jsonTransport: true });`,
  pino: `import { pino } from 'pino'; const touch = () => pino({ level: 'silent' });`,
  'prom-client': `import { Registry, collectDefaultMetrics } from 'prom-client'; const touch = () => collectDefaultMetrics({ register: new Registry() });`,
};

export default async function coldStartBench(): Promise<void> {
  await rm(benchDir, { recursive: true, force: true });
  const rewrites = await readRoutingTable(rootDir);
  const report = await bundleFunctions({ rootDir });
  console.log(`\n## Function bundles (npm run build:functions)\n${formatSizeReport(report)}`);

  const functionRows = [];
  for (const bundle of report.bundles) {
    const rewrite = rewrites.find((candidate) => candidate.serviceId === bundle.name);
    if (!rewrite) continue;
    const path = samplePath(rewrite);
    const unbundled = await unbundledEntry(bundle.name, join(rootDir, 'functions', bundle.name, 'index.ts'));
    functionRows.push(await measureRow(bundle, path, unbundled));
  }
  printTable(`Cold start per function bundle, spawn → first response, median of ${RUNS}`, functionRows);

  const probeRows = [];
  for (const [label, source] of Object.entries(PROBES)) {
    const name = `probe-${probeSlug(label)}`;
    const handlerPath = join(benchDir, 'probes', name, 'index.ts');
    await mkdir(join(benchDir, 'probes', name), { recursive: true });
    await writeFile(
      handlerPath,
      `${source}\nexport async function handler(_req: unknown, res: { statusCode: number; end(body: string): void }): Promise<void> {\n  ${source ? 'touch(); ' : ''}res.statusCode = 200;\n  res.end('ok');\n}\n`,
    );
    const bundle = await bundleFunction({ name, handlerPath }, { rootDir, outRoot: join(benchDir, 'probe-bundles') });
    probeRows.push({ ...(await measureRow(bundle, '/', await unbundledEntry(name, handlerPath))), function: label });
  }
  printTable(`SDK probes: a handler importing one SDK eagerly, median of ${RUNS}`, probeRows);
  await rm(benchDir, { recursive: true, force: true });
}

async function measureRow(bundle: TBundleResult, path: string, unbundledSource: string) {
  const bundled: number[] = [];
  const unbundled: number[] = [];
  let status = 0;
  // Interleaved so drift in the shared machine's load hits both variants alike.
  for (let run = 0; run < RUNS; run++) {
    const first = await coldStart(bundle.name, bundle.outDir, path);
    bundled.push(first.ms);
    status = first.status;
    unbundled.push((await coldStart(bundle.name, unbundledSource, path)).ms);
  }
  const bundledMs = summarize(bundled).p50;
  const unbundledMs = summarize(unbundled).p50;
  return {
    function: bundle.name,
    path,
    'eager KB': bundle.entryBytes / 1024,
    'all KB': bundle.totalBytes / 1024,
    'gzip KB': bundle.gzipBytes / 1024,
    'bundled ms': bundledMs,
    'unbundled ms': unbundledMs,
    'unbundled / bundled': unbundledMs / bundledMs,
    status,
  };
}

async function coldStart(target: string, source: string, path: string): Promise<{ ms: number; status: number }> {
  // A fresh data directory per run: embedded adapters must not find a warm store.
  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-cold-start-'));
  const fn = await startFunctionProcess({ target, source, env: { RUNTIME: 'local', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'silent' } });
  try {
    const response = await firstResponse(fn, path);
    return { ms: response.elapsedMs, status: response.status };
  } finally {
    await fn.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** An ESM wrapper that registers the TypeScript handler straight from the source tree. */
async function unbundledEntry(name: string, handlerPath: string): Promise<string> {
  const directory = join(benchDir, 'unbundled', name);
  await mkdir(directory, { recursive: true });
  const entry = join(directory, 'index.mjs');
  await writeFile(
    entry,
    `import { http } from '@google-cloud/functions-framework';\nimport { handler } from ${JSON.stringify(handlerPath)};\nhttp(${JSON.stringify(name)}, handler);\n`,
  );
  return entry;
}

/** A path the rewrite routes to this function: `/api/<name>` when it matches, else `/api/health`. */
function samplePath(rewrite: TRewrite): string {
  const pattern = new RegExp(rewrite.regex);
  return [`/api/${rewrite.serviceId}`, '/api/health', '/metrics'].find((path) => pattern.test(path)) ?? '/';
}

function probeSlug(label: string): string {
  return label.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
}
