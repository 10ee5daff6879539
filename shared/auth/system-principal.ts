/** The actor recorded for work the system does on its own (jobs, schedules). Workflows use `workflow:<id>`. */
export const SYSTEM_ACTOR = 'system';
