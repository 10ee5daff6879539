import { z } from 'zod';
import type { TPlatform } from './platform.ts';

export const ZHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() })),
});
export type THealth = z.infer<typeof ZHealth>;

const TIMEOUT_MS = 2_000;

/** Pings the store and the queue with a deadline each; any failure makes the service `degraded` (503). */
export async function checkHealth(platform: TPlatform): Promise<THealth> {
  const probes: Record<string, () => Promise<unknown>> = {
    store: async () => (await platform.db()).ping(),
    queue: () => platform.queueHealth(),
  };
  const checks: THealth['checks'] = {};
  await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref())]);
        checks[name] = { ok: true, latencyMs: Math.round(performance.now() - started) };
      } catch (error) {
        checks[name] = { ok: false, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
      }
    }),
  );
  return { status: Object.values(checks).every((check) => check.ok) ? 'ok' : 'degraded', version: platform.config.version, checks };
}
