import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Builds the portal when site/dist is missing or older than its sources, so `npm start`
 * serves what the code says without rebuilding on every start.
 */
export async function ensureSiteBuilt(rootDir: string, say: (line: string) => void): Promise<string> {
  const distDir = join(rootDir, 'site', 'dist');
  const builtAt = existsSync(join(distDir, 'index.html')) ? statSync(join(distDir, 'index.html')).mtimeMs : 0;
  const sources = [join(rootDir, 'site', 'src'), join(rootDir, 'site', 'public'), join(rootDir, 'shared')];
  const newest = Math.max(...(await Promise.all(sources.map(newestModification))), statMtime(join(rootDir, 'site', 'astro.config.ts')));
  if (builtAt >= newest) return distDir;
  say(builtAt ? 'Portal sources changed: rebuilding the site…' : 'Building the portal (first start)…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(join(rootDir, 'node_modules', '.bin', 'astro'), ['build', '--root', 'site', '--silent'], { cwd: rootDir, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`astro build exited with ${code}`))));
  });
  return distDir;
}

const statMtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : 0);

async function newestModification(directory: string): Promise<number> {
  if (!existsSync(directory)) return 0;
  let newest = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statMtime(join(entry.parentPath, entry.name)));
  }
  return newest;
}
