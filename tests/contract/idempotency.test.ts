import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedIdempotencyLedger } from '../../infra/embedded/embedded-idempotency-ledger.ts';
import { createFirestoreIdempotencyLedger, IDEMPOTENCY_COLLECTION } from '../../infra/google/firestore-idempotency-ledger.ts';
import { createFirestoreRest, documentIdFor } from '../../infra/google/firestore-rest.ts';
import { createGoogleRestClient } from '../../infra/google/google-rest-client.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TIdempotencyLedger } from '../../shared/ports/idempotency.ts';
import type { TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { startGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import type { TManualClock } from '../support/manual-clock.ts';
import { createManualClock } from '../support/manual-clock.ts';

interface TLedgerHarness {
  ledger: TIdempotencyLedger;
  clock: TManualClock;
  close(): Promise<void>;
}

const firestoreHarness = async (): Promise<TLedgerHarness & { emulator: TGoogleApiEmulator }> => {
  const clock = createManualClock();
  const emulator = await startGoogleApiEmulator({ clock });
  const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url });
  const ledger = createFirestoreIdempotencyLedger({ firestore: createFirestoreRest({ client, projectId: emulator.projectId }), clock });
  return { ledger, clock, emulator, close: () => emulator.close() };
};

const embeddedHarness = async (): Promise<TLedgerHarness> => {
  const clock = createManualClock();
  const db = await openEmbeddedDatabase({ clock });
  return { ledger: createEmbeddedIdempotencyLedger({ db, clock }), clock, close: () => db.close() };
};

const targets: { name: string; setup: () => Promise<TLedgerHarness> }[] = [
  { name: 'Firestore', setup: firestoreHarness },
  { name: 'embedded', setup: embeddedHarness },
];

const LEASE = { leaseSeconds: 60, ttlSeconds: 86_400 };

describe.each(targets)('idempotency ledger: $name', (target) => {
  let harness: TLedgerHarness;
  beforeEach(async () => {
    harness = await target.setup();
  });
  afterEach(() => harness.close());

  it('claims a new key, then reports it in progress to a second delivery', async () => {
    const { ledger } = harness;
    expect(await ledger.claim('twilio:SM123', LEASE)).toBe('claimed');
    expect(await ledger.claim('twilio:SM123', LEASE)).toBe('in_progress');
    expect(await ledger.claim('twilio:SM456', LEASE)).toBe('claimed');
  });

  it('reports a completed key as done until its TTL passes, then lets it be claimed afresh', async () => {
    const { ledger, clock } = harness;
    await ledger.claim('step:exe_1:2', { leaseSeconds: 60, ttlSeconds: 3600 });
    await ledger.complete('step:exe_1:2');
    clock.advance(3_599_000);
    expect(await ledger.claim('step:exe_1:2', LEASE)).toBe('done');
    clock.advance(1_000);
    expect(await ledger.claim('step:exe_1:2', LEASE)).toBe('claimed');
  });

  it('lets the next delivery take over once the lease has expired', async () => {
    const { ledger, clock } = harness;
    await ledger.claim('push:42', { leaseSeconds: 30, ttlSeconds: 3600 });
    clock.advance(29_999);
    expect(await ledger.claim('push:42', LEASE)).toBe('in_progress');
    clock.advance(1);
    expect(await ledger.claim('push:42', LEASE)).toBe('claimed');
    expect(await ledger.claim('push:42', LEASE)).toBe('in_progress');
  });

  it('gives a released key back so the next delivery claims it at once', async () => {
    const { ledger } = harness;
    await ledger.claim('push:43', LEASE);
    await ledger.release('push:43');
    expect(await ledger.claim('push:43', LEASE)).toBe('claimed');
  });

  it('keeps a completed key done when a late release arrives', async () => {
    const { ledger } = harness;
    await ledger.claim('push:44', LEASE);
    await ledger.complete('push:44');
    await ledger.release('push:44');
    expect(await ledger.claim('push:44', LEASE)).toBe('done');
  });

  it('treats completing or releasing an unknown key as a no-op', async () => {
    const { ledger } = harness;
    await ledger.complete('never-claimed');
    await ledger.release('never-claimed');
    expect(await ledger.claim('never-claimed', LEASE)).toBe('claimed');
  });

  it('grants exactly one of many concurrent claims of the same key', async () => {
    const results = await Promise.all(Array.from({ length: 16 }, () => harness.ledger.claim('twilio:SM-race', LEASE)));
    expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
    expect(results.filter((result) => result === 'in_progress')).toHaveLength(15);
  });

  it('grants exactly one of many concurrent takeovers of an expired lease', async () => {
    const { ledger, clock } = harness;
    await ledger.claim('twilio:SM-takeover', { leaseSeconds: 10, ttlSeconds: 3600 });
    clock.advance(11_000);
    const results = await Promise.all(Array.from({ length: 16 }, () => ledger.claim('twilio:SM-takeover', LEASE)));
    expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
  });
});

describe('Firestore idempotency ledger on the wire', () => {
  let harness: Awaited<ReturnType<typeof firestoreHarness>>;
  beforeEach(async () => {
    harness = await firestoreHarness();
  });
  afterEach(() => harness.close());

  const commitPath = '/v1/projects/demo-dealcycle/databases/(default)/documents:commit';

  it('creates the entry with an exists:false precondition, a hashed id and an expires_at for the TTL policy', async () => {
    await harness.ledger.claim('twilio:SM/with/slashes', { leaseSeconds: 60, ttlSeconds: 600 });

    const id = documentIdFor('twilio:SM/with/slashes');
    expect(harness.emulator.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: commitPath,
        body: {
          writes: [
            {
              update: {
                name: `projects/demo-dealcycle/databases/(default)/documents/${IDEMPOTENCY_COLLECTION}/${id}`,
                fields: {
                  key: { stringValue: 'twilio:SM/with/slashes' },
                  state: { stringValue: 'in_progress' },
                  claimed_at: { timestampValue: '2026-03-02T09:00:00.000Z' },
                  lease_until: { timestampValue: '2026-03-02T09:01:00.000Z' },
                  expires_at: { timestampValue: '2026-03-02T09:10:00.000Z' },
                },
              },
              currentDocument: { exists: false },
            },
          ],
        },
      }),
    ]);
  });

  it('takes over an expired lease with a compare-and-swap on updateTime', async () => {
    await harness.ledger.claim('k', { leaseSeconds: 10, ttlSeconds: 600 });
    const before = harness.emulator.document(IDEMPOTENCY_COLLECTION, documentIdFor('k'));
    harness.clock.advance(20_000);

    expect(await harness.ledger.claim('k', LEASE)).toBe('claimed');

    const takeover = harness.emulator.requests.at(-1)?.body as { writes: { currentDocument: unknown }[] };
    expect(takeover.writes[0]?.currentDocument).toEqual({ updateTime: before?.updateTime });
  });

  it('marks completion with an update mask so the expiry stays', async () => {
    await harness.ledger.claim('k', { leaseSeconds: 10, ttlSeconds: 600 });
    await harness.ledger.complete('k');

    const stored = harness.emulator.document(IDEMPOTENCY_COLLECTION, documentIdFor('k'));
    expect(stored?.fields).toMatchObject({ state: { stringValue: 'done' }, expires_at: { timestampValue: '2026-03-02T09:10:00.000Z' } });
  });

  it('surfaces a failed commit instead of guessing, without retrying it', async () => {
    harness.emulator.fault({ path: ':commit', status: 503 });
    await expect(harness.ledger.claim('k', LEASE)).rejects.toMatchObject({ status: 'UNAVAILABLE' });
    expect(harness.emulator.requests).toHaveLength(1);
  });
});
