import { TZDate, tz } from '@date-fns/tz';
// Per-function entry points: the package index loads every date-fns module (seconds, locally).
import { endOfDay } from 'date-fns/endOfDay';
import { format } from 'date-fns/format';
import { startOfDay } from 'date-fns/startOfDay';

/**
 * Calendar days in the organisation's time zone ("today", "created between Mar 1 and Mar 3"),
 * as the instants that bound them. DST days are 23 or 25 hours long; date-fns with
 * @date-fns/tz gets them right.
 */
export function zonedDayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
}

/** The last millisecond of `day` (YYYY-MM-DD) in `timeZone`. */
export function zonedDayEnd(day: string, timeZone: string): Date {
  return new Date(endOfDay(new TZDate(zonedDayStart(day, timeZone), timeZone)).getTime());
}

/** Start and last millisecond of the day `at` falls on, in `timeZone`. */
export function zonedDayOf(at: Date, timeZone: string): { start: Date; end: Date } {
  const zone = tz(timeZone);
  return { start: new Date(startOfDay(at, { in: zone }).getTime()), end: new Date(endOfDay(at, { in: zone }).getTime()) };
}

/** "Thu, Mar 5, 10:00 AM" in `timeZone`, for timeline lines and notifications. */
export function formatZonedTime(at: Date, timeZone: string): string {
  return format(at, 'EEE, MMM d, h:mm a', { in: tz(timeZone) });
}
