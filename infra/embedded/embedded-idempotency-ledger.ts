import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { isDuplicateKeyError } from '../../shared/ports/document-store.ts';
import type { TClaimResult, TIdempotencyLedger } from '../../shared/ports/idempotency.ts';

/**
 * The idempotency ledger in the document store (`_idempotency`, one document per key), with
 * the Firestore adapter's semantics. Each step is one atomic store operation, so it is correct
 * with concurrent deliveries in one process and also on MongoDB across processes: the insert
 * of a new key has one winner (unique `_id`), and taking over an expired entry is a
 * conditional `findOneAndUpdate`. A TTL index on `expires_at` removes old entries; until it
 * runs, an entry past `expires_at` counts as absent.
 */
export const IDEMPOTENCY_COLLECTION = '_idempotency';

interface TLedgerEntry {
  _id: string;
  state: 'in_progress' | 'done';
  claimed_at: Date;
  lease_until: Date;
  expires_at: Date;
  completed_at?: Date;
  [field: string]: unknown;
}

const MAX_CLAIM_ROUNDS = 5;

export function createEmbeddedIdempotencyLedger(options: { db: TDatabase; clock?: TClock }): TIdempotencyLedger {
  const clock = options.clock ?? systemClock;
  const entries = options.db.collection<TLedgerEntry>(IDEMPOTENCY_COLLECTION);
  const ready = entries.createIndex({ expires_at: 1 }, { name: 'ttl', expireAfterSeconds: 0 });

  return {
    async claim(key, { leaseSeconds, ttlSeconds }): Promise<TClaimResult> {
      await ready;
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        const now = clock.now();
        const claimed = {
          state: 'in_progress' as const,
          claimed_at: now,
          lease_until: new Date(now.getTime() + leaseSeconds * 1000),
          expires_at: new Date(now.getTime() + ttlSeconds * 1000),
        };
        try {
          await entries.insertOne({ _id: key, ...claimed });
          return 'claimed';
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
        }
        const takenOver = await entries.findOneAndUpdate(
          { _id: key, $or: [{ expires_at: { $lte: now } }, { state: 'in_progress', lease_until: { $lte: now } }] },
          { $set: claimed, $unset: { completed_at: '' } },
        );
        if (takenOver) return 'claimed';
        const current = await entries.findOne({ _id: key });
        // Gone, or expired since the take-over attempt: try again from the top.
        if (!current || current.expires_at.getTime() <= now.getTime()) continue;
        if (current.state === 'done') return 'done';
        if (current.lease_until.getTime() > now.getTime()) return 'in_progress';
      }
      return 'in_progress';
    },

    async complete(key) {
      await ready;
      await entries.updateOne({ _id: key }, { $set: { state: 'done', completed_at: clock.now() } });
    },

    async release(key) {
      await ready;
      // Only an unfinished claim is given back: a finished one must keep deduplicating.
      await entries.deleteOne({ _id: key, state: 'in_progress' });
    },
  };
}
