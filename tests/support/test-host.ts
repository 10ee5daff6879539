import { mkdtemp, rm } from 'node:fs/promises';
import { inject } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INDEXES } from '../../shared/indexes.ts';
import type { TRole } from '../../shared/auth/principal.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import { refreshIdToken, signInWithGoogle } from '../../infra/firebase/emulator-accounts.ts';
import { startLocalHost } from '../../infra/local-host/local-host.ts';
import { loadConfig } from '../../infra/platform/config.ts';
import { createPlatform, type TLocalPlatform } from '../../infra/platform/create-platform.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { freePort } from './function-process.ts';

export const ROOT_DIR = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The emulator the project's global setup started (tests/support/*auth-emulator-setup.ts). */
const emulatorHost = () => inject('authEmulatorHost');

/** A signed-in person as the portal holds them: tokens that refresh, and a fetch that sends them. */
export interface TTestSession {
  uid: string;
  email: string;
  idToken: string;
  refresh(): Promise<void>;
  request(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

export interface TTestHost {
  url: string;
  platform: TLocalPlatform;
  dataDir: string;
  /** Signs in through the emulator's Google flow as a new (or the given) Google account. */
  signIn(email?: string): Promise<TTestSession>;
  /** A new organisation with its admin. */
  createOrganisation(name?: string): Promise<{ admin: TTestSession; tenantId: string }>;
  /** A member of the admin's organisation with this role, joined through an invite. */
  addMember(admin: TTestSession, role: TRole): Promise<TTestSession>;
  close(): Promise<void>;
}

let counter = 0;
const uniqueEmail = (label: string) => `${label}-${process.pid}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.test`;

/**
 * The local host on a free port with a fresh data directory: the real pipeline, the
 * embedded platform and the Auth emulator (started by the global setup).
 */
export async function startTestHost(
  options: {
    clock?: TClock;
    env?: Record<string, string>;
    /** Serve the built portal (site/dist) too, for browser tests. */
    siteDir?: string;
    /** Reopen an existing data directory (a restart); the caller removes it. */
    dataDir?: string;
  } = {},
): Promise<TTestHost> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'dealcycle-test-')));
  const port = await freePort();
  const config = loadConfig({
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    FIREBASE_AUTH_EMULATOR_HOST: emulatorHost(),
    GOOGLE_CLOUD_PROJECT: 'demo-dealcycle',
    ...options.env,
  });
  const platform = await createPlatform(config, options.clock ? { clock: options.clock } : {});
  await applyIndexes(await platform.db(), INDEXES);
  const host = await startLocalHost({ platform, rootDir: ROOT_DIR, port, ...(options.siteDir ? { siteDir: options.siteDir } : {}) });
  const url = `http://localhost:${port}`;

  async function signIn(email = uniqueEmail('user')): Promise<TTestSession> {
    const signed = await signInWithGoogle(emulatorHost(), config.auth.apiKey, { sub: `google-${email}`, email });
    const session: TTestSession = {
      uid: signed.uid,
      email,
      idToken: signed.idToken,
      async refresh() {
        session.idToken = await refreshIdToken(emulatorHost(), config.auth.apiKey, signed.refreshToken);
      },
      request(path, init = {}) {
        const { json, headers, ...rest } = init;
        return fetch(`${url}${path}`, {
          ...rest,
          headers: { authorization: `Bearer ${session.idToken}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        });
      },
    };
    return session;
  }

  return {
    url,
    platform,
    dataDir,
    signIn,
    async createOrganisation(name = 'Test Homes LLC') {
      const admin = await signIn(uniqueEmail('admin'));
      const response = await admin.request('/api/tenants', { method: 'POST', json: { name } });
      if (response.status !== 201) throw new Error(`Creating the organisation failed: ${response.status} ${await response.text()}`);
      await admin.refresh();
      return { admin, tenantId: ((await response.json()) as { id: string }).id };
    },
    async addMember(admin, role) {
      const email = uniqueEmail(role);
      const invite = await admin.request('/api/users/invites', { method: 'POST', json: { email, role } });
      if (invite.status !== 201) throw new Error(`Invite failed: ${invite.status} ${await invite.text()}`);
      const member = await signIn(email);
      const me = await member.request('/api/users/me');
      if (me.status !== 200) throw new Error(`Joining failed: ${me.status} ${await me.text()}`);
      await member.refresh();
      return member;
    },
    async close() {
      await host.close();
      await platform.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
