/**
 * One sending of the weekly report (`report_runs`). The scheduled dispatch uses
 * `<tenant>:weekly:<monday>` as `_id`, so each organisation gets each week's report once: the
 * document is the claim (with a lease, so a crashed run is taken over) and `sent_to` records
 * each recipient as their email leaves, so a retry skips them. Manual sends get their own ids.
 */
export type TReportRunRecord = {
  _id: string;
  tenant_id: string;
  kind: 'weekly' | 'manual';
  /** Monday of the reported week. */
  week: string;
  status: 'sending' | 'sent' | 'failed';
  /** Until when the current sender holds the run. */
  lease_until: Date;
  recipients: string[];
  sent_to: string[];
  errors: { user_id: string; error: string }[];
  requested_by: string;
  started_at: Date;
  finished_at: Date | null;
  /** Milliseconds to compute, render and send. */
  duration_ms: number | null;
};

export const weeklyRunId = (tenantId: string, monday: string) => `${tenantId}:weekly:${monday}`;
