import { join } from 'node:path';
import { ensureSiteBuilt as buildIfStale } from '../../../infra/local-host/ensure-site-built.ts';

export const ROOT_DIR = join(import.meta.dirname, '..', '..', '..');

/** Builds the portal when site/dist is missing or older than its sources, as `npm start` does. */
export async function ensureSiteBuilt(): Promise<string> {
  return buildIfStale(ROOT_DIR, (line) => console.log(line));
}

/** Every route of the portal, as the build emits it (one HTML file per route). */
export const PORTAL_ROUTES = {
  app: [
    '/dashboard/executive',
    '/dashboard/acquisitions',
    '/dashboard/disposition',
    '/dashboard/mobile',
    '/leads',
    '/leads/detail',
    '/leads/new',
    '/leads/edit',
    '/leads/board',
    '/leads/import-export',
    '/leads/call-queue',
    '/follow-ups',
    '/buyers',
    '/buyers/detail',
    '/buyers/new',
    '/buyers/edit',
    '/buyers/import-export',
    '/buyers/analytics',
    '/deals',
    '/deals/detail',
    '/communications',
    '/communications/thread',
    '/communications/center',
    '/automation',
    '/automation/builder',
    '/automation/workflows',
    '/analytics',
    '/analytics/performance',
    '/analytics/reports',
    '/settings/profile',
    '/settings/team',
    '/settings/integrations',
  ],
  public: ['/auth/login', '/auth/callback', '/auth/onboarding', '/auth/sign-out', '/auth/deactivated', '/design-system', '/404'],
} as const;
