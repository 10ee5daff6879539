import { stringify } from 'csv-stringify/sync';
import type { TServiceContext } from '../../context/service-context.ts';
import type { TReportDefinition, TReportResult } from '../analytics.schemas.ts';
import { runReport } from './run-report.ts';
import { getSavedReport } from './manage-saved-reports.ts';

/** A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe. */
export const spreadsheetSafe = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

/** The report as CSV: the group column, one column per KPI (plain numbers), and a Total row. */
export function reportToCsv(result: TReportResult): string {
  const groupHeader = result.group_by === 'none' ? 'Group' : result.group_by.replace(/_/g, ' ').replace(/^\w/, (first) => first.toUpperCase());
  const header = [groupHeader, ...result.columns.map((column) => `${column.label}${column.unit === 'percent' ? ' (fraction)' : column.unit === 'currency' ? ' (USD)' : column.unit === 'minutes' ? ' (minutes)' : column.unit === 'days' ? ' (days)' : ''}`)];
  const line = (labelText: string, values: Record<string, number | null>) => [spreadsheetSafe(labelText), ...result.columns.map((column) => values[column.key] ?? '')];
  const rows = result.rows.map((row) => line(row.label, row.values));
  if (result.rows.length > 1) rows.push(line('Total', result.totals));
  return stringify([header.map(spreadsheetSafe), ...rows]);
}

export interface TReportCsv {
  filename: string;
  csv: string;
}

/** A saved report (by id) or a definition, run now and written as CSV with a dated file name. */
export async function exportReportCsv(ctx: TServiceContext, source: { id: string } | { definition: TReportDefinition; name?: string | undefined }): Promise<TReportCsv> {
  let result: TReportResult;
  if ('id' in source) {
    const saved = await getSavedReport(ctx, source.id);
    result = await runReport(ctx, saved.definition, saved.name);
  } else {
    result = await runReport(ctx, source.definition, source.name ?? null);
  }
  const base = (result.name ?? 'report').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
  return { filename: `${base}-${result.range.from}-to-${result.range.to}.csv`, csv: reportToCsv(result) };
}
