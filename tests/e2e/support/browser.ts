import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The two viewports every page is checked at. */
export const VIEWPORTS = {
  desktop: { width: 1440, height: 900, isMobile: false, hasTouch: false },
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
} as const;
export type TViewportName = keyof typeof VIEWPORTS;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH; Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH');
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

export function newContext(browser: Browser, viewport: TViewportName, baseURL: string, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
  const { width, height, isMobile, hasTouch } = VIEWPORTS[viewport];
  return browser.newContext({ baseURL, viewport: { width, height }, isMobile, hasTouch, deviceScaleFactor: 1, colorScheme, reducedMotion: 'reduce' });
}

export interface TConsoleCollector {
  /** Console errors, uncaught exceptions and CSP violations seen so far. */
  errors: string[];
}

/**
 * Collects what a person would see as breakage in DevTools: console errors (CSP violations
 * included) and uncaught exceptions. `ignore` filters expected noise, e.g. a feature's 404.
 */
export function collectConsoleErrors(page: Page, ignore: (text: string, url: string) => boolean = () => false): TConsoleCollector {
  const collector: TConsoleCollector = { errors: [] };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (!ignore(message.text(), url)) collector.errors.push(`${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => collector.errors.push(`Uncaught: ${error.message}`));
  return collector;
}

/** Runs axe-core on the page; fails on any serious or critical violation, listing each with its nodes. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  if (serious.length === 0) return;
  const report = serious.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(' ')} — ${node.failureSummary?.split('\n').join(' ')}`).join('\n')}`).join('\n');
  throw new Error(`axe found ${serious.length} serious/critical violation(s) on ${page.url()}:\n${report}`);
}

const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** Full-page screenshot kept as a test artifact: test-results/screenshots/<test>-<viewport>.png. */
export async function screenshot(page: Page, test: string, viewport: TViewportName): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${test.replace(/[^a-z0-9-]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** True when the document is wider than the viewport (the page scrolls sideways). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}
