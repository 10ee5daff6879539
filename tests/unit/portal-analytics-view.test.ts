import { describe, expect, it } from 'vitest';
import { REPORT_GROUPS, REPORT_PRESETS, ZReportDefinition } from '../../shared/analytics/analytics.schemas.ts';
import { addDays, formatDelta, formatValue, presetRange, rangeLabel, readView, todayIn, viewSearch } from '../../site/src/lib/analytics-view.ts';
import { EMPTY_DRAFT, fromDefinition, GROUPS, PRESETS, toDefinition, toggleMetric } from '../../site/src/lib/report-draft.ts';

const TODAY = '2026-11-24';

describe('dashboard periods', () => {
  it('counts preset days back from today, both ends included', () => {
    expect(presetRange('today', TODAY)).toEqual({ from: TODAY, to: TODAY });
    expect(presetRange('7d', TODAY)).toEqual({ from: '2026-11-18', to: TODAY });
    expect(presetRange('30d', TODAY)).toEqual({ from: '2026-10-26', to: TODAY });
    expect(presetRange('90d', '2026-03-01')).toEqual({ from: '2025-12-02', to: '2026-03-01' });
  });

  it('starts calendar presets on the first day of the month, quarter or year', () => {
    expect(presetRange('month', TODAY)).toEqual({ from: '2026-11-01', to: TODAY });
    expect(presetRange('quarter', TODAY)).toEqual({ from: '2026-10-01', to: TODAY });
    expect(presetRange('quarter', '2026-03-31')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(presetRange('year', TODAY)).toEqual({ from: '2026-01-01', to: TODAY });
  });

  it('crosses month and leap-year ends in UTC day arithmetic', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('takes today from the organisation’s zone, not the viewer’s', () => {
    const instant = new Date('2026-11-24T03:30:00Z');
    expect(todayIn('America/Chicago', instant)).toBe('2026-11-23');
    expect(todayIn('UTC', instant)).toBe('2026-11-24');
  });
});

describe('a dashboard view in the URL', () => {
  it('reads a preset and a comparison, and writes them back the same', () => {
    const view = readView('?range=7d&compare=last_year', TODAY);
    expect(view).toEqual({ preset: '7d', from: '2026-11-18', to: TODAY, compare: 'last_year' });
    expect(viewSearch(view)).toBe('range=7d&compare=last_year');
  });

  it('keeps custom days as days and leaves the previous-period comparison implicit', () => {
    const view = readView('?from=2026-09-01&to=2026-09-30', TODAY);
    expect(view).toEqual({ preset: 'custom', from: '2026-09-01', to: '2026-09-30', compare: 'previous' });
    expect(viewSearch(view)).toBe('from=2026-09-01&to=2026-09-30');
  });

  it('falls back to the page’s default for anything invalid', () => {
    expect(readView('?from=2026-09-30&to=2026-09-01&compare=nonsense', TODAY, 'today')).toEqual({ preset: 'today', from: TODAY, to: TODAY, compare: 'previous' });
    expect(readView('?range=forever', TODAY).preset).toBe('30d');
    expect(readView('?from=2026-02-30&to=2026-03-01', TODAY).preset).toBe('30d');
  });

  it('keeps the page’s other parameters when it writes the view', () => {
    expect(viewSearch({ preset: '90d', from: '', to: '', compare: 'none' }, '?tab=sources&range=7d')).toBe('tab=sources&range=90d&compare=none');
  });
});

describe('KPI display', () => {
  it('writes each unit the way people read it', () => {
    expect(formatValue(1234, 'count')).toBe('1,234');
    expect(formatValue(334_000, 'currency')).toBe('$334,000');
    expect(formatValue(0.248, 'percent')).toBe('24.8%');
    expect(formatValue(45, 'minutes')).toBe('45 min');
    expect(formatValue(1017, 'minutes')).toBe('16 h 57 min');
    expect(formatValue(4320, 'minutes')).toBe('3.0 days');
    expect(formatValue(21.6, 'days')).toBe('21.6 days');
    expect(formatValue(null, 'currency')).toBe('—');
  });

  it('shows a change as an arrow and a percentage, coloured by whether it is good news', () => {
    expect(formatDelta({ delta: 34, delta_pct: 0.479, good: true, unit: 'count', previous: 71 }, 'the previous period')).toEqual({ text: '▲ 48%', spoken: 'up 48% on the previous period', tone: 'good' });
    // Speed to lead is better lower: a fall is good news.
    expect(formatDelta({ delta: -93, delta_pct: -0.0838, good: true, unit: 'minutes', previous: 1110 }).text).toBe('▼ 8.4%');
  });

  it('shows the amount when there was nothing to compare a percentage with, and nothing without a comparison', () => {
    expect(formatDelta({ delta: 213, delta_pct: null, good: true, unit: 'count', previous: 0 }).text).toBe('▲ 213');
    expect(formatDelta({ delta: 0, delta_pct: 0, good: null, unit: 'count', previous: 5 }).text).toBe('No change');
    expect(formatDelta({ delta: null, delta_pct: null, good: null, unit: 'count', previous: null })).toEqual({ text: '', spoken: '', tone: 'neutral' });
  });

  it('labels a range compactly', () => {
    expect(rangeLabel('2026-10-26', '2026-11-24')).toBe('Oct 26 – Nov 24, 2026');
    expect(rangeLabel('2025-12-02', '2026-03-01')).toBe('Dec 2, 2025 – Mar 1, 2026');
    expect(rangeLabel(TODAY, TODAY)).toBe('Nov 24, 2026');
  });
});

describe('the custom report form', () => {
  it('turns the form into a definition the API accepts, blank filters meaning all', () => {
    const definition = toDefinition(EMPTY_DRAFT);
    expect(ZReportDefinition.safeParse(definition).success).toBe(true);
    expect(definition.filters).toEqual({});
    expect(definition.range).toEqual({ preset: 'last_30_days' });
  });

  it('round-trips a saved definition with filters and custom days', () => {
    const draft = { ...EMPTY_DRAFT, name: 'Mail', source: 'direct_mail', property_type: 'land', preset: 'custom' as const, from: '2026-01-01', to: '2026-03-31', group_by: 'month' as const };
    const definition = ZReportDefinition.parse(toDefinition(draft));
    expect(fromDefinition('Mail', definition)).toEqual(draft);
  });

  it('offers exactly the API’s groupings and period presets', () => {
    expect(GROUPS).toEqual(REPORT_GROUPS);
    expect(PRESETS).toEqual(REPORT_PRESETS);
  });

  it('keeps metrics in the catalogue’s order however they are ticked', () => {
    const order = ['leads', 'contacted', 'contracts', 'revenue'];
    expect(toggleMetric(['revenue'], 'leads', true, order)).toEqual(['leads', 'revenue']);
    expect(toggleMetric(['leads', 'revenue'], 'leads', false, order)).toEqual(['revenue']);
  });
});
