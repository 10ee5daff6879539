/**
 * The local host under load: requests/s and p50/p95/p99 of an authenticated list request
 * through the whole pipeline (token, membership, rate limits, validation, store), at 1, 20
 * and 100 concurrent connections. The host runs in its own process on the embedded store.
 * Cold start of a function loaded alone is in cold-start.bench.ts.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startAuthEmulator } from '../../infra/local-host/auth-emulator.ts';
import { refreshIdToken, signInWithGoogle } from '../../infra/firebase/emulator-accounts.ts';
import { freePort } from '../support/function-process.ts';
import { runLoad } from './support/load.ts';
import { printTable } from './support/report.ts';

const rootDir = resolve(import.meta.dirname, '..', '..');

export default async function hostBench(): Promise<void> {
  const emulator = await startAuthEmulator({ projectId: 'demo-dealcycle', port: 9099, cwd: rootDir });
  const dataDir = await mkdtemp(join(tmpdir(), 'dealcycle-bench-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(rootDir, 'tests/support/host-process.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      FIREBASE_AUTH_EMULATOR_HOST: emulator.host,
      RATE_LIMIT_USER_PER_MINUTE: '100000000',
      RATE_LIMIT_IP_PER_MINUTE: '100000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    if (!child.stdout) throw new Error('the host process has no stdout');
    await once(child.stdout, 'data');
    const url = `http://127.0.0.1:${port}`;
    const email = `bench-${Date.now()}@example.test`;
    const session = await signInWithGoogle(emulator.host, 'demo-api-key', { sub: `google-${email}`, email });
    const created = await fetch(`${url}/api/tenants`, { method: 'POST', headers: { authorization: `Bearer ${session.idToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Bench Homes' }) });
    if (created.status !== 201) throw new Error(`setup failed: ${created.status}`);
    const token = await refreshIdToken(emulator.host, 'demo-api-key', session.refreshToken);
    const headers = { authorization: `Bearer ${token}` };

    const target = `${url}/api/users?limit=50`;
    const rows = [];
    for (const connections of [1, 20, 100]) {
      const result = await runLoad({ url: target, headers, connections, durationMs: 5_000 });
      rows.push({ connections, 'req/s': result.requestsPerSecond, 'p50 ms': result.p50, 'p95 ms': result.p95, 'p99 ms': result.p99, requests: result.requests, errors: result.errors });
    }
    printTable('Local host: authenticated list request (GET /api/users?limit=50), embedded store', rows);
    const health = await runLoad({ url: `${url}/api/health`, connections: 20, durationMs: 3_000 });
    printTable('Local host: unauthenticated GET /api/health', [{ connections: 20, 'req/s': health.requestsPerSecond, 'p50 ms': health.p50, 'p95 ms': health.p95, 'p99 ms': health.p99 }]);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await rm(dataDir, { recursive: true, force: true });
    await emulator.stop();
  }
}
