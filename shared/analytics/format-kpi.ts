import type { TKpiUnit } from './kpi-catalog.ts';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** A KPI value as people read it ("$12,300", "14 min", "38%"); "—" when there is none. */
export function formatKpi(value: number | null, unit: TKpiUnit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'currency':
      return dollars.format(value);
    case 'percent':
      return `${oneDecimal.format(value * 100)}%`;
    case 'minutes':
      return value >= 120 ? `${oneDecimal.format(value / 60)} h` : `${oneDecimal.format(value)} min`;
    case 'days':
      return `${oneDecimal.format(value)} days`;
    case 'ratio':
      return oneDecimal.format(value);
    default:
      return whole.format(value);
  }
}

/** A difference in the KPI's unit, with its sign ("+$2,100", "−3 min", "+4.2 pts"). */
export function formatDelta(delta: number, unit: TKpiUnit): string {
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const size = Math.abs(delta);
  if (unit === 'percent') return `${sign}${oneDecimal.format(size * 100)} pts`;
  return `${sign}${formatKpi(size, unit)}`;
}

export const formatPercentChange = (ratio: number): string => `${whole.format(Math.abs(ratio) * 100)}%`;
