/**
 * Recurring jobs. One list read by both worlds: the Pulumi program turns each into a Cloud
 * Scheduler job publishing to Pub/Sub, and the local host's embedded scheduler runs the same
 * entries. Each publishes `{}` to the `jobs` topic with the attribute `job` naming the handler.
 */
export interface TSchedule {
  /** Stable id: Cloud Scheduler job name and the `job` attribute of the message. */
  job: string;
  description: string;
  /** Unix cron, evaluated in `timeZone`. */
  cron: string;
  timeZone: string;
}

export const SCHEDULES: readonly TSchedule[] = [
  { job: 'analytics.rollup', description: 'Nightly analytics_daily rollups for every tenant', cron: '15 2 * * *', timeZone: 'UTC' },
  { job: 'analytics.rollup-today', description: "Rolls up every tenant's today so far (and yesterday whole after its midnight), so dashboards count only the last minutes live", cron: '*/15 * * * *', timeZone: 'UTC' },
  { job: 'reports.weekly-dispatch', description: 'Sends weekly executive reports to tenants whose local time is Monday 07:00', cron: '0 * * * *', timeZone: 'UTC' },
  { job: 'follow-ups.overdue-scan', description: 'Raises notifications and events for follow-ups that became overdue', cron: '*/5 * * * *', timeZone: 'UTC' },
  { job: 'automation.scheduled-tick', description: 'Starts workflows whose scheduled trigger is due', cron: '* * * * *', timeZone: 'UTC' },
];
