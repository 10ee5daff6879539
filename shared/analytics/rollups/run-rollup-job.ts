import type { TJobContext } from '../../jobs/job-definition.ts';
import type { TTenantRecord } from '../../tenants/tenant-record.ts';
import { nightlyRange, rollupAnalytics, rollupRecentDays } from './rollup-analytics.ts';

/** One message per organisation: each rolls up (and retries) on its own. */
async function fanOut(job: string, context: TJobContext): Promise<void> {
  const queue = await context.system.ports.queue();
  const tenants = await context.system.db.collection<TTenantRecord>('tenants').find({}, { projection: { _id: 1 } }).toArray();
  for (const tenant of tenants) await queue.publish('jobs', { data: { tenant_id: tenant._id }, attributes: { job, tenant_id: tenant._id } });
  context.system.log.info({ job, tenants: tenants.length }, 'Analytics rollups queued');
}

export async function runRollupJob(payload: { tenant_id?: string | undefined; from?: string | undefined; to?: string | undefined }, context: TJobContext): Promise<void> {
  if (!payload.tenant_id) return fanOut('analytics.rollup', context);
  const ctx = await context.forTenant(payload.tenant_id);
  const nightly = nightlyRange(ctx.ports.clock.now(), ctx.tenant.timezone);
  await rollupAnalytics(ctx, { from: payload.from ?? nightly.from, to: payload.to ?? payload.from ?? nightly.to });
}

export async function runRollupTodayJob(payload: { tenant_id?: string | undefined }, context: TJobContext): Promise<void> {
  if (!payload.tenant_id) return fanOut('analytics.rollup-today', context);
  await rollupRecentDays(await context.forTenant(payload.tenant_id));
}
