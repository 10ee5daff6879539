import { Cron } from 'croner';

/** A problem with a scheduled trigger's cron or time zone, or null when both are fine. */
export function cronProblem(cron: string, timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
  } catch {
    return `"${timeZone}" is not a time zone (use an IANA name like America/Chicago)`;
  }
  try {
    const parsed = new Cron(cron, { timezone: timeZone, paused: true });
    if (!parsed.nextRun()) return `"${cron}" never runs`;
  } catch (error) {
    return `"${cron}" is not a cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** The latest occurrence at or before `now` (croner's `previousRuns` excludes `now` itself), or null. */
export function latestOccurrence(cron: string, timeZone: string, now: Date): Date | null {
  const schedule = new Cron(cron, { timezone: timeZone, paused: true });
  const previous = schedule.previousRuns(1, now)[0];
  if (!previous) return null;
  const following = schedule.nextRun(previous);
  return following && following.getTime() <= now.getTime() ? following : previous;
}
