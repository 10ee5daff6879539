import { rollupJob, rollupTodayJob } from '../analytics/rollups/rollup.job.ts';
import { scheduledTickJob } from '../automation/scheduled-tick.job.ts';
import { workflowStepJob } from '../automation/step.job.ts';
import { weeklyDispatchJob } from '../analytics/weekly-report/weekly-dispatch.job.ts';
import { dispatchEventJob } from '../events/dispatch-event.job.ts';
import { overdueScanJob } from '../follow-ups/overdue-scan.job.ts';
import { sandboxCallbackJob } from '../communications/sandbox-callback.job.ts';
import { sendMessageJob } from '../communications/send-message.job.ts';
import { runImportJob } from '../imports/run-import.job.ts';
import type { TJobDefinition } from './job-definition.ts';

/** Every job the `jobs` function can run, by id. Handlers load lazily. */
export const JOB_DEFINITIONS: ReadonlyMap<string, TJobDefinition> = new Map(
  ([dispatchEventJob, overdueScanJob, runImportJob, sendMessageJob, sandboxCallbackJob, rollupJob, rollupTodayJob, weeklyDispatchJob, workflowStepJob, scheduledTickJob] as TJobDefinition[]).map((definition) => [definition.id, definition]),
);
