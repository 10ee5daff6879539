import type { TRateLimitDecision } from '../ports/rate-limiter.ts';

/**
 * Fixed windows aligned on multiples of their length since the Unix epoch, so every
 * instance (and both adapters) agrees on where a window starts without coordination.
 */
export function fixedWindow(now: Date, windowSeconds: number): { start: Date; end: Date } {
  const length = windowSeconds * 1000;
  const start = Math.floor(now.getTime() / length) * length;
  return { start: new Date(start), end: new Date(start + length) };
}

/**
 * The decision once the window's counter includes this request's cost. Denied requests
 * count too (one atomic increment, no read first): a client hammering through its limit
 * stays limited until the window resets.
 */
export function rateLimitDecision(count: number, limit: number, window: { end: Date }, now: Date): TRateLimitDecision {
  return {
    allowed: count <= limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: Math.max(1, Math.ceil((window.end.getTime() - now.getTime()) / 1000)),
  };
}
