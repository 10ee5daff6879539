import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import picomatch from 'picomatch';
import sirv from 'sirv';

type THostingHeaders = { source: string; headers: { key: string; value: string }[] }[];

export interface StaticSiteServer {
  url: string;
  close: () => Promise<void>;
}

export interface StaticSiteOptions {
  rootDir: string;
  /** What `/__/firebase/init.json` answers (Firebase Hosting's reserved URL). */
  firebaseInit?: Record<string, string>;
}

/**
 * Serves site/dist the way Firebase Hosting does for the portal's static pages — clean URLs,
 * firebase.json's headers (last matching rule wins, as on Hosting), the 404 page — and answers
 * every `/api` request with a problem+json 404, as if no function were deployed. Tests that need
 * API answers route them in the browser.
 */
export async function startStaticSite({ rootDir, firebaseInit = { apiKey: 'demo-api-key', authDomain: 'demo-dealcycle.firebaseapp.com', projectId: 'demo-dealcycle', emulatorHost: 'http://127.0.0.1:9099' } }: StaticSiteOptions): Promise<StaticSiteServer> {
  const siteDir = join(rootDir, 'site', 'dist');
  if (!existsSync(join(siteDir, 'index.html'))) throw new Error(`No built site in ${siteDir}: run \`npm run build:site\` first`);
  const firebaseJson = JSON.parse(readFileSync(join(rootDir, 'firebase.json'), 'utf8')) as { hosting?: { headers?: THostingHeaders } };
  const rules = (firebaseJson.hosting?.headers ?? []).map((rule) => ({ matches: picomatch(rule.source, { dot: true }), headers: rule.headers }));
  const notFoundPage = readFileSync(join(siteDir, '404.html'));
  const assets = sirv(siteDir, {
    extensions: ['html'],
    dev: false,
    etag: true,
    setHeaders: (res, pathname) => {
      for (const rule of rules) if (rule.matches(pathname)) for (const { key, value } of rule.headers) res.setHeader(key, value);
    },
  });
  const server: Server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/__/firebase/init.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(firebaseInit));
      return;
    }
    if (pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'not_found', detail: 'No API behind the static site' }));
      return;
    }
    assets(req, res, () => {
      for (const rule of rules) if (rule.matches(pathname)) for (const { key, value } of rule.headers) res.setHeader(key, value);
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFoundPage);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
