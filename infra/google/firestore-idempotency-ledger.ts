import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TClaimResult, TIdempotencyLedger } from '../../shared/ports/idempotency.ts';
import { isGoogleApiError } from './google-rest-client.ts';
import type { TFirestoreDocument, TFirestoreRest } from './firestore-rest.ts';
import { documentIdFor, firestoreValue, readString, readTimestamp } from './firestore-rest.ts';

/**
 * The idempotency ledger in Firestore, one document per key in `_idempotency`:
 * `{key, state: 'in_progress'|'done', lease_until, expires_at, claimed_at, completed_at?}`.
 * A TTL policy on `expires_at` deletes old entries, but TTL deletion lags (up to a day), so
 * an entry past `expires_at` counts as absent here too.
 *
 * Concurrency without transactions: the first claim is a create with `exists: false`
 * (exactly one concurrent creator wins, the rest get ALREADY_EXISTS); taking over an expired
 * lease is a compare-and-swap on the document's `updateTime`. One round trip in the common
 * case, and never a lost race.
 */
export const IDEMPOTENCY_COLLECTION = '_idempotency';

/** Rounds of create / read / compare-and-swap before giving up to a busier competitor. */
const MAX_CLAIM_ROUNDS = 5;

export function createFirestoreIdempotencyLedger(options: { firestore: TFirestoreRest; clock?: TClock; collection?: string }): TIdempotencyLedger {
  const { firestore } = options;
  const clock = options.clock ?? systemClock;
  const nameOf = (key: string) => firestore.documentName(options.collection ?? IDEMPOTENCY_COLLECTION, documentIdFor(key));

  return {
    async claim(key, { leaseSeconds, ttlSeconds }): Promise<TClaimResult> {
      const name = nameOf(key);
      for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        const now = clock.now();
        const fields = {
          key: firestoreValue.string(key),
          state: firestoreValue.string('in_progress'),
          claimed_at: firestoreValue.timestamp(now),
          lease_until: firestoreValue.timestamp(new Date(now.getTime() + leaseSeconds * 1000)),
          expires_at: firestoreValue.timestamp(new Date(now.getTime() + ttlSeconds * 1000)),
        };
        try {
          await firestore.commit([{ update: { name, fields }, currentDocument: { exists: false } }]);
          return 'claimed';
        } catch (error) {
          if (!isGoogleApiError(error, 'ALREADY_EXISTS')) throw error;
        }
        const current = await firestore.get(name);
        if (!current?.updateTime) continue;
        const state = stateOf(current, now);
        if (state !== 'free') return state;
        try {
          await firestore.commit([{ update: { name, fields }, currentDocument: { updateTime: current.updateTime } }]);
          return 'claimed';
        } catch (error) {
          // Someone else changed or deleted it since our read: look again.
          if (!isGoogleApiError(error, 'FAILED_PRECONDITION') && !isGoogleApiError(error, 'NOT_FOUND')) throw error;
        }
      }
      return 'in_progress';
    },

    async complete(key) {
      const name = nameOf(key);
      const fields = { state: firestoreValue.string('done'), completed_at: firestoreValue.timestamp(clock.now()) };
      try {
        await firestore.commit([{ update: { name, fields }, updateMask: { fieldPaths: ['state', 'completed_at'] }, currentDocument: { exists: true } }]);
      } catch (error) {
        // The entry expired (or was released) meanwhile: there is nothing left to mark.
        if (!isGoogleApiError(error, 'NOT_FOUND')) throw error;
      }
    },

    async release(key) {
      const name = nameOf(key);
      const current = await firestore.get(name);
      // Only an unfinished claim is given back: a finished one must keep deduplicating.
      if (!current?.updateTime || readString(current.fields, 'state') !== 'in_progress') return;
      try {
        await firestore.commit([{ delete: name, currentDocument: { updateTime: current.updateTime } }]);
      } catch (error) {
        if (!isGoogleApiError(error, 'FAILED_PRECONDITION') && !isGoogleApiError(error, 'NOT_FOUND')) throw error;
      }
    },
  };
}

function stateOf(document: TFirestoreDocument, now: Date): 'done' | 'in_progress' | 'free' {
  const expiresAt = readTimestamp(document.fields, 'expires_at');
  if (!expiresAt || expiresAt.getTime() <= now.getTime()) return 'free';
  if (readString(document.fields, 'state') === 'done') return 'done';
  const leaseUntil = readTimestamp(document.fields, 'lease_until');
  return leaseUntil && leaseUntil.getTime() > now.getTime() ? 'in_progress' : 'free';
}
