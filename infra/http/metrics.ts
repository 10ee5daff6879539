import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics every function exports at `/metrics`. The Grafana dashboard and
 * alert rules in infra/monitoring are checked against these names.
 */
export const METRIC_NAMES = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
  queueDepth: 'queue_depth',
  queueDeliveries: 'queue_deliveries_total',
  queueDeadLetters: 'queue_dead_letters',
} as const;

export interface TMetrics {
  registry: Registry;
  requests: Counter<'function' | 'route' | 'method' | 'status'>;
  duration: Histogram<'function' | 'route' | 'method' | 'status'>;
  queueDeliveries: Counter<'topic' | 'outcome'>;
}

/** Queue state reported at scrape time: tasks per topic and state, dead letters per topic. */
export type TQueueStats = { topic: string; ready: number; scheduled: number; deadLetters: number }[];

export function createMetrics(queueStats?: () => Promise<TQueueStats>): TMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['function', 'route', 'method', 'status'] as const;
  const requests = new Counter({ name: METRIC_NAMES.requests, help: 'HTTP requests by function, route, method and status', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: METRIC_NAMES.duration,
    help: 'HTTP request latency in seconds',
    labelNames,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const queueDeliveries = new Counter({
    name: METRIC_NAMES.queueDeliveries,
    help: 'Queue push deliveries by topic and outcome (ok, retry, dead_letter)',
    labelNames: ['topic', 'outcome'],
    registers: [registry],
  });
  if (queueStats) {
    new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'Tasks waiting in the queue by topic and state (ready, scheduled)',
      labelNames: ['topic', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const stat of await queueStats()) {
          this.set({ topic: stat.topic, state: 'ready' }, stat.ready);
          this.set({ topic: stat.topic, state: 'scheduled' }, stat.scheduled);
        }
      },
    });
    new Gauge({
      name: METRIC_NAMES.queueDeadLetters,
      help: 'Messages parked in the dead-letter store by topic',
      labelNames: ['topic'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const stat of await queueStats()) this.set({ topic: stat.topic }, stat.deadLetters);
      },
    });
  }
  return { registry, requests, duration, queueDeliveries };
}
