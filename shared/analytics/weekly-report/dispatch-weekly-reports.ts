import { tz } from '@date-fns/tz';
import { format } from 'date-fns/format';
import type { TJobContext } from '../../jobs/job-definition.ts';
import { isDuplicateKeyError } from '../../ports/document-store.ts';
import type { TTenantRecord } from '../../tenants/tenant-record.ts';
import { reportWeek } from './build-weekly-report.ts';
import { weeklyRunId, type TReportRunRecord } from './report-run-record.ts';
import { sendWeeklyReport } from './send-weekly-report.ts';

const LEASE_MS = 15 * 60_000;
/** The report goes out from 07:00 on Monday, local time; a failed or missed hour is retried until Monday ends. */
const SEND_HOUR = 7;

/** Whether it is Monday, 07:00 or later, in `timeZone`. */
export function isReportTime(now: Date, timeZone: string): boolean {
  const [weekday, hour] = format(now, 'i H', { in: tz(timeZone) }).split(' ').map(Number) as [number, number];
  return weekday === 1 && hour >= SEND_HOUR;
}

/**
 * `reports.weekly-dispatch`, hourly: sends last week's report to each organisation whose local
 * time is Monday 07:00 or later, once per organisation and week. The `report_runs` document
 * `<tenant>:weekly:<monday>` is the claim: inserted before sending, held by a lease (a run that
 * crashed is taken over when the lease runs out), marked sent at the end; recipients already
 * sent to are skipped on a retry.
 */
export async function dispatchWeeklyReports(context: TJobContext): Promise<{ sent: string[] }> {
  const now = context.system.ports.clock.now();
  const runs = context.system.db.collection<TReportRunRecord>('report_runs');
  const tenants = await context.system.db.collection<TTenantRecord>('tenants').find({}, { projection: { _id: 1, timezone: 1 } }).toArray();
  const sent: string[] = [];
  for (const tenant of tenants) {
    if (!isReportTime(now, tenant.timezone)) continue;
    const monday = reportWeek(now, tenant.timezone);
    const _id = weeklyRunId(tenant._id, monday);
    const lease = new Date(now.getTime() + LEASE_MS);
    let claimed: boolean;
    try {
      await runs.insertOne({
        _id,
        tenant_id: tenant._id,
        kind: 'weekly',
        week: monday,
        status: 'sending',
        lease_until: lease,
        recipients: [],
        sent_to: [],
        errors: [],
        requested_by: 'schedule',
        started_at: now,
        finished_at: null,
        duration_ms: null,
      });
      claimed = true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Sent already, or being sent: leave it. A failed run, or one whose sender vanished, is taken over.
      const taken = await runs.findOneAndUpdate({ _id, status: { $ne: 'sent' }, lease_until: { $lte: now } }, { $set: { status: 'sending', lease_until: lease } }, { returnDocument: 'after' });
      claimed = taken !== null;
    }
    if (!claimed) continue;
    try {
      const ctx = await context.forTenant(tenant._id);
      const result = await sendWeeklyReport(ctx, { to: 'subscribers', publicUrl: context.publicUrl, runId: _id });
      sent.push(...result.sent);
    } catch (error) {
      await runs.updateOne({ _id }, { $set: { status: 'failed', lease_until: now } });
      context.system.log.error({ err: error, tenant_id: tenant._id, week: monday }, 'Weekly report dispatch failed; the next hourly run retries');
    }
  }
  return { sent };
}
