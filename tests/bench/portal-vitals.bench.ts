/**
 * Lab LCP and CLS of the portal's heaviest first views with Chromium's CPU throttled 4× (as
 * Lighthouse's mobile preset), read from the browser's own PerformanceObserver entries. Each
 * sample is a cold load in a fresh browser context against the static build (site/dist, served
 * with firebase.json's headers), signed in with a fixture session. Needs Chromium and a build.
 */
import type { TRole } from '../../shared/auth/principal.ts';
import { chromiumPath, launchChromium, newContext, type TViewportName } from '../e2e/support/browser.ts';
import { routeCrmApi, routeShellApi, signInAs } from '../e2e/support/portal-fixtures.ts';
import { ROOT_DIR } from '../e2e/support/site-build.ts';
import { startStaticSite } from '../e2e/support/static-site-server.ts';
import { measureVitals } from '../e2e/support/web-vitals.ts';
import { percentile, printTable } from './support/report.ts';

const ROUTES = ['/leads', '/dashboard/executive', '/settings/team', '/design-system'];
const SAMPLES = 5;

export default async function portalVitals(): Promise<void> {
  try {
    chromiumPath();
  } catch (error) {
    console.log(`\n## Portal lab vitals\n${(error as Error).message}`);
    return;
  }
  const server = await startStaticSite({ rootDir: ROOT_DIR }).catch((error: Error) => {
    console.log(`\n## Portal lab vitals\n${error.message}`);
    return null;
  });
  if (!server) return;
  const browser = await launchChromium();
  const rows: Record<string, string | number>[] = [];
  try {
    for (const viewport of ['desktop', 'phone'] as TViewportName[]) {
      for (const route of ROUTES) {
        const lcp: number[] = [];
        const cls: number[] = [];
        for (let sample = 0; sample < SAMPLES; sample++) {
          const context = await newContext(browser, viewport, server.url);
          const role: TRole = 'admin';
          await signInAs(context, role);
          await routeShellApi(context, role);
          await routeCrmApi(context);
          const vitals = await measureVitals(await context.newPage(), route, 4);
          lcp.push(vitals.lcp);
          cls.push(vitals.cls);
          await context.close();
        }
        lcp.sort((a, b) => a - b);
        cls.sort((a, b) => a - b);
        rows.push({ viewport, route, 'LCP p50 ms': Math.round(percentile(lcp, 50)), 'LCP max ms': Math.round(lcp.at(-1) ?? 0), 'CLS p50': percentile(cls, 50), 'CLS max': cls.at(-1) ?? 0, samples: SAMPLES });
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  printTable('Portal lab vitals, 4× CPU throttle, cold loads (targets: LCP < 1500 ms, CLS < 0.05)', rows);
}
