/**
 * The local host alone in its own process — for benchmarks (the load generator must not share
 * its event loop) and crash tests (it can be killed) — on PORT with DATA_DIR, against an Auth
 * emulator already running. Prints `ready`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEXES } from '../../shared/indexes.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';

const config = loadConfig();
const platform = await createPlatform(config);
await applyIndexes(await platform.db(), INDEXES);
await startLocalHost({ platform, rootDir: resolve(fileURLToPath(new URL('../..', import.meta.url))), port: config.port });
if (platform.local) (await platform.local.queue()).start();
console.log('ready');
process.on('SIGTERM', () => void platform.close().then(() => process.exit(0)));
