import type { Page } from 'playwright-core';

export interface TVitals {
  /** Largest Contentful Paint, ms from navigation start. */
  lcp: number;
  /** Cumulative Layout Shift (shifts without recent input), summed over the load. */
  cls: number;
}

/**
 * Loads `path` with Chromium's CPU throttled (`rate`× slower, as Lighthouse's mobile preset uses
 * 4×) and reads LCP and CLS from the browser's own PerformanceObserver entries
 * (`largest-contentful-paint`, `layout-shift`), after the page has settled.
 */
export async function measureVitals(page: Page, path: string, rate = 4): Promise<TVitals> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  try {
    await page.goto(path, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    return await page.evaluate(
      () =>
        new Promise<TVitals>((resolve) => {
          let lcp = 0;
          let cls = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) lcp = Math.max(lcp, entry.startTime);
          }).observe({ type: 'largest-contentful-paint', buffered: true });
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!entry.hadRecentInput) cls += entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
          // Buffered entries arrive in the observers' first callbacks: give them a couple of frames.
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve({ lcp, cls }), 50)));
        }),
    );
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
  }
}
