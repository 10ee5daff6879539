import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT_DIR = join(import.meta.dirname, '..', '..', '..');

/** Builds the portal once if site/dist is missing (the host's global setup builds it too). */
export function ensureSiteBuilt(): void {
  if (existsSync(join(ROOT_DIR, 'site', 'dist', 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT_DIR, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--root', 'site'], { cwd: ROOT_DIR, stdio: 'inherit' });
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
    '/leads/import-export',
    '/buyers',
    '/buyers/detail',
    '/buyers/new',
    '/buyers/analytics',
    '/deals',
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
