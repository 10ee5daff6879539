import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { TFunctionBundle } from './function-services.ts';

/**
 * The deployable part of each bundle in dist/functions (infra/build/bundle-functions.ts):
 * JavaScript and package.json only — source maps and licence files stay behind. Fails with
 * the list of functions whose bundle is missing, before anything is planned.
 */
export async function loadFunctionBundles(bundlesDir: string, names: readonly string[]): Promise<Map<string, TFunctionBundle>> {
  const missing = names.filter((name) => !existsSync(join(bundlesDir, name, 'index.js')));
  if (missing.length > 0) {
    throw new Error(`missing function bundles in ${bundlesDir}: ${missing.join(', ')}. Run \`npm run build:functions\` at the repository root; a rewrite whose functions/<name>/index.ts does not exist yet cannot be deployed.`);
  }
  const bundles = new Map<string, TFunctionBundle>();
  for (const name of names) {
    const directory = join(bundlesDir, name);
    const files = await deployableFiles(directory);
    const hash = createHash('sha256');
    const assets: Record<string, pulumi.asset.Asset> = {};
    for (const file of files) {
      hash.update(`${file}\0`).update(await readFile(join(directory, file)));
      assets[file] = new pulumi.asset.FileAsset(join(directory, file));
    }
    bundles.set(name, { archive: new pulumi.asset.AssetArchive(assets), hash: hash.digest('hex').slice(0, 16) });
  }
  return bundles;
}

async function deployableFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && (entry.name.endsWith('.js') || entry.name === 'package.json'))
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}
