/**
 * `npm run build:functions`: one self-contained bundle per rewrite in firebase.json, written to
 * dist/functions/<name>/ ({index.js, chunks/, package.json}), plus a size report.
 *
 * Why bundle: a function that loads one minified file starts in about half the time of one
 * that resolves hundreds of modules from node_modules, and ships only what it imports.
 * Why ESM with code splitting: a lazy `import()` (Twilio, GenAI, Pub/Sub clients) becomes a
 * separate chunk that is read only when that code path runs, so cold starts pay for the eager
 * graph alone. The Functions Framework stays external and is listed in the bundle's
 * package.json: the runtime installs it and its `functions-framework` binary loads our entry,
 * so `http(name, handler)` lands in the registry the binary reads.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';
import { readRoutingTable } from '../platform/routing-table.ts';

const FUNCTIONS_FRAMEWORK = '@google-cloud/functions-framework';

/**
 * Packages left out of bundles and installed by the runtime from the bundle's package.json.
 * Listed only when a bundle actually imports them.
 */
export const EXTERNAL_PACKAGES: readonly string[] = [
  // The runtime's own copy must register the function (see the file comment).
  FUNCTIONS_FRAMEWORK,
  // Native addon: a prebuilt .node binary per platform cannot be inlined.
  '@napi-rs/canvas',
];

/**
 * Packages a function reads files from at run time rather than importing (the API docs viewer's
 * assets), so no import reveals them: installed beside that function's bundle too.
 */
export const FILE_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  ops: ['swagger-ui-dist'],
};

/** Bundled ESM still meets CommonJS dependencies that call require() or read __dirname. */
const ESM_SHIMS = [
  "import { createRequire as __dcCreateRequire } from 'node:module';",
  "import { fileURLToPath as __dcFileURLToPath } from 'node:url';",
  "import { dirname as __dcDirname } from 'node:path';",
  'const require = __dcCreateRequire(import.meta.url);',
  'const __filename = __dcFileURLToPath(import.meta.url);',
  'const __dirname = __dcDirname(__filename);',
].join('\n');

export interface TFunctionEntry {
  /** Function name: the Functions Framework target and the output folder. */
  name: string;
  /** Module exporting `handler(req, res)`. */
  handlerPath: string;
}

export interface TBundleResult {
  name: string;
  outDir: string;
  /** Bytes of index.js and the chunks it imports statically: what every cold start loads. */
  entryBytes: number;
  /** Bytes of index.js plus every lazily loaded chunk. */
  totalBytes: number;
  gzipBytes: number;
  /** Largest contributors to the output, grouped by package (app code by top folder). */
  topInputs: { input: string; bytes: number }[];
  /** External packages the bundle imports, with the versions written to its package.json. */
  dependencies: Record<string, string>;
}

export interface TBundleReport {
  bundles: TBundleResult[];
  /** Rewrites in firebase.json with no functions/<name>/index.ts yet. */
  missing: string[];
}

/** Bundles one function entry into `<outRoot>/<name>/`. */
export async function bundleFunction(entry: TFunctionEntry, options: { rootDir: string; outRoot: string }): Promise<TBundleResult> {
  const outDir = join(options.outRoot, entry.name);
  await rm(outDir, { recursive: true, force: true });
  const virtualEntry = `dealcycle-entry:${entry.name}`;
  const entryPlugin: Plugin = {
    name: 'function-entry',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^dealcycle-entry:/ }, (args) => ({ path: args.path, namespace: 'function-entry' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'function-entry' }, () => ({
        loader: 'ts',
        resolveDir: options.rootDir,
        contents: [
          `import { http } from '${FUNCTIONS_FRAMEWORK}';`,
          `import { handler } from ${JSON.stringify(entry.handlerPath)};`,
          `http(${JSON.stringify(entry.name)}, handler);`,
        ].join('\n'),
      }));
    },
  };
  const result = await build({
    absWorkingDir: options.rootDir,
    entryPoints: { index: virtualEntry },
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'external',
    metafile: true,
    external: [...EXTERNAL_PACKAGES],
    banner: { js: ESM_SHIMS },
    plugins: [entryPlugin],
    logLevel: 'silent',
  });
  for (const warning of result.warnings) console.warn(`[${entry.name}] ${warning.text}${warning.location ? ` (${warning.location.file}:${warning.location.line})` : ''}`);

  const dependencies = await externalVersions(result.metafile, options.rootDir, FILE_PACKAGES[entry.name] ?? []);
  await writeFile(
    join(outDir, 'package.json'),
    `${JSON.stringify({ name: `dealcycle-${entry.name}`, private: true, type: 'module', main: 'index.js', dependencies }, null, 2)}\n`,
  );
  return { name: entry.name, outDir, ...(await measure(result.metafile, options.rootDir, outDir)), dependencies };
}

/**
 * Bundles every function that firebase.json routes to and that has a folder; lists the rest
 * as missing instead of failing, so the build works while functions are still being written.
 */
export async function bundleFunctions(options: { rootDir: string; outRoot?: string }): Promise<TBundleReport> {
  const outRoot = options.outRoot ?? join(options.rootDir, 'dist', 'functions');
  const rewrites = await readRoutingTable(options.rootDir);
  // Bundles of functions that left the table must not be deployed by accident.
  await rm(outRoot, { recursive: true, force: true });
  await mkdir(outRoot, { recursive: true });
  const bundles: TBundleResult[] = [];
  const missing: string[] = [];
  for (const { serviceId } of rewrites) {
    const handlerPath = join(options.rootDir, 'functions', serviceId, 'index.ts');
    if (!existsSync(handlerPath)) {
      missing.push(serviceId);
      continue;
    }
    bundles.push(await bundleFunction({ name: serviceId, handlerPath }, { rootDir: options.rootDir, outRoot }));
  }
  const report: TBundleReport = { bundles, missing };
  await writeFile(join(outRoot, 'size-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** Pins each imported external package to the version installed here (the one tests ran against). */
async function externalVersions(metafile: Metafile, rootDir: string, filePackages: readonly string[]): Promise<Record<string, string>> {
  const imported = new Set<string>([FUNCTIONS_FRAMEWORK, ...filePackages]);
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      const name = EXTERNAL_PACKAGES.find((pkg) => path === pkg || path.startsWith(`${pkg}/`));
      if (external && name) imported.add(name);
    }
  }
  const versions: Record<string, string> = {};
  for (const name of [...imported].sort()) {
    const manifest = JSON.parse(await readFile(join(rootDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
    versions[name] = manifest.version;
  }
  return versions;
}

async function measure(metafile: Metafile, rootDir: string, outDir: string) {
  const outputs = Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js'));
  let totalBytes = 0;
  let gzipBytes = 0;
  const byInput = new Map<string, number>();
  for (const [file, output] of outputs) {
    totalBytes += output.bytes;
    gzipBytes += gzipSync(await readFile(resolve(rootDir, file))).length;
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = inputGroup(input);
      byInput.set(group, (byInput.get(group) ?? 0) + bytesInOutput);
    }
  }
  // Eager = the entry plus every chunk it reaches through static imports.
  const eager = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file) || !metafile.outputs[file]) return;
    eager.add(file);
    for (const { path, kind } of metafile.outputs[file].imports) if (kind === 'import-statement') visit(path);
  };
  // Lazily imported modules are entry points of their own chunks too; only index.js is the function's.
  visit(relative(rootDir, join(outDir, 'index.js')));
  const entryBytes = [...eager].reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0);
  const topInputs = [...byInput]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { entryBytes, totalBytes, gzipBytes, topInputs };
}

/** `…/node_modules/@scope/pkg/lib/x.js` → `@scope/pkg`; app code → its top folder (`shared/`). */
function inputGroup(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return input.startsWith('function-entry:') ? '(entry)' : `${input.split('/')[0]}/`;
  const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

const LIMIT_BYTES = 1_000_000;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The size report as a Markdown table; bundles over 1 MB are flagged. */
export function formatSizeReport(report: TBundleReport): string {
  const lines = [
    '| function | eager (index.js + static chunks) | all chunks | gzip (all) | top inputs |',
    '|---|---:|---:|---:|---|',
    ...report.bundles.map((bundle) => {
      const inputs = bundle.topInputs.map(({ input, bytes }) => `${input} ${kb(bytes)}`).join(', ');
      const flag = bundle.totalBytes > LIMIT_BYTES ? ' ⚠ over 1 MB' : '';
      return `| ${bundle.name} | ${kb(bundle.entryBytes)} | ${kb(bundle.totalBytes)}${flag} | ${kb(bundle.gzipBytes)} | ${inputs} |`;
    }),
  ];
  if (report.bundles.length === 0) lines.push('| (no function folders yet) | | | | |');
  if (report.missing.length > 0) {
    lines.push('', `warning: ${report.missing.length} rewrite(s) in firebase.json have no functions/<name>/index.ts and were not bundled: ${report.missing.join(', ')}`);
  }
  return lines.join('\n');
}

if (import.meta.main) {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const report = await bundleFunctions({ rootDir });
  const table = formatSizeReport(report);
  await writeFile(join(rootDir, 'dist', 'functions', 'size-report.md'), `${table}\n`);
  console.log(table);
}
