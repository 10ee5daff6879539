import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedRateLimiter } from '../../infra/embedded/embedded-rate-limiter.ts';
import { createFirestoreRateLimiter, RATE_LIMIT_COLLECTION } from '../../infra/google/firestore-rate-limiter.ts';
import { createFirestoreRest, documentIdFor } from '../../infra/google/firestore-rest.ts';
import { createGoogleRestClient } from '../../infra/google/google-rest-client.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TRateLimiter } from '../../shared/ports/rate-limiter.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import type { TManualClock } from '../support/manual-clock.ts';
import { createManualClock } from '../support/manual-clock.ts';

interface TLimiterHarness {
  limiter: TRateLimiter;
  clock: TManualClock;
  close(): Promise<void>;
}

// 09:00:10 into a 60 s window that started at 09:00:00.
const START = '2026-03-02T09:00:10.000Z';

const firestoreHarness = async (): Promise<TLimiterHarness & { emulator: TGoogleApiEmulator }> => {
  const clock = createManualClock(START);
  const emulator = await startGoogleApiEmulator({ clock });
  const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url });
  const limiter = createFirestoreRateLimiter({ firestore: createFirestoreRest({ client, projectId: emulator.projectId }), clock });
  return { limiter, clock, emulator, close: () => emulator.close() };
};

const embeddedHarness = async (): Promise<TLimiterHarness> => {
  const clock = createManualClock(START);
  const db = await openEmbeddedDatabase({ clock });
  return { limiter: createEmbeddedRateLimiter({ db, clock }), clock, close: () => db.close() };
};

const targets: { name: string; setup: () => Promise<TLimiterHarness> }[] = [
  { name: 'Firestore', setup: firestoreHarness },
  { name: 'embedded', setup: embeddedHarness },
];

describe.each(targets)('rate limiter: $name', (target) => {
  let harness: TLimiterHarness;
  beforeEach(async () => {
    harness = await target.setup();
  });
  afterEach(() => harness.close());

  it('allows up to the limit in a window, counting down what remains', async () => {
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await harness.limiter.consume('user:u1', { limit: 3, windowSeconds: 60 }));
    expect(decisions).toEqual([
      { allowed: true, remaining: 2, retryAfterSeconds: 50 },
      { allowed: true, remaining: 1, retryAfterSeconds: 50 },
      { allowed: true, remaining: 0, retryAfterSeconds: 50 },
    ]);
  });

  it('denies past the limit with the seconds until the window resets', async () => {
    for (let i = 0; i < 3; i++) await harness.limiter.consume('user:u1', { limit: 3, windowSeconds: 60 });
    harness.clock.advance(20_500);
    expect(await harness.limiter.consume('user:u1', { limit: 3, windowSeconds: 60 })).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
  });

  it('starts counting afresh in the next window', async () => {
    for (let i = 0; i < 4; i++) await harness.limiter.consume('ip:203.0.113.9', { limit: 3, windowSeconds: 60 });
    harness.clock.set('2026-03-02T09:01:00.000Z');
    expect(await harness.limiter.consume('ip:203.0.113.9', { limit: 3, windowSeconds: 60 })).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 60 });
  });

  it('charges the given cost', async () => {
    expect(await harness.limiter.consume('phone:+15550100', { limit: 10, windowSeconds: 60, cost: 4 })).toMatchObject({ allowed: true, remaining: 6 });
    expect(await harness.limiter.consume('phone:+15550100', { limit: 10, windowSeconds: 60, cost: 7 })).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('keeps keys and window lengths apart', async () => {
    await harness.limiter.consume('user:u1', { limit: 1, windowSeconds: 60 });
    expect(await harness.limiter.consume('user:u2', { limit: 1, windowSeconds: 60 })).toMatchObject({ allowed: true });
    expect(await harness.limiter.consume('user:u1', { limit: 1, windowSeconds: 3600 })).toMatchObject({ allowed: true });
  });

  it('allows exactly the limit under concurrent requests', async () => {
    const decisions = await Promise.all(Array.from({ length: 25 }, () => harness.limiter.consume('user:burst', { limit: 10, windowSeconds: 60 })));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });
});

describe('Firestore rate limiter on the wire', () => {
  let harness: Awaited<ReturnType<typeof firestoreHarness>>;
  beforeEach(async () => {
    harness = await firestoreHarness();
  });
  afterEach(() => harness.close());

  it('counts with one commit: an upsert under an update mask plus an increment transform, expiring at the window end', async () => {
    await harness.limiter.consume('user:u1', { limit: 5, windowSeconds: 60, cost: 2 });

    const name = `projects/demo-dealcycle/databases/(default)/documents/${RATE_LIMIT_COLLECTION}/${documentIdFor('user:u1\n60\n2026-03-02T09:00:00.000Z')}`;
    expect(harness.emulator.requests).toHaveLength(1);
    expect(harness.emulator.requests[0]?.body).toEqual({
      writes: [
        {
          update: {
            name,
            fields: {
              key: { stringValue: 'user:u1' },
              window_start: { timestampValue: '2026-03-02T09:00:00.000Z' },
              expires_at: { timestampValue: '2026-03-02T09:01:00.000Z' },
            },
          },
          updateMask: { fieldPaths: ['key', 'window_start', 'expires_at'] },
          updateTransforms: [{ fieldPath: 'count', increment: { integerValue: '2' } }],
        },
      ],
    });
  });

  it('does not retry a failed increment, which could count twice', async () => {
    harness.emulator.fault({ path: ':commit', status: 500 });
    await expect(harness.limiter.consume('user:u1', { limit: 5, windowSeconds: 60 })).rejects.toMatchObject({ status: 'INTERNAL' });
    expect(harness.emulator.requests).toHaveLength(1);
  });
});
