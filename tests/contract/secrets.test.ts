import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnvSecrets } from '../../infra/embedded/env-secrets.ts';
import { createGoogleRestClient } from '../../infra/google/google-rest-client.ts';
import { crc32c, createSecretManagerSecrets } from '../../infra/google/secret-manager-secrets.ts';
import type { TSecrets } from '../../shared/ports/secrets.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import type { TManualClock } from '../support/manual-clock.ts';
import { createManualClock } from '../support/manual-clock.ts';

const KNOWN = { TWILIO_AUTH_TOKEN: 'twilio-token-Ω', SMTP_URL: 'smtp://user:pass@relay:587' };

interface TSecretsTarget {
  name: string;
  setup(values: Record<string, string>): Promise<{ secrets: TSecrets; close(): Promise<void> }>;
}

const targets: TSecretsTarget[] = [
  {
    name: 'Secret Manager',
    async setup(values) {
      const emulator = await startGoogleApiEmulator({ clock: createManualClock() });
      for (const [name, value] of Object.entries(values)) emulator.setSecret(name, value);
      const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url });
      return { secrets: createSecretManagerSecrets({ client, projectId: emulator.projectId }), close: () => emulator.close() };
    },
  },
  {
    name: 'environment',
    setup: async (values) => ({ secrets: createEnvSecrets({ ...values, EMPTY: '' }), close: async () => undefined }),
  },
];

describe.each(targets)('secrets: $name', (target) => {
  it('returns the value of a known secret, byte for byte', async () => {
    const { secrets, close } = await target.setup(KNOWN);
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe(KNOWN.TWILIO_AUTH_TOKEN);
    expect(await secrets.get('SMTP_URL')).toBe(KNOWN.SMTP_URL);
    await close();
  });

  it('returns undefined for a secret that does not exist', async () => {
    const { secrets, close } = await target.setup(KNOWN);
    expect(await secrets.get('MONGODB_URI')).toBeUndefined();
    await close();
  });
});

describe('environment secrets', () => {
  it('treats an empty value as unset and ignores later changes to the record it was given', async () => {
    const record: Record<string, string> = { EMPTY: '', SET: 'one' };
    const secrets = createEnvSecrets(record);
    record.SET = 'two';
    expect(await secrets.get('EMPTY')).toBeUndefined();
    expect(await secrets.get('SET')).toBe('one');
  });
});

describe('Secret Manager secrets', () => {
  let emulator: TGoogleApiEmulator;
  let clock: TManualClock;
  let secrets: TSecrets;
  const accessPath = '/v1/projects/demo-dealcycle/secrets/TWILIO_AUTH_TOKEN/versions/latest:access';

  beforeEach(async () => {
    clock = createManualClock();
    emulator = await startGoogleApiEmulator({ clock });
    emulator.setSecret('TWILIO_AUTH_TOKEN', 'v1');
    const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url, sleep: async () => undefined });
    secrets = createSecretManagerSecrets({ client, projectId: emulator.projectId, ttlSeconds: 300, clock });
  });
  afterEach(() => emulator.close());

  it('reads the latest version with the access token', async () => {
    await secrets.get('TWILIO_AUTH_TOKEN');
    expect(emulator.requests).toMatchObject([{ method: 'GET', path: accessPath, headers: { authorization: 'Bearer test-access-token' } }]);
  });

  it('serves repeated and concurrent reads from one request until the TTL passes, then sees a rotated value', async () => {
    const reads = await Promise.all([secrets.get('TWILIO_AUTH_TOKEN'), secrets.get('TWILIO_AUTH_TOKEN'), secrets.get('TWILIO_AUTH_TOKEN')]);
    emulator.setSecret('TWILIO_AUTH_TOKEN', 'v2');
    clock.advance(299_000);
    expect([...reads, await secrets.get('TWILIO_AUTH_TOKEN')]).toEqual(['v1', 'v1', 'v1', 'v1']);
    expect(emulator.requests).toHaveLength(1);

    clock.advance(2_000);
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe('v2');
    expect(emulator.requests).toHaveLength(2);
  });

  it('does not cache a failure: the next read asks again', async () => {
    emulator.fault({ path: 'TWILIO_AUTH_TOKEN', status: 403 });
    await expect(secrets.get('TWILIO_AUTH_TOKEN')).rejects.toMatchObject({ status: 'PERMISSION_DENIED' });
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe('v1');
  });

  it('retries a transient failure', async () => {
    emulator.fault({ path: 'TWILIO_AUTH_TOKEN', status: 503, times: 2 });
    expect(await secrets.get('TWILIO_AUTH_TOKEN')).toBe('v1');
    expect(emulator.requests).toHaveLength(3);
  });

  it('refuses a payload whose CRC32C does not match', async () => {
    const body = JSON.stringify({ name: 'x', payload: { data: Buffer.from('tampered').toString('base64'), dataCrc32c: String(crc32c(Buffer.from('v1'))) } });
    emulator.fault({ path: 'TWILIO_AUTH_TOKEN', status: 200, body });
    await expect(secrets.get('TWILIO_AUTH_TOKEN')).rejects.toMatchObject({ status: 'DATA_LOSS' });
  });

  it('rejects names Secret Manager could not hold without calling it', async () => {
    await expect(secrets.get('../other-project')).rejects.toThrow('Invalid secret name');
    expect(emulator.requests).toHaveLength(0);
  });

  it('computes CRC32C as Google does', () => {
    // The standard check value of CRC-32C.
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});
