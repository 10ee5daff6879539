import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { refreshIdToken, signInWithGoogle } from '../../infra/firebase/emulator-accounts.ts';
import { freePort } from '../support/function-process.ts';
import { ROOT_DIR } from '../support/test-host.ts';

const running: ChildProcess[] = [];
afterAll(() => running.forEach((child) => child.kill('SIGKILL')));

/** Kills the host processes still running and waits for them: one may still be writing its data directory. */
async function stopAll(): Promise<void> {
  const alive = running.filter((child) => child.exitCode === null && child.signalCode === null);
  for (const child of alive) child.kill('SIGKILL');
  await Promise.all(alive.map((child) => once(child, 'exit')));
}

/** The local host in its own process, so the test can kill it the hard way. */
async function startHostProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(ROOT_DIR, 'tests/support/host-process.ts')], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', SEED_DEMO: 'false', FIREBASE_AUTH_EMULATOR_HOST: inject('authEmulatorHost') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.push(child);
  if (!child.stdout) throw new Error('no stdout');
  await once(child.stdout, 'data');
  return child;
}

describe('durability', () => {
  it('keeps an organisation created just before the process is killed with SIGKILL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-crash-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    try {
      const first = await startHostProcess(dataDir, port);
      const email = `crash-${Date.now()}@example.test`;
      const session = await signInWithGoogle(inject('authEmulatorHost'), 'demo-api-key', { sub: `google-${email}`, email });
      const created = await fetch(`${url}/api/tenants`, {
        method: 'POST',
        headers: { authorization: `Bearer ${session.idToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Survives Kill Nine LLC' }),
      });
      expect(created.status).toBe(201);
      first.kill('SIGKILL');
      await once(first, 'exit');

      await startHostProcess(dataDir, port);
      const token = await refreshIdToken(inject('authEmulatorHost'), 'demo-api-key', session.refreshToken);
      const current = await fetch(`${url}/api/tenants/current`, { headers: { authorization: `Bearer ${token}` } });
      expect(current.status).toBe(200);
      expect(await current.json()).toMatchObject({ name: 'Survives Kill Nine LLC' });
    } finally {
      // The restarted host may be compacting its store: remove the directory once it is gone.
      await stopAll();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
