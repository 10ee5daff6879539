import { TZDate } from '@date-fns/tz';

/** The part of the recipient's day automated texts may go out in; outside it are quiet hours. */
export interface TSendWindow {
  /** `HH:MM`, 24-hour, recipient-local. */
  send_from: string;
  /** `HH:MM`, exclusive: a text due at this minute waits for the next day. */
  send_until: string;
}

export const DEFAULT_SEND_WINDOW: TSendWindow = { send_from: '09:00', send_until: '20:00' };

export interface TQuietHoursCheck {
  /** Inside the window: send now. */
  allowed: boolean;
  /** The recipient's wall-clock time, `HH:MM`, for messages ("it is 21:40 for Maria"). */
  local_time: string;
  time_zone: string;
  /** `at` when allowed, else the next opening of the window. */
  next_allowed_at: Date;
}

const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/**
 * Whether `at` falls inside the send window in `timeZone`, and if not, when it next opens
 * (later today when it is still early, else tomorrow). DST is handled by building the
 * opening as a wall-clock time in the zone; windows never start inside a 02:00 DST gap.
 */
export function checkQuietHours(at: Date, timeZone: string, window: TSendWindow = DEFAULT_SEND_WINDOW): TQuietHoursCheck {
  const local = new TZDate(at.getTime(), timeZone);
  const now = local.getHours() * 60 + local.getMinutes();
  const from = minutesOf(window.send_from);
  const until = minutesOf(window.send_until);
  const localTime = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
  if (now >= from && now < until) return { allowed: true, local_time: localTime, time_zone: timeZone, next_allowed_at: at };
  const dayOffset = now < from ? 0 : 1;
  const opening = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + dayOffset, Math.floor(from / 60), from % 60, 0, timeZone);
  return { allowed: false, local_time: localTime, time_zone: timeZone, next_allowed_at: new Date(opening.getTime()) };
}
