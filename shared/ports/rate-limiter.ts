/** Fixed-window counters per key (per user, per IP, per phone number). Firestore in production. */
export interface TRateLimitDecision {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window resets; sent as Retry-After when not allowed. */
  retryAfterSeconds: number;
}

export interface TRateLimiter {
  consume(key: string, options: { limit: number; windowSeconds: number; cost?: number }): Promise<TRateLimitDecision>;
}
