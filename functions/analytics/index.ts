import { z } from 'zod';
import {
  ZDashboard,
  ZDashboardParams,
  ZDrilldownPage,
  ZDrilldownQuery,
  ZRangeQuery,
  ZReportDefinition,
  ZReportResult,
  ZRollupRequest,
  ZSaveReportRequest,
  ZSavedReport,
  ZOutboxItem,
  ZOutboxMessage,
  ZUpdateReportRequest,
  ZWeeklySendRequest,
} from '../../shared/analytics/analytics.schemas.ts';
import { sendWeeklyReport } from '../../shared/analytics/weekly-report/send-weekly-report.ts';
import { unsubscribeWeeklyReport } from '../../shared/analytics/weekly-report/unsubscribe-weekly-report.ts';
import { buildDashboard } from '../../shared/analytics/build-dashboard.ts';
import { listDrilldown } from '../../shared/analytics/list-drilldown.ts';
import { exportReportCsv } from '../../shared/analytics/reports/report-csv.ts';
import {
  deleteSavedReport,
  getSavedReport,
  listSavedReports,
  runSavedReport,
  saveReport,
  updateSavedReport,
} from '../../shared/analytics/reports/manage-saved-reports.ts';
import { runReport } from '../../shared/analytics/reports/run-report.ts';
import { rollupAnalytics } from '../../shared/analytics/rollups/rollup-analytics.ts';
import { deleteMarketingSpend, listMarketingSpend, putMarketingSpend } from '../../shared/analytics/spend/manage-marketing-spend.ts';
import { ZListSpendQuery, ZPutSpendRequest, ZSpend } from '../../shared/analytics/spend/marketing-spend.schemas.ts';
import { analyticsInsights, ZInsights } from '../../shared/ai/analytics-insights.ts';
import { ALL_ROLES, type TRole } from '../../shared/auth/principal.ts';
import { ZIdParams, ZPage, ZPageQuery } from '../../shared/schemas/common.ts';
import { listOutbox, readOutboxMessage, readOutboxRaw, type TOutboxSource } from '../../infra/email/outbox-reader.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

/** Who reads analytics beyond their own dashboards: executives and admins (and dispo managers for reports). */
const READERS: readonly TRole[] = ['admin', 'executive'];
const REPORT_RUNNERS: readonly TRole[] = ['admin', 'executive', 'disposition_manager'];

/** The unsubscribe page styles itself inline; everything else stays forbidden. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
const ZUnsubscribeQuery = z.strictObject({ token: z.string().max(2000).optional() });
const ZOutboxParams = z.strictObject({ id: z.string().min(1).max(200).regex(/^[\w.-]+$/) });
const outboxOf = (config: { dataDir: string; email: { smtpUrl: string | undefined }; runtime: 'local' | 'gcp' }): TOutboxSource => ({ dataDir: config.dataDir, smtpUrl: config.email.smtpUrl, runtime: config.runtime });

/**
 * Analytics: dashboards (executive, acquisitions, disposition, mobile) with comparisons and
 * drill-downs, marketing spend and ROI, custom reports, rollups, the weekly executive report.
 * Every number's definition is in shared/analytics/README.md. Literal paths come before `/:id`.
 */
export const definition = defineFunction('analytics', [
  defineRoute({
    method: 'GET',
    path: '/api/analytics/ai-insights',
    summary: 'What moved this period and why, with the numbers: the dashboard KPIs that changed most against the comparison period (executive for admins and executives, the caller’s own for reps and disposition)',
    access: ALL_ROLES,
    feature: 'ai',
    query: ZRangeQuery,
    response: ZInsights,
    tags: ['analytics', 'ai'],
    handler: ({ ctx, query }) => analyticsInsights(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/dashboards/:name',
    summary:
      'A dashboard over a range of days (organisation time zone) with a comparison period: KPIs {value, previous, delta, explanation, drilldown}, charts, tables, what changed. Reps get their own figures; executive: admins and executives; disposition: + disposition managers',
    access: ALL_ROLES,
    params: ZDashboardParams,
    query: ZRangeQuery,
    response: ZDashboard,
    handler: ({ ctx, params, query }) => buildDashboard(ctx, params.name, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/drilldown',
    summary: 'The records behind a number (metric, period, the same narrowing), newest first, a page at a time; reps see their own rows only',
    access: ALL_ROLES,
    query: ZDrilldownQuery,
    response: ZDrilldownPage,
    handler: ({ ctx, query }) => listDrilldown(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/spend',
    summary: 'Marketing spend entries per source and month (newest month first), optionally between two months',
    access: READERS,
    feature: 'advanced_analytics',
    query: ZListSpendQuery,
    response: z.object({ items: z.array(ZSpend) }),
    handler: ({ ctx, query }) => listMarketingSpend(ctx, query),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/analytics/spend',
    summary: 'Set the spend of one lead source for one month (entering the same source and month again replaces it)',
    access: ['admin'],
    feature: 'advanced_analytics',
    body: ZPutSpendRequest,
    response: ZSpend,
    handler: ({ ctx, body }) => putMarketingSpend(ctx, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/analytics/spend/:id',
    summary: 'Delete a spend entry',
    access: ['admin'],
    feature: 'advanced_analytics',
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteMarketingSpend(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/reports/run',
    summary: 'Run a custom report definition without saving it: KPIs per group, totals and a chart',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    body: ZReportDefinition,
    response: ZReportResult,
    handler: ({ ctx, body }) => runReport(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/reports/export.csv',
    summary: 'Run a report definition and download it as CSV',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    body: ZReportDefinition,
    handler: async ({ ctx, body }) => csvReply(await exportReportCsv(ctx, { definition: body })),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/reports/weekly/send',
    summary: 'Send the weekly executive report now (last week by default) to everyone opted in, or only to the caller (`to: "me"`)',
    access: ['admin'],
    body: ZWeeklySendRequest,
    response: z.object({
      week: z.object({ from: z.string(), to: z.string() }),
      run_id: z.string(),
      sent: z.array(z.string()),
      skipped: z.array(z.string()),
      failed: z.array(z.object({ email: z.string(), error: z.string() })),
      duration_ms: z.number(),
      render_ms: z.number(),
    }),
    handler: ({ ctx, body, platform }) => sendWeeklyReport(ctx, { week: body.week, to: body.to, publicUrl: platform.config.publicUrl }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/reports/unsubscribe',
    summary: 'The weekly report’s unsubscribe link (signed token, no sign-in): turns the report off and shows a confirmation page',
    access: 'public',
    query: ZUnsubscribeQuery,
    handler: async ({ system, query }) => {
      const page = await unsubscribeWeeklyReport(system, query.token);
      return Reply.text(page.html, 'text/html; charset=utf-8', page.status, { 'content-security-policy': PAGE_CSP });
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/reports/unsubscribe',
    summary: 'One-click unsubscribe (RFC 8058 `List-Unsubscribe-Post`), same token as the link',
    access: 'public',
    query: ZUnsubscribeQuery,
    bodyType: 'form',
    body: z.object({ 'List-Unsubscribe': z.string().max(100).optional() }),
    handler: async ({ system, query }) => {
      const page = await unsubscribeWeeklyReport(system, query.token);
      return Reply.text(page.html, 'text/html; charset=utf-8', page.status, { 'content-security-policy': PAGE_CSP });
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/outbox',
    summary: 'Local runtime only: emails written to the outbox (<DATA_DIR>/outbox), newest first; 404 where email goes over SMTP',
    access: READERS,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ items: z.array(ZOutboxItem) }),
    handler: ({ platform, query }) => listOutbox(outboxOf(platform.config), query.limit),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/outbox/:id',
    summary: 'Local runtime only: one outbox email, parsed (HTML with inline images as data: URLs, text, attachments)',
    access: READERS,
    params: ZOutboxParams,
    response: ZOutboxMessage,
    handler: ({ platform, params }) => readOutboxMessage(outboxOf(platform.config), params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/outbox/:id/raw',
    summary: 'Local runtime only: one outbox email as written (.eml)',
    access: READERS,
    params: ZOutboxParams,
    handler: async ({ platform, params }) =>
      Reply.text((await readOutboxRaw(outboxOf(platform.config), params.id)).toString('utf8'), 'message/rfc822', 200, { 'content-disposition': `attachment; filename="${params.id}.eml"` }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/reports',
    summary: 'Saved custom reports of the organisation, most recently changed first',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    query: ZPageQuery.strict(),
    response: ZPage(ZSavedReport),
    handler: ({ ctx, query }) => listSavedReports(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/reports',
    summary: 'Save a custom report for the organisation',
    access: READERS,
    feature: 'advanced_analytics',
    body: ZSaveReportRequest,
    response: ZSavedReport,
    status: 201,
    handler: ({ ctx, body }) => saveReport(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/reports/:id',
    summary: 'A saved report',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    params: ZIdParams,
    response: ZSavedReport,
    handler: ({ ctx, params }) => getSavedReport(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/analytics/reports/:id',
    summary: 'Rename a saved report or change its definition',
    access: READERS,
    feature: 'advanced_analytics',
    params: ZIdParams,
    body: ZUpdateReportRequest,
    response: ZSavedReport,
    handler: ({ ctx, params, body }) => updateSavedReport(ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/analytics/reports/:id',
    summary: 'Delete a saved report',
    access: READERS,
    feature: 'advanced_analytics',
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteSavedReport(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/reports/:id/run',
    summary: 'Run a saved report now',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    params: ZIdParams,
    response: ZReportResult,
    handler: ({ ctx, params }) => runSavedReport(ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/reports/:id/export.csv',
    summary: 'Run a saved report and download it as CSV',
    access: REPORT_RUNNERS,
    feature: 'advanced_analytics',
    params: ZIdParams,
    handler: async ({ ctx, params }) => csvReply(await exportReportCsv(ctx, { id: params.id })),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/analytics/rollups',
    summary: 'Recompute the daily rollups of a range of whole days (idempotent; today is rolled up so far, later days are skipped) and recount the levels dashboards read now',
    access: ['admin'],
    body: ZRollupRequest,
    response: z.object({ from: z.string(), to: z.string(), days: z.number(), skipped: z.array(z.string()), today: z.object({ day: z.string(), until: z.string() }).nullable() }),
    handler: ({ ctx, body }) => rollupAnalytics(ctx, body),
  }),
]);

function csvReply(file: { filename: string; csv: string }): Reply {
  const safe = file.filename.replace(/[^\w.-]/g, '_');
  return Reply.text(file.csv, 'text/csv; charset=utf-8', 200, { 'content-disposition': `attachment; filename="${safe}"` });
}

export const handler = definition.createHandler(processPlatform);
