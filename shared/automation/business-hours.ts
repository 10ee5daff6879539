import { TZDate } from '@date-fns/tz';

/** Business hours for `business_hours` delays: Monday–Friday, 09:00–17:00 in the lead's zone. */
export const BUSINESS_HOURS = { from: 9, until: 17 } as const;

/** `at` itself when inside business hours in `timeZone`, else the next opening (DST-safe: built as a wall-clock time). */
export function nextBusinessHours(at: Date, timeZone: string): Date {
  const local = new TZDate(at.getTime(), timeZone);
  const weekday = (day: number) => day >= 1 && day <= 5;
  if (weekday(local.getDay()) && local.getHours() >= BUSINESS_HOURS.from && local.getHours() < BUSINESS_HOURS.until) return at;
  for (let offset = local.getHours() < BUSINESS_HOURS.from ? 0 : 1; offset <= 7; offset += 1) {
    const opening = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + offset, BUSINESS_HOURS.from, 0, 0, timeZone);
    if (weekday(opening.getDay())) return new Date(opening.getTime());
  }
  return at;
}
