/**
 * Processing ledger for at-least-once deliveries (Twilio webhooks retried per
 * MessageSid/CallSid, repeated push messages). Production: Firestore with a TTL policy;
 * local: the embedded implementation.
 */
export type TClaimResult =
  /** First time: the caller processes and then calls `complete` (or `release` on failure). */
  | 'claimed'
  /** Another delivery is processing it right now (its lease has not expired). */
  | 'in_progress'
  /** Already processed: skip. */
  | 'done';

export interface TIdempotencyLedger {
  claim(key: string, options: { leaseSeconds: number; ttlSeconds: number }): Promise<TClaimResult>;
  complete(key: string): Promise<void>;
  /** Gives the key back after a failure so the next delivery retries. */
  release(key: string): Promise<void>;
}
