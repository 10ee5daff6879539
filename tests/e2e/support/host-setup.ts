import { ensureSiteBuilt } from './site-build.ts';

/**
 * Vitest global setup for the e2e project: builds the portal once, before any browser test, when
 * site/dist is missing or older than its sources. Each test file then starts what it drives: a
 * static server of site/dist (pages, components) or the local host (`startTestHost({ siteDir })`).
 */
export default async function setup(): Promise<void> {
  await ensureSiteBuilt();
}
