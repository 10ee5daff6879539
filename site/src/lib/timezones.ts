/** IANA timezones the browser knows, as select options (a fallback of UTC where the API is missing). */
export function timezoneOptions(include: string[] = []): { value: string; label: string }[] {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  return [...new Set([...include, ...zones])].map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}
