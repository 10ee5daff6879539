import type { TServicePorts } from '../../shared/context/service-context.ts';
import type { TClock } from '../../shared/ports/clock.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TPushVerifier } from '../../shared/ports/queue.ts';
import type { TMetrics } from '../http/metrics.ts';
import type { TConfig } from './config.ts';
import type { TLogger } from './logger.ts';

/**
 * The adapter set of one deployable, chosen once from configuration. Getters are lazy and
 * memoized: a function only loads the clients its code paths use (cold starts).
 */
export interface TPlatform extends TServicePorts {
  config: TConfig;
  logger: TLogger;
  metrics: TMetrics;
  clock: TClock;
  db(): Promise<TDatabase>;
  pushVerifier(): Promise<TPushVerifier>;
  /** Resolves when the queue can take messages (embedded: its store answers; cloud: credentials load). */
  queueHealth(): Promise<void>;
  /** Releases what the platform opened (store files, timers). */
  close(): Promise<void>;
}

/** Memoizes an async factory; a failed attempt is retried on the next call. */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
