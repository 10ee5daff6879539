/**
 * The local host alone in its own process for the communications bench: the platform from
 * the environment (PORT, DATA_DIR prepared by the bench), no queue dispatcher — what the
 * webhooks publish waits in the queue, as it would in Pub/Sub — so the load measures the
 * webhook path only. Prints `ready`.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalHost } from '../../../infra/local-host/local-host.ts';
import { loadConfig } from '../../../infra/platform/config.ts';
import { createPlatform } from '../../../infra/platform/create-platform.ts';

const config = loadConfig();
const platform = await createPlatform(config);
await platform.db();
await startLocalHost({ platform, rootDir: resolve(fileURLToPath(new URL('../../..', import.meta.url))), port: config.port });
console.log('ready');
process.on('SIGTERM', () => void platform.close().then(() => process.exit(0)));
