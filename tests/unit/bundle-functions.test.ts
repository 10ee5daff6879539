import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions, formatSizeReport, type TBundleReport } from '../../infra/build/bundle-functions.ts';
import { firstResponse, startFunctionProcess } from '../support/function-process.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** A tiny project: three rewrites, two function folders, one lazily imported module. */
async function createFixture(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'dealcycle-bundle-'));
  await symlink(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  const rewrite = (serviceId: string) => ({ regex: `^/api/${serviceId}(/.*)?$`, run: { serviceId, region: 'us-central1' } });
  await writeFile(
    join(root, 'firebase.json'),
    JSON.stringify({ hosting: { public: 'site/dist', rewrites: [rewrite('alpha'), rewrite('beta'), rewrite('gamma'), rewrite('ops'), { source: '**', destination: '/index.html' }] } }),
  );
  await mkdir(join(root, 'functions', 'alpha'), { recursive: true });
  await mkdir(join(root, 'functions', 'beta'), { recursive: true });
  await mkdir(join(root, 'functions', 'ops'), { recursive: true });
  await mkdir(join(root, 'shared'), { recursive: true });
  await writeFile(join(root, 'shared', 'greeting.ts'), `export const greeting = (name: string): string => 'hello ' + name;\n`);
  await writeFile(join(root, 'shared', 'report-renderer.ts'), `export const render = (): string => 'lazy:${'x'.repeat(20_000)}';\n`);
  await writeFile(
    join(root, 'functions', 'alpha', 'index.ts'),
    [
      `import type { IncomingMessage, ServerResponse } from 'node:http';`,
      `import { greeting } from '../../shared/greeting.ts';`,
      `export async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {`,
      `  const body = req.url === '/lazy' ? (await import('../../shared/report-renderer.ts')).render().slice(0, 5) : greeting('alpha');`,
      `  res.statusCode = 200; res.end(body);`,
      `}`,
    ].join('\n'),
  );
  await writeFile(
    join(root, 'functions', 'beta', 'index.ts'),
    `export async function handler(_req: unknown, res: { statusCode: number; end(body: string): void }): Promise<void> { res.statusCode = 204; res.end(''); }\n`,
  );
  await writeFile(
    join(root, 'functions', 'ops', 'index.ts'),
    `export async function handler(_req: unknown, res: { statusCode: number; end(body: string): void }): Promise<void> { res.statusCode = 200; res.end('docs'); }\n`,
  );
  return root;
}

describe('bundleFunctions', () => {
  let root: string;
  let report: TBundleReport;

  beforeAll(async () => {
    root = await createFixture();
    report = await bundleFunctions({ rootDir: root });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('bundles every routed function that has a folder and lists the rest as missing', () => {
    expect(report.bundles.map((bundle) => bundle.name)).toEqual(['alpha', 'beta', 'ops']);
    expect(report.missing).toEqual(['gamma']);
  });

  it('writes an ESM package.json that pins the Functions Framework for the runtime to install', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'dist', 'functions', 'alpha', 'package.json'), 'utf8')) as Record<string, unknown>;
    const installed = JSON.parse(await readFile(join(repoRoot, 'node_modules', '@google-cloud', 'functions-framework', 'package.json'), 'utf8')) as { version: string };
    expect(manifest).toMatchObject({ type: 'module', main: 'index.js', dependencies: { '@google-cloud/functions-framework': installed.version } });
  });

  it('installs the packages a function reads files from beside its bundle (the docs viewer’s assets for ops)', async () => {
    const manifest = JSON.parse(await readFile(join(root, 'dist', 'functions', 'ops', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = JSON.parse(await readFile(join(repoRoot, 'node_modules', 'swagger-ui-dist', 'package.json'), 'utf8')) as { version: string };
    expect(manifest.dependencies['swagger-ui-dist']).toBe(installed.version);
    const alpha = JSON.parse(await readFile(join(root, 'dist', 'functions', 'alpha', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(alpha.dependencies).not.toHaveProperty('swagger-ui-dist');
  });

  it('keeps the Functions Framework out of the bundle and the source map beside it', async () => {
    const code = await readFile(join(root, 'dist', 'functions', 'alpha', 'index.js'), 'utf8');
    expect(code).toContain('@google-cloud/functions-framework');
    expect(code).not.toContain('express');
    expect(existsSync(join(root, 'dist', 'functions', 'alpha', 'index.js.map'))).toBe(true);
  });

  it('puts a lazily imported module in a chunk that cold starts do not load', async () => {
    const alpha = report.bundles.find((bundle) => bundle.name === 'alpha');
    expect(alpha?.totalBytes).toBeGreaterThan((alpha?.entryBytes ?? 0) + 20_000);
    expect(await readdir(join(root, 'dist', 'functions', 'alpha', 'chunks'))).toContainEqual(expect.stringMatching(/^report-renderer-.*\.js$/));
  });

  it('reports sizes with the largest inputs grouped by package or app folder', () => {
    const alpha = report.bundles.find((bundle) => bundle.name === 'alpha');
    expect(alpha?.gzipBytes).toBeGreaterThan(0);
    expect(alpha?.topInputs.map(({ input }) => input)).toContain('shared/');
  });

  it('serves the function when the Functions Framework binary loads the bundle alone', async () => {
    const fn = await startFunctionProcess({ target: 'alpha', source: join(root, 'dist', 'functions', 'alpha') });
    try {
      expect(await firstResponse(fn, '/')).toMatchObject({ status: 200, body: 'hello alpha' });
      expect(await firstResponse(fn, '/lazy')).toMatchObject({ status: 200, body: 'lazy:' });
    } finally {
      await fn.stop();
    }
  });

  it('removes bundles of functions that are no longer routed', async () => {
    await mkdir(join(root, 'dist', 'functions', 'retired'), { recursive: true });
    await bundleFunctions({ rootDir: root });
    expect(existsSync(join(root, 'dist', 'functions', 'retired'))).toBe(false);
  });
});

describe('formatSizeReport', () => {
  const bundle = (name: string, totalBytes: number) => ({
    name,
    outDir: `/dist/functions/${name}`,
    entryBytes: totalBytes,
    totalBytes,
    gzipBytes: totalBytes / 4,
    topInputs: [{ input: 'twilio', bytes: totalBytes }],
    dependencies: {},
  });

  it('flags bundles over 1 MB and warns about rewrites without a function folder', () => {
    const text = formatSizeReport({ bundles: [bundle('small', 200_000), bundle('large', 3_000_000)], missing: ['deals', 'buyers'] });
    const lines = text.split('\n');
    expect(lines.find((line) => line.startsWith('| small'))).not.toContain('over 1 MB');
    expect(lines.find((line) => line.startsWith('| large'))).toContain('over 1 MB');
    expect(text).toContain('not bundled: deals, buyers');
  });
});
