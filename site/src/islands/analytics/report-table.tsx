import type { TReportResult } from '../../../../shared/analytics/analytics.schemas.ts';
import { formatValue } from '../../lib/analytics-view.ts';

/** A report's rows (one per group) with its totals, in the columns' units. */
export function ReportTable({ result, caption }: { result: TReportResult; caption: string }) {
  return (
    <div className="an-table-scroll" role="region" tabIndex={0} aria-label={caption}>
      <table className="an-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{result.group_by === 'none' ? 'Period' : groupLabel(result.group_by)}</th>
            {result.columns.map((column) => (
              <th key={column.key} scope="col" className="an-num">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {result.columns.map((column) => (
                <td key={column.key} className="an-num">
                  {formatValue(row.values[column.key] ?? null, column.unit)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {result.rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {result.columns.map((column) => (
                <td key={column.key} className="an-num">
                  <strong>{formatValue(result.totals[column.key] ?? null, column.unit)}</strong>
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

export const GROUP_LABELS: Record<string, string> = {
  none: 'No grouping',
  source: 'Lead source',
  rep: 'Rep',
  status: 'Status',
  property_type: 'Property type',
  week: 'Week',
  month: 'Month',
};
const groupLabel = (group: string) => GROUP_LABELS[group] ?? group;
