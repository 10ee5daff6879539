/**
 * Embedded queue: publish rate, end-to-end deliveries per second to a local HTTP receiver,
 * publish-to-delivery latency with the background dispatcher, and what 10k scheduled tasks
 * cost while they wait (memory, and the dispatcher's look at the table when nothing is due).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedQueue } from '../../infra/queue/embedded-queue.ts';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { printTable, summarize } from './support/report.ts';

const PUBLISHES = 5_000;
const WAITING = 10_000;
const LATENCY_SAMPLES = 300;

const payload = { type: 'lead_status_changed', tenant_id: 't_bench', subject: { kind: 'lead', id: 'lead_0123456789' }, data: { from: 'new', to: 'contacted' } };

async function startReceiver(onPush: () => void = () => undefined) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      onPush();
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function withStore<T>(durable: boolean, run: (db: TDatabase) => Promise<T>): Promise<T> {
  const directory = durable ? await mkdtemp(join(tmpdir(), 'dealcycle-queue-bench-')) : undefined;
  const db = await openEmbeddedDatabase(directory ? { directory } : {});
  try {
    return await run(db);
  } finally {
    await db.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  }
}

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);

export default async function queueBench(): Promise<void> {
  const receiver = await startReceiver();
  const throughput: Record<string, string | number>[] = [];
  for (const durable of [false, true]) {
    await withStore(durable, async (db) => {
      const queue = createEmbeddedQueue({ db, baseUrl: receiver.url, pushSecret: 'bench' });
      await queue.publish('domain-events', { data: payload });
      await queue.drain();

      let started = performance.now();
      for (let i = 0; i < PUBLISHES; i++) await queue.publish('domain-events', { data: payload, attributes: { tenant_id: 't_bench' } });
      const sequentialMs = performance.now() - started;

      started = performance.now();
      const delivered = await queue.drain();
      const drainMs = performance.now() - started;

      started = performance.now();
      await Promise.all(Array.from({ length: PUBLISHES }, () => queue.publish('domain-events', { data: payload })));
      const concurrentMs = performance.now() - started;
      await queue.drain();

      throughput.push({
        store: durable ? 'durable (directory)' : 'in memory',
        'publish/s (one at a time)': perSecond(PUBLISHES, sequentialMs),
        'publish/s (5k concurrent)': perSecond(PUBLISHES, concurrentMs),
        'deliveries/s (drain, 8 in flight)': perSecond(delivered, drainMs),
      });
    });
  }
  printTable(`Embedded queue throughput (${PUBLISHES.toLocaleString('en-US')} messages, HTTP receiver answering 204)`, throughput);

  // Latency with the background dispatcher, one message at a time: publish → receiver.
  let arrived: () => void = () => undefined;
  const latencyReceiver = await startReceiver(() => arrived());
  await withStore(true, async (db) => {
    const queue = createEmbeddedQueue({ db, baseUrl: latencyReceiver.url, pushSecret: 'bench' });
    queue.start();
    const samples: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      const started = performance.now();
      await queue.publish('workflow-steps', { data: payload });
      await arrival;
      samples.push(performance.now() - started);
    }
    await queue.stop();
    const { p50, p95, p99, n } = summarize(samples);
    printTable('Publish → delivery latency, background dispatcher, durable store (ms)', [{ n, p50, p95, p99 }]);
  });
  await latencyReceiver.close();

  // 10k tasks scheduled for later: memory held, and the cost of looking when nothing is due.
  await withStore(false, async (db) => {
    const queue = createEmbeddedQueue({ db, baseUrl: receiver.url, pushSecret: 'bench' });
    await queue.stats();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    const base = Date.now() + 3600_000;
    let started = performance.now();
    for (let i = 0; i < WAITING; i++) {
      await queue.schedule('workflow-steps', { data: { ...payload, step: i } }, { at: new Date(base + i * 1000), name: `exe_${i}:1` });
    }
    const scheduleMs = performance.now() - started;
    const heapAfter = process.memoryUsage().heapUsed;
    const rssAfter = process.memoryUsage().rss;

    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      started = performance.now();
      await queue.runDue();
      idle.push(performance.now() - started);
    }
    const statsSamples: number[] = [];
    for (let i = 0; i < 10; i++) {
      started = performance.now();
      await queue.stats();
      statsSamples.push(performance.now() - started);
    }
    printTable(`${WAITING.toLocaleString('en-US')} named tasks scheduled for later (in-memory store)`, [
      {
        'schedule/s': perSecond(WAITING, scheduleMs),
        'heap growth (MB)': (heapAfter - heapBefore) / 1e6,
        'rss growth (MB)': (rssAfter - rssBefore) / 1e6,
        'bytes per task (heap)': Math.round((heapAfter - heapBefore) / WAITING),
        'runDue with none due p50 (ms)': summarize(idle).p50,
        'stats() p50 (ms)': summarize(statsSamples).p50,
      },
    ]);
  });
  await receiver.close();
}
