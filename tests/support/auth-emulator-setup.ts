import { startAuthEmulator } from '../../infra/local-host/auth-emulator.ts';

export const TEST_PROJECT_ID = 'demo-dealcycle';
export const TEST_EMULATOR_PORT = 9099;

/** Vitest global setup: one Auth emulator for the integration and e2e projects (reused if already running). */
export default async function setup(): Promise<() => Promise<void>> {
  const emulator = await startAuthEmulator({ projectId: TEST_PROJECT_ID, port: TEST_EMULATOR_PORT, cwd: process.cwd() });
  process.env.FIREBASE_AUTH_EMULATOR_HOST = emulator.host;
  return () => emulator.stop();
}
