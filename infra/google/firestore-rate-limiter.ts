import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TRateLimiter } from '../../shared/ports/rate-limiter.ts';
import { fixedWindow, rateLimitDecision } from '../../shared/rate-limits/fixed-window.ts';
import type { TFirestoreRest } from './firestore-rest.ts';
import { documentIdFor, firestoreValue, readInteger } from './firestore-rest.ts';

/**
 * Fixed-window counters in Firestore, one document per key and window in `_rate_limits`:
 * `{key, window_start, expires_at, count}` (the id hashes key, window length and start). Each `consume` is one commit: an upsert of the
 * descriptive fields plus an atomic `increment` transform whose result (the new count) comes
 * back in `transformResults` — no read, no transaction, exact under concurrency.
 * The TTL policy on `expires_at` removes finished windows.
 */
export const RATE_LIMIT_COLLECTION = '_rate_limits';

export function createFirestoreRateLimiter(options: { firestore: TFirestoreRest; clock?: TClock; collection?: string }): TRateLimiter {
  const { firestore } = options;
  const clock = options.clock ?? systemClock;
  return {
    async consume(key, { limit, windowSeconds, cost = 1 }) {
      const now = clock.now();
      const window = fixedWindow(now, windowSeconds);
      const name = firestore.documentName(options.collection ?? RATE_LIMIT_COLLECTION, documentIdFor(`${key}\n${windowSeconds}\n${window.start.toISOString()}`));
      const [result] = await firestore.commit([
        {
          update: {
            name,
            fields: {
              key: firestoreValue.string(key),
              window_start: firestoreValue.timestamp(window.start),
              expires_at: firestoreValue.timestamp(window.end),
            },
          },
          updateMask: { fieldPaths: ['key', 'window_start', 'expires_at'] },
          updateTransforms: [{ fieldPath: 'count', increment: firestoreValue.integer(cost) }],
        },
      ]);
      const count = readInteger(result?.transformResults?.[0]);
      if (count === undefined) throw new Error('Firestore commit returned no increment result');
      return rateLimitDecision(count, limit, window, now);
    },
  };
}
