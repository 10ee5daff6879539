import { Agent, request } from 'node:http';
import { summarize } from './report.ts';

export interface TLoadResult {
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
}

/**
 * A closed-loop load generator: `connections` keep-alive connections, each sending the next
 * request as soon as the previous answer arrives, for `durationMs`. Latency per request in ms.
 */
export async function runLoad(options: { url: string; headers?: Record<string, string>; connections: number; durationMs: number; warmupMs?: number }): Promise<TLoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const target = new URL(options.url);
  const send = () =>
    new Promise<number>((resolve) => {
      const req = request({ agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: options.headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });

  const loop = async (until: number, latencies: number[] | undefined, failures: { count: number }) => {
    while (performance.now() < until) {
      const started = performance.now();
      const status = await send();
      if (status < 200 || status >= 300) failures.count += 1;
      latencies?.push(performance.now() - started);
    }
  };

  const warmupEnd = performance.now() + (options.warmupMs ?? 1_000);
  await Promise.all(Array.from({ length: options.connections }, () => loop(warmupEnd, undefined, { count: 0 })));
  const latencies: number[] = [];
  const failures = { count: 0 };
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, () => loop(started + options.durationMs, latencies, failures)));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const { p50, p95, p99 } = summarize(latencies);
  return { connections: options.connections, requests: latencies.length, requestsPerSecond: latencies.length / elapsed, p50, p95, p99, errors: failures.count };
}
