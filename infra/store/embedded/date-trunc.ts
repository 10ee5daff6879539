/**
 * `$dateTrunc` as MongoDB defines it, computed on wall-clock time in the requested time zone:
 * bins of `binSize` units counted from 2000-01-01T00:00 local (for weeks, from the first
 * `startOfWeek` on or after it), then turned back into an instant.
 * https://www.mongodb.com/docs/manual/reference/operator/aggregation/dateTrunc/
 *
 * It replaces mingo 7's, which ignores the time zone when picking the bin (a 22:00 local time
 * the day before lands in the wrong day) and costs ~6 µs per call.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const FIXED_UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: MINUTE, hour: 3_600_000, day: DAY };
const MONTH_UNITS: Record<string, number> = { month: 1, quarter: 3, year: 12 };
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const REFERENCE = Date.UTC(2000, 0, 1);
const OFFSET = /^([+-])(\d{2}):?(\d{2})?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone, per UTC day: the offset, when that day holds no transition (one Intl call per day, not per document). */
const dayOffsets = new Map<string, Map<number, number | null>>();

/** Minutes to add to UTC to get wall-clock time in `timezone` (an Olson name, UTC, or ±hh[:mm]) at `date`. */
export function zoneOffsetMinutes(timezone: string, date: Date): number {
  if (timezone === 'UTC' || timezone === 'GMT' || timezone === 'Z') return 0;
  const fixed = OFFSET.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  const day = Math.floor(date.getTime() / DAY);
  let offsets = dayOffsets.get(timezone);
  if (!offsets) dayOffsets.set(timezone, (offsets = new Map()));
  let cached = offsets.get(day);
  if (cached === undefined) {
    const start = exactOffset(timezone, new Date(day * DAY));
    cached = start === exactOffset(timezone, new Date((day + 1) * DAY - 1)) ? start : null;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(day, cached);
  }
  return cached ?? exactOffset(timezone, date);
}

function exactOffset(timezone: string, date: Date): number {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  return Math.round((wall - (date.getTime() - date.getUTCMilliseconds())) / MINUTE);
}

const floorDiv = (a: number, b: number): number => Math.floor(a / b);

export interface TDateTruncArgs {
  date: Date;
  unit: string;
  binSize?: number;
  timezone?: string;
  startOfWeek?: string;
}

export function truncateDate({ date, unit, binSize = 1, timezone, startOfWeek = 'sunday' }: TDateTruncArgs): Date {
  if (!(binSize > 0) || !Number.isInteger(binSize)) throw new Error(`$dateTrunc requires 'binSize' to be a positive integer, but got ${binSize}`);
  const offset = timezone ? zoneOffsetMinutes(timezone, date) : 0;
  const local = date.getTime() + offset * MINUTE;
  let truncated: number;
  if (unit in FIXED_UNITS) {
    const size = (FIXED_UNITS[unit] as number) * binSize;
    truncated = REFERENCE + floorDiv(local - REFERENCE, size) * size;
  } else if (unit === 'week') {
    const weekday = WEEKDAYS.indexOf(startOfWeek.slice(0, 3).toLowerCase());
    if (weekday < 0) throw new Error(`$dateTrunc: startOfWeek '${startOfWeek}' is not valid`);
    const first = REFERENCE + ((weekday - new Date(REFERENCE).getUTCDay() + 7) % 7) * DAY;
    const size = 7 * DAY * binSize;
    truncated = first + floorDiv(local - first, size) * size;
  } else if (unit in MONTH_UNITS) {
    const wall = new Date(local);
    const months = (wall.getUTCFullYear() - 2000) * 12 + wall.getUTCMonth();
    const size = (MONTH_UNITS[unit] as number) * binSize;
    const bin = floorDiv(months, size) * size;
    truncated = Date.UTC(2000 + floorDiv(bin, 12), bin - floorDiv(bin, 12) * 12, 1);
  } else {
    throw new Error(`$dateTrunc: unit '${unit}' is invalid`);
  }
  if (!timezone) return new Date(truncated);
  // Local midnight (say) back to an instant: use the offset in force then, which may differ across a DST change.
  const guess = truncated - offset * MINUTE;
  const offsetThen = zoneOffsetMinutes(timezone, new Date(guess));
  return new Date(offsetThen === offset ? guess : truncated - offsetThen * MINUTE);
}
