import { generateKeyPairSync, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGooglePushVerifier } from '../../infra/google/google-push-verifier.ts';
import { createLocalPushVerifier } from '../../infra/queue/local-push-verifier.ts';
import type { TPushVerifier } from '../../shared/ports/queue.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createManualClock } from '../support/manual-clock.ts';

const AUDIENCE = 'https://jobs-abc123-uc.a.run.app';
const PUSH_ACCOUNT = 'pubsub-push@demo-dealcycle.iam.gserviceaccount.com';
const TASKS_ACCOUNT = 'cloud-tasks@demo-dealcycle.iam.gserviceaccount.com';

interface TVerifierTarget {
  name: string;
  verifier: () => TPushVerifier;
  /** An Authorization header the queue itself would send. */
  genuine: () => string;
  /** Headers an attacker could send. */
  forged: () => string[];
}

let emulator: TGoogleApiEmulator;
beforeAll(async () => {
  emulator = await startGoogleApiEmulator({ clock: createManualClock() });
});
afterAll(() => emulator.close());

const googleVerifier = () => createGooglePushVerifier({ audience: AUDIENCE, serviceAccountEmails: [PUSH_ACCOUNT, TASKS_ACCOUNT], certsUrl: emulator.certsUrl });

const targets: TVerifierTarget[] = [
  {
    name: 'Google OIDC',
    verifier: googleVerifier,
    genuine: () => `Bearer ${emulator.mintIdToken({ audience: AUDIENCE, email: PUSH_ACCOUNT })}`,
    forged: () => [
      `Bearer ${emulator.mintIdToken({ audience: AUDIENCE, email: 'someone@example.com' })}`,
      `Bearer ${emulator.mintIdToken({ audience: 'https://elsewhere.example', email: PUSH_ACCOUNT })}`,
    ],
  },
  {
    name: 'local secret',
    verifier: () => createLocalPushVerifier('local-push-secret-0123456789'),
    genuine: () => 'Bearer local-push-secret-0123456789',
    forged: () => ['Bearer local-push-secret-012345678', 'Bearer local-push-secret-0123456789x', 'local-push-secret-0123456789'],
  },
];

describe.each(targets)('push verifier: $name', (target) => {
  it('accepts the credential the queue sends', async () => {
    expect(await target.verifier().verify(target.genuine())).toBe(true);
  });

  it('rejects a missing or empty Authorization header', async () => {
    const verifier = target.verifier();
    expect(await verifier.verify(undefined)).toBe(false);
    expect(await verifier.verify('')).toBe(false);
    expect(await verifier.verify('Bearer ')).toBe(false);
  });

  it('rejects credentials the queue did not issue', async () => {
    const verifier = target.verifier();
    for (const header of target.forged()) expect(await verifier.verify(header), header).toBe(false);
  });
});

describe('Google push verifier', () => {
  it('accepts tokens minted for the Cloud Tasks service account as well as the Pub/Sub one', async () => {
    expect(await googleVerifier().verify(`Bearer ${emulator.mintIdToken({ audience: AUDIENCE, email: TASKS_ACCOUNT })}`)).toBe(true);
  });

  it.each([
    { case: 'an unverified email', claims: { emailVerified: false } },
    { case: 'an expired token', claims: { expiresInSeconds: -600 } },
    { case: 'a foreign issuer', claims: { issuer: 'https://evil.example' } },
  ])('rejects $case', async ({ claims }) => {
    const token = emulator.mintIdToken({ audience: AUDIENCE, email: PUSH_ACCOUNT, ...claims });
    expect(await googleVerifier().verify(`Bearer ${token}`)).toBe(false);
  });

  it('rejects a token with valid claims signed by a key Google did not publish', async () => {
    const genuine = emulator.mintIdToken({ audience: AUDIENCE, email: PUSH_ACCOUNT });
    const [header, payload] = genuine.split('.');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');

    expect(await googleVerifier().verify(`Bearer ${header}.${payload}.${signature}`)).toBe(false);
  });

  it('fetches the certificates once and reuses them for later tokens', async () => {
    const verifier = googleVerifier();
    const before = emulator.certsFetches;
    for (let i = 0; i < 3; i++) expect(await verifier.verify(`Bearer ${emulator.mintIdToken({ audience: AUDIENCE, email: PUSH_ACCOUNT })}`)).toBe(true);
    expect(emulator.certsFetches - before).toBe(1);
  });

  it('accepts nobody when no service account is configured', async () => {
    const verifier = createGooglePushVerifier({ audience: AUDIENCE, serviceAccountEmails: [], certsUrl: emulator.certsUrl });
    expect(await verifier.verify(`Bearer ${emulator.mintIdToken({ audience: AUDIENCE, email: PUSH_ACCOUNT })}`)).toBe(false);
  });
});
