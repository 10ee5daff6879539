/**
 * `npm start`: the whole product on one machine. Starts (or reuses) the Firebase Auth
 * emulator, opens the embedded platform, applies indexes, seeds the demo organisation on
 * first start, keeps the demo accounts present, serves the site and every function, and
 * runs the embedded queue's dispatcher and scheduler. Ctrl-C stops all of it.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_TENANT_ID } from '../../shared/demo/demo-accounts.ts';
import { ensureEmulatorAccount } from '../firebase/emulator-accounts.ts';
import { loadConfig } from '../platform/config.ts';
import { createPlatform } from '../platform/create-platform.ts';
import { startAuthEmulator } from './auth-emulator.ts';
import { ensureSiteBuilt } from './ensure-site-built.ts';
import { startLocalHost } from './local-host.ts';
import { prepareLocalData } from './prepare-local-data.ts';
import { startWorkers } from './start-workers.ts';

const started = performance.now();
const rootDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bootConfig = loadConfig();
const say = (line: string) => console.log(`[dealcycle] ${line}`);

const firebaseJson = (await import('../../firebase.json', { with: { type: 'json' } })).default as { emulators?: { auth?: { port?: number } } };
const emulator = await startAuthEmulator({
  projectId: bootConfig.projectId,
  port: firebaseJson.emulators?.auth?.port ?? 9099,
  cwd: rootDir,
  dataDirectory: join(resolve(rootDir, bootConfig.dataDir), 'auth'),
});
say(emulator.reused ? `Reusing the Auth emulator on ${emulator.host}` : `Auth emulator on ${emulator.host}`);
process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;

const config = loadConfig();
const siteDir = await ensureSiteBuilt(rootDir, say);
const platform = await createPlatform(config);
await prepareLocalData(platform, say);
for (const account of DEMO_ACCOUNTS) {
  await ensureEmulatorAccount(emulator.host, config.projectId, { ...account, claims: { tenant_id: DEMO_TENANT_ID, role: account.role } });
}
const host = await startLocalHost({ platform, rootDir, siteDir, port: config.port });
const workers = await startWorkers(platform);

say(`Ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${host.url}`);
say('Sign in with Google (the emulator lists these demo accounts, one per role):');
for (const account of DEMO_ACCOUNTS) say(`  ${account.role.padEnd(20)} ${account.email}`);
say(`API reference: ${host.url}/api/docs · health: ${host.url}/api/health · Ctrl-C stops everything`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping…`);
  await host.close();
  await workers.stop();
  await platform.close();
  await emulator.stop();
  say('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
