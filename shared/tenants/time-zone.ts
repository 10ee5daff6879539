import { invalid } from '../errors/app-error.ts';

/** Accepts an IANA time zone name (`America/Chicago`), as the runtime's Intl knows it. */
export function assertTimeZone(timeZone: string, field = 'timezone'): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw invalid(field, `Unknown time zone "${timeZone}"; use an IANA name such as America/Chicago`);
  }
}
