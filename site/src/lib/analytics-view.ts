import type { TKpi } from '../../../shared/analytics/analytics.schemas.ts';
import type { TKpiUnit } from '../../../shared/analytics/kpi-catalog.ts';
import { money } from './format.ts';

/**
 * What a dashboard shows — a range preset (or custom days) and a comparison — read from and
 * written to the page's query string so a view can be shared, plus the display of KPI values and
 * their changes. Pure: unit tests pin them (tests/unit/portal-analytics-view.test.ts).
 */
export const RANGE_PRESETS = ['today', '7d', '30d', '90d', 'month', 'quarter', 'year', 'custom'] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_LABELS: Record<TRangePreset, string> = {
  today: 'Today',
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  month: 'This month',
  quarter: 'This quarter',
  year: 'This year',
  custom: 'Custom',
};

export const COMPARE_MODES = ['previous', 'last_year', 'none'] as const;
export type TCompareMode = (typeof COMPARE_MODES)[number];
export const COMPARE_LABELS: Record<TCompareMode, string> = { previous: 'Previous period', last_year: 'Same period last year', none: 'No comparison' };

export interface TDashboardView {
  preset: TRangePreset;
  from: string;
  to: string;
  compare: TCompareMode;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day (`2026-02-30` is not, though `Date.parse` rolls it over). */
const isDay = (value: string | null): value is string => {
  if (value === null || !DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

/** ISO day arithmetic in UTC, so a range never shifts with the viewer's zone. */
export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Today's calendar day in a time zone (the organisation's: its days are the API's days). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

/** The days a preset covers, both ends included, ending today. */
export function presetRange(preset: Exclude<TRangePreset, 'custom'>, today: string): { from: string; to: string } {
  const [year, month] = today.split('-');
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'month':
      return { from: `${year}-${month}-01`, to: today };
    case 'quarter': {
      const first = Math.floor((Number(month) - 1) / 3) * 3 + 1;
      return { from: `${year}-${String(first).padStart(2, '0')}-01`, to: today };
    }
    case 'year':
      return { from: `${year}-01-01`, to: today };
  }
}

/**
 * The view a query string asks for: `?range=7d`, or `?from=…&to=…` for custom days, and
 * `&compare=last_year|none` (previous period by default). Anything invalid falls back to the
 * page's default preset.
 */
export function readView(search: string, today: string, fallback: Exclude<TRangePreset, 'custom'> = '30d'): TDashboardView {
  const params = new URLSearchParams(search);
  const compareParam = params.get('compare');
  const compare: TCompareMode = (COMPARE_MODES as readonly string[]).includes(compareParam ?? '') ? (compareParam as TCompareMode) : 'previous';
  const from = params.get('from');
  const to = params.get('to');
  if (isDay(from) && isDay(to) && from <= to) return { preset: 'custom', from, to, compare };
  const rangeParam = params.get('range');
  const preset = (RANGE_PRESETS as readonly string[]).includes(rangeParam ?? '') && rangeParam !== 'custom' ? (rangeParam as Exclude<TRangePreset, 'custom'>) : fallback;
  return { preset, ...presetRange(preset, today), compare };
}

/** The query string of a view (without `?`): presets by name so a shared link keeps meaning "the last 7 days". */
export function viewSearch(view: TDashboardView, keep: string = ''): string {
  const params = new URLSearchParams(keep);
  for (const key of ['range', 'from', 'to', 'compare']) params.delete(key);
  if (view.preset === 'custom') {
    params.set('from', view.from);
    params.set('to', view.to);
  } else {
    params.set('range', view.preset);
  }
  if (view.compare !== 'previous') params.set('compare', view.compare);
  return params.toString();
}

/** Whole minutes as `45 min`, `2 h 5 min`, `1.5 days`. */
function duration(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) {
    const hours = Math.floor(minutes / 60);
    const rest = Math.round(minutes - hours * 60);
    return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  }
  return `${(minutes / 1440).toFixed(1)} days`;
}

/** A KPI value in its unit: `1,234`, `$12,500`, `42.5%`, `2 h 5 min`, `3.5 days`; `—` when unknown. */
export function formatValue(value: number | null | undefined, unit: TKpiUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'count':
      return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
    case 'currency':
      return money(value);
    case 'percent':
      return `${(value * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
    case 'minutes':
      return duration(value);
    case 'days':
      return `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${value === 1 ? 'day' : 'days'}`;
    case 'ratio':
      return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  }
}

export interface TDeltaDisplay {
  /** `▲ 12%`, `▼ 3.5%`, `▲ 4` (no percentage when the previous value was 0), `No change`, or '' without a comparison. */
  text: string;
  /** For screen readers: `up 12% on the previous period`. */
  spoken: string;
  tone: 'good' | 'bad' | 'neutral';
}

/** The change of a KPI against its comparison period, as the tile shows it. */
export function formatDelta(kpi: Pick<TKpi, 'delta' | 'delta_pct' | 'good' | 'unit' | 'previous'>, periodName = 'the comparison period'): TDeltaDisplay {
  if (kpi.delta === null || kpi.previous === null) return { text: '', spoken: '', tone: 'neutral' };
  if (kpi.delta === 0) return { text: 'No change', spoken: `no change on ${periodName}`, tone: 'neutral' };
  const up = kpi.delta > 0;
  const amount =
    kpi.delta_pct !== null
      ? `${Math.abs(kpi.delta_pct * 100).toLocaleString('en-US', { maximumFractionDigits: Math.abs(kpi.delta_pct) < 0.1 ? 1 : 0 })}%`
      : formatValue(Math.abs(kpi.delta), kpi.unit);
  return {
    text: `${up ? '▲' : '▼'} ${amount}`,
    spoken: `${up ? 'up' : 'down'} ${amount} on ${periodName}`,
    tone: kpi.good === null ? 'neutral' : kpi.good ? 'good' : 'bad',
  };
}

/** `Nov 1 – Nov 30, 2026`; one day as `Nov 3, 2026`. */
export function rangeLabel(from: string, to: string): string {
  const day = (iso: string, withYear: boolean) =>
    new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC', ...(withYear ? { year: 'numeric' } : {}) });
  if (from === to) return day(from, true);
  return `${day(from, from.slice(0, 4) !== to.slice(0, 4))} – ${day(to, true)}`;
}
