import { dispatchEventJob } from '../events/dispatch-event.job.ts';
import { overdueScanJob } from '../follow-ups/overdue-scan.job.ts';
import { runImportJob } from '../imports/run-import.job.ts';
import type { TJobDefinition } from './job-definition.ts';

/** Every job the `jobs` function can run, by id. Handlers load lazily. */
export const JOB_DEFINITIONS: ReadonlyMap<string, TJobDefinition> = new Map(
  ([dispatchEventJob, overdueScanJob, runImportJob] as TJobDefinition[]).map((definition) => [definition.id, definition]),
);
