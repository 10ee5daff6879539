import { describe, expect, it } from 'vitest';
import { addYears, bucketOf, comparisonRange, dayOf, granularityFor, listDays, weekOf, windowOf } from '../../../shared/analytics/day-range.ts';
import { reportDays } from '../../../shared/analytics/reports/report-range.ts';
import { isReportTime } from '../../../shared/analytics/weekly-report/dispatch-weekly-reports.ts';
import { reportWeek } from '../../../shared/analytics/weekly-report/build-weekly-report.ts';

describe('analytics days', () => {
  it.each([
    ['previous', '2026-03-01', '2026-03-31', { from: '2026-01-29', to: '2026-02-28' }],
    ['previous', '2026-03-18', '2026-03-18', { from: '2026-03-17', to: '2026-03-17' }],
    ['last_year', '2024-02-29', '2024-03-06', { from: '2023-02-28', to: '2023-03-06' }],
    ['none', '2026-03-01', '2026-03-31', null],
  ] as const)('compares %s for %s..%s', (compare, from, to, expected) => {
    expect(comparisonRange(from, to, compare)).toEqual(expected);
  });

  it('turns days into instants of the organisation’s zone, 23 hours long on the spring DST day, never past now', () => {
    const window = windowOf('2026-03-08', '2026-03-08', 'America/Chicago', new Date('2026-04-01T00:00:00Z'));
    expect(window.start.toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(window.end.toISOString()).toBe('2026-03-09T04:59:59.999Z');
    expect((window.end.getTime() + 1 - window.start.getTime()) / 3_600_000).toBe(23);
    const today = windowOf('2026-03-18', '2026-03-18', 'America/Chicago', new Date('2026-03-18T17:00:00Z'));
    expect(today.end.toISOString()).toBe('2026-03-18T17:00:00.000Z');
    expect(dayOf(new Date('2026-03-19T04:30:00Z'), 'America/Chicago')).toBe('2026-03-18');
    expect(dayOf(new Date('2026-03-19T04:30:00Z'), 'Asia/Kolkata')).toBe('2026-03-19');
  });

  it('groups days into ISO weeks and months, finer for short ranges', () => {
    expect(weekOf('2026-03-22')).toBe('2026-03-16');
    expect(weekOf('2026-03-16')).toBe('2026-03-16');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(listDays('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect([granularityFor(31), granularityFor(90), granularityFor(365)]).toEqual(['day', 'week', 'month']);
    expect(bucketOf('2026-03-18', 'month')).toBe('2026-03');
  });

  it.each([
    ['last_7_days', { from: '2026-03-12', to: '2026-03-18' }],
    ['this_month', { from: '2026-03-01', to: '2026-03-18' }],
    ['last_month', { from: '2026-02-01', to: '2026-02-28' }],
    ['this_quarter', { from: '2026-01-01', to: '2026-03-18' }],
    ['this_year', { from: '2026-01-01', to: '2026-03-18' }],
  ] as const)('resolves the report preset %s', (preset, expected) => {
    expect(reportDays({ preset }, '2026-03-18')).toEqual(expected);
  });
});

describe('the weekly report schedule', () => {
  it.each([
    ['2026-03-16T11:59:00Z', 'America/Chicago', false], // Monday 06:59 CDT
    ['2026-03-16T12:00:00Z', 'America/Chicago', true], // Monday 07:00 CDT
    ['2026-03-17T04:59:00Z', 'America/Chicago', true], // Monday 23:59 CDT
    ['2026-03-17T05:00:00Z', 'America/Chicago', false], // Tuesday
    ['2026-03-16T01:30:00Z', 'Asia/Kolkata', true], // Monday 07:00 IST
    ['2026-03-16T07:00:00Z', 'UTC', true],
    ['2026-03-15T23:00:00Z', 'Pacific/Auckland', true], // Monday 12:00 NZDT
  ] as const)('at %s in %s is report time: %s', (at, zone, expected) => {
    expect(isReportTime(new Date(at), zone)).toBe(expected);
  });

  it('reports the last whole week, Monday to Sunday, in the organisation’s zone', () => {
    expect(reportWeek(new Date('2026-03-16T12:00:00Z'), 'America/Chicago')).toBe('2026-03-09');
    // Already Monday in Auckland, still Sunday in Chicago.
    expect(reportWeek(new Date('2026-03-15T23:00:00Z'), 'Pacific/Auckland')).toBe('2026-03-09');
    expect(reportWeek(new Date('2026-03-15T23:00:00Z'), 'America/Chicago')).toBe('2026-03-02');
    expect(reportWeek(new Date('2026-03-16T12:00:00Z'), 'America/Chicago', '2026-03-04')).toBe('2026-03-02');
  });
});
