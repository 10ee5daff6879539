import type { TServiceContext } from '../context/service-context.ts';
import type { TImportRecord } from './import-record.ts';
import { IMPORT_JOB } from './run-import.job.ts';

/**
 * Queues a run of the import on the `jobs` topic. The task is named after the import and
 * the step (`start`, `after-<line>`), so a repeated request or delivery queues it once.
 */
export async function scheduleImportRun(ctx: TServiceContext, record: Pick<TImportRecord, '_id' | 'created_by'>, step: string): Promise<void> {
  await (await ctx.ports.queue()).schedule(
    'jobs',
    { data: { import_id: record._id, tenant_id: ctx.tenant._id, actor: record.created_by }, attributes: { job: IMPORT_JOB, tenant_id: ctx.tenant._id } },
    { name: `import:${record._id}:${step}` },
  );
}
