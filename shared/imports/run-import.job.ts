import { z } from 'zod';
import { defineJob } from '../jobs/job-definition.ts';

export const IMPORT_JOB = 'imports.run';

/** Runs (or continues) a CSV import in the background; see run-import.ts. */
export const runImportJob = defineJob({
  id: IMPORT_JOB,
  version: 1,
  schema: z.object({ import_id: z.string().min(1).max(64), tenant_id: z.string().min(1).max(100), actor: z.string().min(1).max(200) }),
  load: async () => {
    const { runImport } = await import('./run-import.ts');
    return async (payload, context) => {
      await runImport(await context.forTenant(payload.tenant_id, payload.actor), payload.import_id);
    };
  },
});
