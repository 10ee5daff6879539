import type { TServicePorts } from '../context/service-context.ts';

/** Seconds ahead a send looks for a free slot before it gives up and tries again later. */
const MAX_PROBES = 30;
/** Counters live this long: longer than any reservation is made ahead. */
const COUNTER_WINDOW_SECONDS = 3_600;

/**
 * Reserves the first second, from `from` (the caller's now, or later) on, in which `number`
 * still has room for `segments` under its throughput (segments per second), using the rate
 * limiter as a per-second counter (`sms-slot:<number>:<epoch second>`). Resolves with the
 * slot's start, `from` itself when its own second has room: not after the caller's now means
 * send now; later means schedule for then. The caller's instant is used, not a second clock
 * reading, which would be a moment later and turn "now" into a needless reschedule. Null when
 * the next `MAX_PROBES` seconds are full (a big blast): the caller retries after them.
 *
 * The counters are approximate at the top of an hour (a key's window is the current hour),
 * which at worst lets a second take twice its share; Twilio queues the excess itself
 * (up to four hours per number), so this smooths sends rather than guarding a hard limit.
 */
export async function reserveSendSlot(ports: Pick<TServicePorts, 'rateLimiter'>, number: string, perSecond: number, segments: number, from: Date): Promise<Date | null> {
  const limiter = await ports.rateLimiter();
  const start = from.getTime();
  const first = Math.floor(start / 1000);
  const limit = Math.max(1, Math.floor(perSecond));
  // A message longer than a second's budget takes a whole second.
  const cost = Math.min(Math.max(1, segments), limit);
  for (let second = first; second < first + MAX_PROBES; second++) {
    const decision = await limiter.consume(`sms-slot:${number}:${second}`, { limit, windowSeconds: COUNTER_WINDOW_SECONDS, cost });
    if (decision.allowed) return new Date(Math.max(start, second * 1000));
  }
  return null;
}
