import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFunctionBundles } from '../src/function-bundles.ts';

describe('loadFunctionBundles', () => {
  let dir: string;
  const writeBundle = async (name: string, code: string) => {
    await mkdir(join(dir, name, 'chunks'), { recursive: true });
    await writeFile(join(dir, name, 'index.js'), code);
    await writeFile(join(dir, name, 'chunks', 'lazy-1.js'), 'export {}');
    await writeFile(join(dir, name, 'package.json'), '{"type":"module"}');
    await writeFile(join(dir, name, 'index.js.map'), '{}');
    await writeFile(join(dir, name, 'index.js.LEGAL.txt'), 'licences');
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dealcycle-bundles-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads JavaScript and package.json only, leaving source maps and licence files behind', async () => {
    await writeBundle('leads', 'export {}');
    const archive = (await loadFunctionBundles(dir, ['leads'])).get('leads')?.archive;
    expect(archive).toBeInstanceOf(pulumi.asset.AssetArchive);
    const assets = archive instanceof pulumi.asset.AssetArchive ? await archive.assets : {};
    expect(Object.keys(assets).sort()).toEqual(['chunks/lazy-1.js', 'index.js', 'package.json']);
  });

  it('names a bundle by its content, so only a changed bundle redeploys', async () => {
    await writeBundle('leads', 'export const a = 1');
    await writeBundle('deals', 'export const a = 1');
    const first = await loadFunctionBundles(dir, ['leads', 'deals']);
    expect(first.get('leads')?.hash).toBe(first.get('deals')?.hash);
    await writeBundle('leads', 'export const a = 2');
    const second = await loadFunctionBundles(dir, ['leads', 'deals']);
    expect(second.get('leads')?.hash).not.toBe(first.get('leads')?.hash);
    expect(second.get('deals')?.hash).toBe(first.get('deals')?.hash);
  });

  it('refuses to plan while any routed function has no bundle, naming them all', async () => {
    await writeBundle('leads', 'export {}');
    await expect(loadFunctionBundles(dir, ['leads', 'deals', 'buyers'])).rejects.toThrow(/deals, buyers.*npm run build:functions/);
  });
});
