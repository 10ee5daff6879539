import { describe, expect, it } from 'vitest';
import { formatZonedTime, zonedDayEnd, zonedDayOf, zonedDayStart } from '../../shared/tenants/zoned-day.ts';

describe('calendar days in the organisation’s time zone', () => {
  it.each([
    ['2026-03-02', 'America/Chicago', '2026-03-02T06:00:00.000Z', '2026-03-03T05:59:59.999Z'],
    // Spring forward: 23 hours long.
    ['2026-03-08', 'America/Chicago', '2026-03-08T06:00:00.000Z', '2026-03-09T04:59:59.999Z'],
    // Fall back: 25 hours long.
    ['2026-11-01', 'America/New_York', '2026-11-01T04:00:00.000Z', '2026-11-02T04:59:59.999Z'],
    ['2026-03-02', 'UTC', '2026-03-02T00:00:00.000Z', '2026-03-02T23:59:59.999Z'],
  ])('%s in %s runs from %s to %s', (day, timeZone, start, end) => {
    expect(zonedDayStart(day, timeZone).toISOString()).toBe(start);
    expect(zonedDayEnd(day, timeZone).toISOString()).toBe(end);
  });

  it('finds the day an instant falls on there, not in UTC', () => {
    const { start, end } = zonedDayOf(new Date('2026-03-03T03:30:00Z'), 'America/Chicago');
    expect([start.toISOString(), end.toISOString()]).toEqual(['2026-03-02T06:00:00.000Z', '2026-03-03T05:59:59.999Z']);
  });

  it('formats times there', () => {
    expect(formatZonedTime(new Date('2026-03-03T16:00:00Z'), 'America/Chicago')).toBe('Tue, Mar 3, 10:00 AM');
  });
});
