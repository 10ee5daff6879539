/**
 * JavaScript each portal route ships, gzip-compressed, from the production build in site/dist,
 * against the budget: ≤ 50 KB for list and detail pages, ≤ 120 KB for chart dashboards; the
 * sign-in pages (Firebase SDK) are reported but not budgeted. Counts inline scripts, every
 * island's component and renderer module, and their static imports; modules reached only by a
 * dynamic import() are reported separately as "lazy". Run `npm run build:site` first.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { printTable } from './support/report.ts';

const DIST = join(import.meta.dirname, '..', '..', 'site', 'dist');
const KB = 1024;

export const CHART_ROUTES = /^\/(dashboard\/(executive|acquisitions|disposition)|analytics(\/.*)?|buyers\/analytics|design-system)$/;
export const SIGN_IN_ROUTES = /^\/auth\/(login|callback)$/;

export function budgetFor(route: string): number | null {
  if (SIGN_IN_ROUTES.test(route)) return null;
  return CHART_ROUTES.test(route) ? 120 * KB : 50 * KB;
}

const gzipSize = (content: string | Buffer) => gzipSync(content, { level: 9 }).length;

function htmlFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return name === '_astro' ? [] : htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** Module URLs a page loads at start: external scripts, module preloads, island components and renderers. */
function entryModules(html: string): string[] {
  const urls = new Set<string>();
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) urls.add(match[1] ?? '');
  for (const match of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) urls.add(match[1] ?? '');
  for (const match of html.matchAll(/\b(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g)) urls.add(match[1] ?? '');
  // Inline module scripts may import chunks too.
  for (const script of inlineScripts(html)) for (const url of staticImports(script, '/')) urls.add(url);
  return [...urls].filter((url) => url.startsWith('/'));
}

function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '').filter((body) => body.trim() !== '');
}

const resolveFrom = (from: string, specifier: string) => new URL(specifier, `http://site${from}`).pathname;

function staticImports(code: string, from: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) found.push(resolveFrom(from, match[1] ?? ''));
  for (const match of code.matchAll(/export\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g)) found.push(resolveFrom(from, match[1] ?? ''));
  return found.filter((url) => url.endsWith('.js'));
}

function dynamicImports(code: string, from: string): string[] {
  return [...code.matchAll(/import\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => resolveFrom(from, match[1] ?? '')).filter((url) => url.endsWith('.js'));
}

/** The closure of static imports from the entries, and what dynamic imports add beyond it. */
export function moduleGraph(entries: string[], read: (url: string) => string): { eager: Set<string>; lazy: Set<string> } {
  const eager = new Set<string>();
  const pendingLazy = new Set<string>();
  const walk = (url: string, into: Set<string>) => {
    if (into.has(url)) return;
    into.add(url);
    const code = read(url);
    for (const next of staticImports(code, url)) walk(next, into);
    for (const next of dynamicImports(code, url)) pendingLazy.add(next);
  };
  for (const entry of entries) walk(entry, eager);
  const lazy = new Set<string>();
  for (const url of pendingLazy) if (!eager.has(url)) walk(url, lazy);
  for (const url of eager) lazy.delete(url);
  return { eager, lazy };
}

export default async function siteJs(): Promise<void> {
  if (!existsSync(DIST)) {
    console.log('\n## Portal JS per route\nsite/dist is missing: run `npm run build:site` first.');
    return;
  }
  const cache = new Map<string, string>();
  const read = (url: string) => {
    if (!cache.has(url)) cache.set(url, existsSync(join(DIST, url)) ? readFileSync(join(DIST, url), 'utf8') : '');
    return cache.get(url) ?? '';
  };
  const size = (urls: Iterable<string>) => [...urls].reduce((sum, url) => sum + gzipSize(read(url)), 0);
  const rows = htmlFiles(DIST)
    .map((file) => {
      const html = readFileSync(file, 'utf8');
      const route = `/${relative(DIST, file).replace(/\.html$/, '').replace(/(^|\/)index$/, '')}`.replace(/\/$/, '') || '/';
      const { eager, lazy } = moduleGraph(entryModules(html), read);
      const inline = inlineScripts(html).reduce((sum, script) => sum + gzipSize(script), 0);
      const total = size(eager) + inline;
      const budget = budgetFor(route);
      return {
        route,
        modules: eager.size,
        'inline KB': inline / KB,
        'JS KB gz': total / KB,
        'lazy KB gz': size(lazy) / KB,
        budget: budget === null ? 'n/a (Firebase SDK)' : `${budget / KB} KB`,
        verdict: budget === null ? '—' : total <= budget ? 'ok' : 'OVER',
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
  printTable('Portal JS per route (gzip, level 9; production build)', rows);
  const over = rows.filter((row) => row.verdict === 'OVER');
  console.log(over.length === 0 ? `\nEvery budgeted route is within its budget (${rows.length} routes).` : `\nOver budget: ${over.map((row) => row.route).join(', ')}`);
}
