import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { isDuplicateKeyError } from '../../shared/ports/document-store.ts';
import type { TRateLimiter } from '../../shared/ports/rate-limiter.ts';
import { fixedWindow, rateLimitDecision } from '../../shared/rate-limits/fixed-window.ts';

/**
 * Fixed-window counters in the document store (`_rate_limits`, one document per key, window
 * length and window start), with the Firestore adapter's semantics: one atomic upsert with
 * `$inc` per request, the new count decides. A TTL index on `expires_at` (the window's end)
 * removes finished windows.
 */
export const RATE_LIMIT_COLLECTION = '_rate_limits';

interface TCounter {
  _id: string;
  key: string;
  window_start: Date;
  expires_at: Date;
  count: number;
  [field: string]: unknown;
}

export function createEmbeddedRateLimiter(options: { db: TDatabase; clock?: TClock }): TRateLimiter {
  const clock = options.clock ?? systemClock;
  const counters = options.db.collection<TCounter>(RATE_LIMIT_COLLECTION);
  const ready = counters.createIndex({ expires_at: 1 }, { name: 'ttl', expireAfterSeconds: 0 });

  async function increment(id: string, key: string, window: { start: Date; end: Date }, cost: number): Promise<number> {
    const update = { $inc: { count: cost }, $setOnInsert: { key, window_start: window.start, expires_at: window.end } };
    try {
      return (await counters.findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after' }))?.count ?? cost;
    } catch (error) {
      // MongoDB lets two concurrent upserts of one new _id race; the loser retries as an update.
      if (!isDuplicateKeyError(error)) throw error;
      return (await counters.findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after' }))?.count ?? cost;
    }
  }

  return {
    async consume(key, { limit, windowSeconds, cost = 1 }) {
      await ready;
      const now = clock.now();
      const window = fixedWindow(now, windowSeconds);
      const count = await increment(`${key}|${windowSeconds}|${window.start.getTime()}`, key, window, cost);
      return rateLimitDecision(count, limit, window, now);
    },
  };
}
