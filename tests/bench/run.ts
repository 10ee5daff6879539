/**
 * `npm run bench [-- <name filter>]`: runs every tests/bench/*.bench.ts in order and prints
 * their tables. Each module's default export is an async function that measures and prints.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const directory = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = (await readdir(directory)).filter((file) => file.endsWith('.bench.ts') && (!filter || file.includes(filter))).sort();

console.log(`DealCycle benchmarks — node ${process.version}, ${new Date().toISOString()}`);
for (const file of files) {
  const module = (await import(new URL(file, import.meta.url).href)) as { default: () => Promise<void> };
  const started = performance.now();
  await module.default();
  console.log(`(${file}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
