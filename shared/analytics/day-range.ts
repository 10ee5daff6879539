import { tz } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { zonedDayEnd, zonedDayStart } from '../tenants/zoned-day.ts';
import type { TWindow } from './metric-family.ts';

/**
 * Calendar days (`YYYY-MM-DD`) in the organisation's time zone. Day arithmetic works on the
 * date alone (as UTC dates), so it never meets a DST gap; only turning days into instants
 * (`windowOf`) needs the zone.
 */
const DAY_MS = 86_400_000;

const toUtcDate = (day: string) => new Date(`${day}T00:00:00.000Z`);
const fromUtcDate = (date: Date) => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => fromUtcDate(new Date(toUtcDate(day).getTime() + days * DAY_MS));

/** The same date a number of years away; 29 February becomes the 28th. */
export function addYears(day: string, years: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year + years, month - 1, date));
  return target.getUTCMonth() === month - 1 ? fromUtcDate(target) : fromUtcDate(new Date(Date.UTC(year + years, month, 0)));
}

export const daysBetween = (from: string, to: string): number => Math.round((toUtcDate(to).getTime() - toUtcDate(from).getTime()) / DAY_MS);

/** Every day from `from` to `to`, both included. */
export function listDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The day an instant falls on in `timeZone`. */
export const dayOf = (at: Date, timeZone: string): string => format(at, 'yyyy-MM-dd', { in: tz(timeZone) });

/** The local day of a `$dateTrunc` to the day in `timeZone` (local midnight; read an hour later, safely inside the same day). */
export const dayOfTruncated = (midnight: Date, timeZone: string): string => dayOf(new Date(midnight.getTime() + 3_600_000), timeZone);

/** Monday of the day's ISO week. */
export function weekOf(day: string): string {
  const weekday = (toUtcDate(day).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

export const monthOf = (day: string): string => day.slice(0, 7);

export const daysInMonth = (month: string): number => {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
};

/** The instants of days `from`..`to` in `timeZone`, ending no later than `now`. */
export function windowOf(from: string, to: string, timeZone: string, now: Date): TWindow {
  const end = zonedDayEnd(to, timeZone);
  return { start: zonedDayStart(from, timeZone), end: end.getTime() > now.getTime() ? now : end, timeZone, now };
}

export type TCompare = 'previous' | 'last_year' | 'none';

/** The period a range is compared with: the as-long one just before it, the same dates a year earlier, or none. */
export function comparisonRange(from: string, to: string, compare: TCompare): { from: string; to: string } | null {
  if (compare === 'none') return null;
  if (compare === 'last_year') return { from: addYears(from, -1), to: addYears(to, -1) };
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/** Granularity of a series over `days` days: daily up to a month, weekly up to half a year, monthly beyond. */
export const granularityFor = (days: number): 'day' | 'week' | 'month' => (days <= 31 ? 'day' : days <= 184 ? 'week' : 'month');

export const bucketOf = (day: string, granularity: 'day' | 'week' | 'month'): string => (granularity === 'day' ? day : granularity === 'week' ? weekOf(day) : monthOf(day));
