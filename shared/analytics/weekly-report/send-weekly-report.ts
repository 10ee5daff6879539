import type { TServiceContext } from '../../context/service-context.ts';
import { AppError } from '../../errors/app-error.ts';
import { newId } from '../../ids.ts';
import { notifyUser } from '../../notifications/notify-user.ts';
import type { TEmailMessage } from '../../ports/email.ts';
import type { TUserRecord } from '../../users/user-record.ts';
import { buildWeeklyReport, reportWeek } from './build-weekly-report.ts';
import { renderChartPng } from './render-chart-png.ts';
import { CHART_CIDS, renderWeeklyHtml, renderWeeklyText, weekLabel, weeklySubject } from './render-weekly-email.ts';
import { createReportLinkToken } from './report-link-token.ts';
import type { TReportRunRecord } from './report-run-record.ts';

export interface TWeeklySendOptions {
  /** Any day of the week to report; default: the last whole week. */
  week?: string | undefined;
  /** Everyone opted in, or only the caller (a "send me a copy now"). */
  to: 'subscribers' | 'me';
  /** The portal's address, for the links in the email. */
  publicUrl: string;
  /** The scheduled run's ledger document, whose `sent_to` is skipped and extended. */
  runId?: string;
}

export interface TWeeklySendResult {
  week: { from: string; to: string };
  run_id: string;
  sent: string[];
  skipped: string[];
  failed: { email: string; error: string }[];
  /** Milliseconds to compute the figures, draw the charts, render and send every email. */
  duration_ms: number;
  render_ms: number;
}

/**
 * Builds last week's report (or the given week's) and emails it through the email port: HTML
 * rendered on the server with Preact, charts as inline PNGs (`cid:`), a plain-text part, and a
 * signed unsubscribe link per recipient (also as `List-Unsubscribe` with one-click POST, RFC 8058).
 * Recipients are the active members with `weekly_report` on (executives and admins by default).
 */
export async function sendWeeklyReport(ctx: TServiceContext, options: TWeeklySendOptions): Promise<TWeeklySendResult> {
  const started = performance.now();
  const now = ctx.ports.clock.now();
  const monday = reportWeek(now, ctx.tenant.timezone, options.week);
  const users = ctx.db.collection<TUserRecord>('users');
  const recipients =
    options.to === 'me'
      ? await users.find({ _id: ctx.principal.uid, status: 'active' }).toArray()
      : await users.find({ status: 'active', weekly_report: true }, { sort: { email: 1 } }).toArray();
  if (options.to === 'me' && recipients.length === 0) throw new AppError('not_found', 'Your account has no email to send to');

  const runs = ctx.db.collection<TReportRunRecord>('report_runs');
  const runId = options.runId ?? newId('rrun', now);
  if (!options.runId) {
    await runs.insertOne({
      _id: runId,
      tenant_id: ctx.tenant._id,
      kind: 'manual',
      week: monday,
      status: 'sending',
      lease_until: now,
      recipients: recipients.map((user) => user._id),
      sent_to: [],
      errors: [],
      requested_by: ctx.principal.uid,
      started_at: now,
      finished_at: null,
      duration_ms: null,
    });
  }
  const already = new Set((await runs.findOne({ _id: runId }))?.sent_to ?? []);

  const report = await buildWeeklyReport(ctx, monday);
  const [funnel, revenue] = await Promise.all([renderChartPng(report.funnel.chart), renderChartPng(report.revenue.chart)]);
  const renderMs = performance.now() - started;
  const attachments: NonNullable<TEmailMessage['attachments']> = [
    { filename: 'funnel.png', content: funnel, contentType: 'image/png', cid: CHART_CIDS.funnel },
    { filename: 'revenue.png', content: revenue, contentType: 'image/png', cid: CHART_CIDS.revenue },
  ];

  const email = await ctx.ports.email();
  const result: TWeeklySendResult = { week: report.week, run_id: runId, sent: [], skipped: [], failed: [], duration_ms: 0, render_ms: Math.round(renderMs) };
  for (const recipient of recipients) {
    if (already.has(recipient._id)) {
      result.skipped.push(recipient.email);
      continue;
    }
    const token = await createReportLinkToken(ctx.db, { t: ctx.tenant._id, u: recipient._id, a: 'unsubscribe_weekly' }, now);
    const links = { unsubscribeUrl: `${options.publicUrl}/api/analytics/reports/unsubscribe?token=${token}`, dashboardUrl: `${options.publicUrl}/analytics/executive` };
    try {
      await email.send({
        to: recipient.email,
        subject: weeklySubject(report),
        html: renderWeeklyHtml(report, links),
        text: renderWeeklyText(report, links),
        headers: { 'List-Unsubscribe': `<${links.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        attachments,
      });
      result.sent.push(recipient.email);
      await runs.updateOne({ _id: runId }, { $addToSet: { sent_to: recipient._id } });
      await notifyUser(
        ctx,
        { user_id: recipient._id, kind: 'report', title: 'Your weekly report is ready', body: `${weekLabel(report.week)}: it is in your inbox.`, href: '/analytics/executive' },
        { dedupeKey: `weekly-report:${runId}:${recipient._id}` },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failed.push({ email: recipient.email, error: message });
      await runs.updateOne({ _id: runId }, { $push: { errors: { user_id: recipient._id, error: message.slice(0, 500) } } });
      ctx.log.warn({ err: error, user_id: recipient._id, run_id: runId }, 'Weekly report email failed');
    }
  }
  result.duration_ms = Math.round(performance.now() - started);
  await runs.updateOne(
    { _id: runId },
    { $set: { status: result.failed.length > 0 ? 'failed' : 'sent', finished_at: ctx.ports.clock.now(), duration_ms: result.duration_ms, lease_until: ctx.ports.clock.now() } },
  );
  ctx.log.info({ run_id: runId, week: report.week.from, sent: result.sent.length, failed: result.failed.length, ms: result.duration_ms }, 'Weekly report sent');
  return result;
}
