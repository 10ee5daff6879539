/**
 * Runs one function the way Cloud Run does: the `functions-framework` binary in its own
 * process, loading the function from `--source`. Used by the bundle tests and the cold-start
 * benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The package exports only its API; its binary sits beside the main module.
const FRAMEWORK_BIN = join(dirname(createRequire(import.meta.url).resolve('@google-cloud/functions-framework')), 'main.js');

export interface TFunctionProcess {
  child: ChildProcess;
  port: number;
  /** performance.now() just before the process was spawned. */
  startedAt: number;
  output(): string;
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startFunctionProcess(options: { target: string; source: string; env?: Record<string, string> }): Promise<TFunctionProcess> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, [FRAMEWORK_BIN, `--target=${options.target}`, `--source=${options.source}`, `--port=${port}`], {
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    port,
    startedAt,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Sends GET `path` until the process answers (any status), retrying while the port refuses
 * connections. Resolves with the status, body and the time since spawn.
 */
export async function firstResponse(fn: TFunctionProcess, path: string, timeoutMs = 20_000): Promise<{ status: number; body: string; elapsedMs: number }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (fn.child.exitCode !== null) throw new Error(`function process exited (${fn.child.exitCode}):\n${fn.output()}`);
    try {
      const { status, body } = await get(fn.port, path);
      return { status, body, elapsedMs: performance.now() - fn.startedAt };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
      if (performance.now() > deadline) throw new Error(`no response on :${fn.port}${path} within ${timeoutMs} ms:\n${fn.output()}`, { cause: error });
      // Connection refused comes back in well under a millisecond; yield briefly so the child gets the CPU.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
