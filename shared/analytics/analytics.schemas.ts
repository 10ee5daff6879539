import { z } from 'zod';
import { ZLeadSource, ZPropertyType } from '../leads/lead.schemas.ts';
import { ZPageQuery, queryBoolean, queryList, requiredText, text } from '../schemas/common.ts';
import { KPI_KEYS, KPI_UNITS } from './kpi-catalog.ts';
import { METRIC_IDS, RECORD_KINDS } from './metric-catalog.ts';

/**
 * Analytics API schemas (`/api/analytics/...`). Days are calendar days (`YYYY-MM-DD`) in the
 * organisation's time zone, both ends included; numbers are plain numbers (money in dollars,
 * rates as fractions 0–1, durations in minutes or days as the KPI's `unit` says).
 */
export const DASHBOARD_NAMES = ['executive', 'acquisitions', 'disposition', 'mobile'] as const;
export type TDashboardName = (typeof DASHBOARD_NAMES)[number];

export const ZDay = z.iso.date();
export const ZCompare = z.enum(['previous', 'last_year', 'none']);

export const ZDashboardParams = z.strictObject({ name: z.enum(DASHBOARD_NAMES) });

/** `from`/`to` default to the last 30 days including today; `compare` to the previous period. */
export const ZRangeQuery = z
  .strictObject({
    from: ZDay.optional(),
    to: ZDay.optional(),
    compare: ZCompare.default('previous'),
    /** Compute every day from the records, ignoring rollups (checks and benchmarks). */
    live: queryBoolean,
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { message: 'from is after to', path: ['from'] })
  .refine((query) => !query.from || !query.to || (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 <= 3 * 366, { message: 'Ranges are limited to three years', path: ['to'] });
export type TRangeQuery = z.infer<typeof ZRangeQuery>;

/** Where the records behind a number are: the drill-down endpoint and its query. */
export const ZDrilldownLink = z.object({ href: z.string(), query: z.record(z.string(), z.string()) });
export type TDrilldownLink = z.infer<typeof ZDrilldownLink>;

export const ZKpi = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.enum(KPI_UNITS),
  value: z.number().nullable(),
  /** The same KPI over the comparison period (null without one, or when it cannot be computed). */
  previous: z.number().nullable(),
  /** value − previous. */
  delta: z.number().nullable(),
  /** delta ÷ previous (null when previous is 0 or missing). */
  delta_pct: z.number().nullable(),
  /** Whether the change is good news (speed to lead and costs are better lower); null without a change. */
  good: z.boolean().nullable(),
  /** One plain sentence on the change and its biggest contributor. */
  explanation: z.string(),
  definition: z.string(),
  drilldown: ZDrilldownLink,
});
export type TKpi = z.infer<typeof ZKpi>;

/** The shape the portal's `<Chart>` takes (site/src/components/chart-config.ts). */
export const ZChartData = z.object({
  key: z.string(),
  kind: z.enum(['line', 'bar', 'doughnut', 'funnel']),
  title: z.string(),
  unit: z.enum(KPI_UNITS),
  labels: z.array(z.string()),
  series: z.array(z.object({ label: z.string(), values: z.array(z.number()) })),
  /** Drill-down per label (same order), when each bar or slice has records behind it. */
  drilldowns: z.array(ZDrilldownLink.nullable()).optional(),
});
export type TChartData = z.infer<typeof ZChartData>;

export const ZTableCell = z.object({ value: z.number().nullable(), drilldown: ZDrilldownLink.nullable() });
export const ZTable = z.object({
  key: z.string(),
  title: z.string(),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.enum(KPI_UNITS) })),
  rows: z.array(z.object({ key: z.string(), label: z.string(), cells: z.record(z.string(), ZTableCell) })),
});
export type TTable = z.infer<typeof ZTable>;

export const ZChangeItem = z.object({ kpi: z.string(), sentence: z.string(), direction: z.enum(['up', 'down']), good: z.boolean() });
export type TChangeItem = z.infer<typeof ZChangeItem>;

export const ZDashboard = z.object({
  name: z.enum(DASHBOARD_NAMES),
  title: z.string(),
  range: z.object({ from: z.string(), to: z.string(), timezone: z.string(), days: z.number() }),
  comparison: z.object({ from: z.string(), to: z.string(), compare: ZCompare }).nullable(),
  /** A rep's dashboards show their own figures only. */
  scope: z.object({ rep: z.string().nullable() }),
  kpis: z.array(ZKpi),
  charts: z.array(ZChartData),
  tables: z.array(ZTable),
  what_changed: z.object({
    /** `rules`: plain-language deltas computed here (the AI capability may replace them with insights). */
    source: z.enum(['rules', 'ai']),
    items: z.array(ZChangeItem),
  }),
  computed: z.object({
    /** Days read from rollups: whole days, and today rolled up so far (see `live_since`). */
    rolled_up_days: z.number(),
    live_days: z.number(),
    /** Where today's rollup so far stops: later events are counted live. Null when no day was rolled up so far. */
    live_since: z.string().nullable(),
    /** Where levels as of now (pipeline value, overdue follow-ups) came from: kept current on write (`tracked`) or counted from the records; null when none was shown. */
    levels_now: z.enum(['tracked', 'records']).nullable(),
    ms: z.number(),
  }),
});
export type TDashboard = z.infer<typeof ZDashboard>;

/** Narrowing of a metric's rows: the dimensions reports group by. `extra` is a lost/cancel reason or a buyer id. */
export const ZRowFilters = z.strictObject({
  source: queryList(ZLeadSource),
  rep: queryList(z.string().max(128)),
  property_type: queryList(ZPropertyType),
  status: queryList(z.string().max(40)),
  extra: text(500).optional(),
});

export const ZDrilldownQuery = ZPageQuery.extend({
  metric: z.enum(METRIC_IDS),
  from: ZDay.optional(),
  to: ZDay.optional(),
  source: queryList(ZLeadSource),
  rep: queryList(z.string().max(128)),
  property_type: queryList(ZPropertyType),
  status: queryList(z.string().max(40)),
  extra: text(500).optional(),
}).strict();
export type TDrilldownQuery = z.infer<typeof ZDrilldownQuery>;

export const ZDrilldownItem = z.object({
  kind: z.enum(RECORD_KINDS),
  id: z.string(),
  metric: z.enum(METRIC_IDS),
  /** When the row falls in the period (its event time; for levels, the period's end). */
  at: z.string(),
  amount: z.number().nullable(),
  title: z.string(),
  subtitle: z.string(),
  /** The record's page in the portal. */
  href: z.string().nullable(),
  source: z.string().nullable(),
  rep: z.string().nullable(),
  status: z.string().nullable(),
  extra: z.string().nullable(),
});
export type TDrilldownItem = z.infer<typeof ZDrilldownItem>;

export const ZDrilldownPage = z.object({
  items: z.array(ZDrilldownItem),
  nextCursor: z.string().nullable(),
  /** Rows behind the number (all pages). */
  total: z.number(),
  range: z.object({ from: z.string(), to: z.string() }),
});

// Custom reports.
export const REPORT_GROUPS = ['none', 'source', 'rep', 'status', 'property_type', 'week', 'month'] as const;
export const REPORT_PRESETS = ['last_7_days', 'last_30_days', 'last_90_days', 'this_month', 'last_month', 'this_quarter', 'this_year', 'custom'] as const;

const ZReportKpi = z.enum(KPI_KEYS as [string, ...string[]]);

export const ZReportDefinition = z
  .strictObject({
    metrics: z.array(ZReportKpi).min(1, 'Pick at least one metric').max(12),
    group_by: z.enum(REPORT_GROUPS).default('none'),
    filters: z
      .strictObject({
        source: z.array(ZLeadSource).max(20).optional(),
        rep: z.array(z.string().max(128)).max(50).optional(),
        property_type: z.array(ZPropertyType).max(10).optional(),
        status: z.array(z.string().max(40)).max(20).optional(),
      })
      .default({}),
    range: z
      .strictObject({ preset: z.enum(REPORT_PRESETS).default('last_30_days'), from: ZDay.optional(), to: ZDay.optional() })
      .refine((range) => range.preset !== 'custom' || (range.from && range.to && range.from <= range.to), { message: 'A custom range needs from ≤ to', path: ['from'] })
      .default({ preset: 'last_30_days' }),
    chart: z.enum(['bar', 'line', 'table']).default('bar'),
  });
export type TReportDefinition = z.infer<typeof ZReportDefinition>;
export type TReportDefinitionInput = z.input<typeof ZReportDefinition>;

export const ZSaveReportRequest = z.strictObject({ name: requiredText(120), definition: ZReportDefinition });
export const ZUpdateReportRequest = z
  .strictObject({ name: requiredText(120).optional(), definition: ZReportDefinition.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });

export const ZSavedReport = z.object({
  id: z.string(),
  name: z.string(),
  definition: ZReportDefinition,
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TSavedReport = z.infer<typeof ZSavedReport>;

export const ZReportResult = z.object({
  name: z.string().nullable(),
  range: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  group_by: z.enum(REPORT_GROUPS),
  columns: z.array(z.object({ key: z.string(), label: z.string(), unit: z.enum(KPI_UNITS) })),
  /** One row per group value (or one "All" row), with the KPI values in column order. */
  rows: z.array(z.object({ key: z.string(), label: z.string(), values: z.record(z.string(), z.number().nullable()) })),
  totals: z.record(z.string(), z.number().nullable()),
  chart: ZChartData.nullable(),
  notes: z.array(z.string()),
});
export type TReportResult = z.infer<typeof ZReportResult>;

export const ZRollupRequest = z.strictObject({ from: ZDay, to: ZDay }).refine((body) => body.from <= body.to, { message: 'from is after to', path: ['from'] });

export const ZWeeklySendRequest = z.strictObject({
  /** Any day of the week to report (Monday–Sunday in the organisation's zone); default: last week. */
  week: ZDay.optional(),
  /** `me`: only to the caller; `subscribers` (default): everyone opted in. */
  to: z.enum(['me', 'subscribers']).default('subscribers'),
});

export const ZOutboxItem = z.object({ id: z.string(), subject: z.string(), to: z.string(), from: z.string(), date: z.string().nullable(), bytes: z.number() });
export const ZOutboxMessage = ZOutboxItem.extend({
  text: z.string(),
  /** The HTML part with inline images as data: URLs, ready for a sandboxed iframe's srcdoc. */
  html: z.string().nullable(),
  attachments: z.array(z.object({ filename: z.string(), content_type: z.string(), cid: z.string().nullable(), bytes: z.number() })),
});
