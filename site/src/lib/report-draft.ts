import type { REPORT_GROUPS, REPORT_PRESETS, TReportDefinition, TReportDefinitionInput } from '../../../shared/analytics/analytics.schemas.ts';

/**
 * The custom report form's state and the API's report definition (`ZReportDefinition`), both
 * ways: blank filters mean "all", a custom range carries its days, others only the preset.
 */
export interface TReportDraft {
  name: string;
  metrics: string[];
  group_by: (typeof REPORT_GROUPS)[number];
  source: string;
  property_type: string;
  preset: (typeof REPORT_PRESETS)[number];
  from: string;
  to: string;
  chart: 'bar' | 'line' | 'table';
}

/**
 * The API's groupings and period presets, repeated here so the page does not import the zod
 * schemas (and zod) to list them; a unit test keeps them equal to `REPORT_GROUPS`/`REPORT_PRESETS`.
 */
export const GROUPS = ['none', 'source', 'rep', 'status', 'property_type', 'week', 'month'] as const satisfies readonly TReportDraft['group_by'][];
export const PRESETS = ['last_7_days', 'last_30_days', 'last_90_days', 'this_month', 'last_month', 'this_quarter', 'this_year', 'custom'] as const satisfies readonly TReportDraft['preset'][];

export const EMPTY_DRAFT: TReportDraft = { name: '', metrics: ['leads', 'contracts', 'revenue'], group_by: 'source', source: '', property_type: '', preset: 'last_30_days', from: '', to: '', chart: 'bar' };

export const PRESET_NAMES: Record<TReportDraft['preset'], string> = {
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  last_90_days: 'Last 90 days',
  this_month: 'This month',
  last_month: 'Last month',
  this_quarter: 'This quarter',
  this_year: 'This year',
  custom: 'Custom days',
};

export function toDefinition(draft: TReportDraft): TReportDefinitionInput {
  const filters: NonNullable<TReportDefinitionInput['filters']> = {};
  if (draft.source) filters.source = [draft.source as NonNullable<typeof filters.source>[number]];
  if (draft.property_type) filters.property_type = [draft.property_type as NonNullable<typeof filters.property_type>[number]];
  return {
    metrics: draft.metrics,
    group_by: draft.group_by,
    filters,
    range: draft.preset === 'custom' ? { preset: 'custom', from: draft.from || undefined, to: draft.to || undefined } : { preset: draft.preset },
    chart: draft.chart,
  };
}

export function fromDefinition(name: string, definition: TReportDefinition): TReportDraft {
  return {
    name,
    metrics: [...definition.metrics],
    group_by: definition.group_by,
    source: definition.filters.source?.[0] ?? '',
    property_type: definition.filters.property_type?.[0] ?? '',
    preset: definition.range.preset,
    from: definition.range.from ?? '',
    to: definition.range.to ?? '',
    chart: definition.chart,
  };
}

/** Adds or removes a metric, keeping the catalogue's order so columns do not jump around. */
export function toggleMetric(metrics: readonly string[], key: string, on: boolean, order: readonly string[]): string[] {
  const next = new Set(metrics);
  if (on) next.add(key);
  else next.delete(key);
  return order.filter((entry) => next.has(entry));
}
