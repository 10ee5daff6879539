import type { TestProject } from 'vitest/node';
import { startAuthEmulator } from '../../infra/local-host/auth-emulator.ts';

export const TEST_PROJECT_ID = 'demo-dealcycle';
export const TEST_EMULATOR_PORT = 9099;

/**
 * Vitest global setup for the e2e project: the Auth emulator on the port the portal's CSP
 * allows (9099), reused when `npm start` already runs one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startAuthEmulator({ projectId: TEST_PROJECT_ID, port: TEST_EMULATOR_PORT, cwd: process.cwd() });
  process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
  project.provide('authEmulatorHost', emulator.host);
  return () => emulator.stop();
}
