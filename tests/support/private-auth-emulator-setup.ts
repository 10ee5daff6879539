import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startAuthEmulator } from '../../infra/local-host/auth-emulator.ts';
import { freePort } from './function-process.ts';

/**
 * Vitest global setup for the integration project: a private Auth emulator on free ports, so
 * test runs never share (or stop) each other's emulator or the one `npm start` uses.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const directory = await mkdtemp(join(tmpdir(), 'dealcycle-emulator-'));
  const [auth, hub, logging] = [await freePort(), await freePort(), await freePort()];
  const configPath = join(directory, 'firebase.json');
  await writeFile(configPath, JSON.stringify({ emulators: { auth: { host: '127.0.0.1', port: auth }, hub: { port: hub }, logging: { port: logging }, ui: { enabled: false } } }));
  const emulator = await startAuthEmulator({ projectId: 'demo-dealcycle', port: auth, cwd: process.cwd(), configPath });
  project.provide('authEmulatorHost', emulator.host);
  return async () => {
    await emulator.stop();
    await rm(directory, { recursive: true, force: true });
  };
}
