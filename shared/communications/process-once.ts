import type { TServicePorts } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';

const LEASE_SECONDS = 30;
/** Twilio retries within minutes; a week covers any replay worth refusing. */
const TTL_SECONDS = 7 * 86_400;

/**
 * Runs `work` once per provider event key (`twilio:sms:<MessageSid>`…) through the idempotency
 * ledger: a replay of an event already handled gets `duplicate()` instead (the same TwiML
 * without the side effects); one arriving while the first is still being handled is answered
 * 503 so the provider retries; a failure gives the key back for the retry.
 */
export async function processOnce<T>(ports: Pick<TServicePorts, 'idempotency'>, key: string, work: () => Promise<T>, duplicate: () => T | Promise<T>): Promise<T> {
  const ledger = await ports.idempotency();
  const claim = await ledger.claim(key, { leaseSeconds: LEASE_SECONDS, ttlSeconds: TTL_SECONDS });
  if (claim === 'done') return duplicate();
  if (claim === 'in_progress') throw new AppError('unavailable', 'This webhook is being handled by another delivery', { retryAfterSeconds: 5 });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await ledger.release(key);
    throw error;
  }
  await ledger.complete(key);
  return result;
}
