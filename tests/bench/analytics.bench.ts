/**
 * Analytics at scale: dashboard API latency over 1M leads and ~100k deals (plus their calls,
 * texts, buyer blasts and follow-ups) on the embedded store, with rollups and without (every day
 * computed live from the records), and the weekly report's render-and-send time.
 * `npm run bench -- analytics`. ANALYTICS_BENCH_LEADS scales it down (e.g. 100000);
 * ANALYTICS_BENCH_RUNS (default 40) and ANALYTICS_BENCH_LIVE_RUNS (default 5) set the measured
 * requests per scenario. Progress lines on stderr give each phase's time as it goes (a million
 * leads take ~12 minutes to load on a shared 2-core machine). "Now" is 17:00 in the organisation's zone.
 * Order: the nightly rollup; dashboards with rollups and today counted live whole (as before the
 * first `analytics.rollup-today` run of the day); the same with today rolled up so far 15 minutes
 * earlier (the schedule's longest gap: what the rest of the day looks like); the weekly report;
 * then dashboards without rollups (the slowest by far).
 *
 * The work runs in a child process with a larger heap (the store keeps everything in memory:
 * a million leads with their indexes need several GB) and the young generation `npm start` gives the
 * local host. ANALYTICS_BENCH_NODE_FLAGS adds Node/V8 flags to that process, to look at its garbage
 * collector (`--trace-gc`) or try a setting; the figures to quote are from a run without them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';

export default async function analyticsBench(): Promise<void> {
  const rootDir = resolve(import.meta.dirname, '..', '..');
  const extraFlags = (process.env.ANALYTICS_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--max-semi-space-size=128', '--expose-gc', ...extraFlags, join(rootDir, 'tests/bench/support/analytics-bench-process.ts')], { stdio: 'inherit', env: process.env });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`The analytics bench process exited with ${code}`);
}
