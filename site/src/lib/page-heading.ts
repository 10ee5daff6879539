/**
 * Pages are static, so a record page is built with a generic heading ("Lead"); once the record
 * has loaded its island names the page after it (the one h1 and the tab's title).
 */
export function setPageHeading(heading: string): void {
  const h1 = document.querySelector('main h1');
  if (h1) h1.textContent = heading;
  document.title = `${heading} · DealCycle`;
}

/** The `id` of a record page's address (`/leads/detail?id=…`), or null. */
export const recordIdFromLocation = (): string | null => new URLSearchParams(location.search).get('id')?.trim() || null;
