import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TAuthEmulator {
  /** `127.0.0.1:9099`, the value of FIREBASE_AUTH_EMULATOR_HOST. */
  host: string;
  /** True when an emulator was already running and is reused (it is then left running). */
  reused: boolean;
  /** Stops the emulator this process started, exporting its accounts first when asked to. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the Firebase Auth emulator from `firebase-tools` (Node only, works offline with a
 * `demo-` project), or reuses one already listening on the port. With `dataDirectory`,
 * accounts are imported at start and exported on a normal stop, so they survive restarts.
 */
export async function startAuthEmulator(options: {
  projectId: string;
  port: number;
  cwd: string;
  /** A firebase.json of its own (tests run a private emulator on free ports); default: the repository's. */
  configPath?: string;
  dataDirectory?: string;
  log?: (line: string) => void;
}): Promise<TAuthEmulator> {
  const host = `127.0.0.1:${options.port}`;
  if (await isReady(host)) return { host, reused: true, stop: async () => {} };

  const args = ['emulators:start', '--only', 'auth', '--project', options.projectId, ...(options.configPath ? ['--config', options.configPath] : [])];
  if (options.dataDirectory) {
    await mkdir(options.dataDirectory, { recursive: true });
    if (existsSync(join(options.dataDirectory, 'firebase-export-metadata.json'))) args.push('--import', options.dataDirectory);
    args.push('--export-on-exit', options.dataDirectory);
  }
  const child = spawn(join(options.cwd, 'node_modules', '.bin', 'firebase'), args, {
    cwd: options.cwd,
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FIREBASE_CLI_DISABLE_UPDATE_CHECK: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      options.log?.(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isReady(host))) {
    if (child.exitCode !== null) throw new Error(`The Auth emulator exited (${child.exitCode}):\n${output.slice(-20).join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The Auth emulator was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { host, reused: false, stop: () => stopChild(child) };
}

async function isReady(host: string): Promise<boolean> {
  try {
    const response = await fetch(`http://${host}/`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { authEmulator?: { ready?: boolean } };
    return body.authEmulator?.ready === true;
  } catch {
    return false;
  }
}

/** SIGINT lets firebase-tools export accounts before it exits; SIGKILL only if it hangs. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}
