import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import picomatch from 'picomatch';
import sirv from 'sirv';
import { FUNCTION_MODULES } from '../../functions/catalog.ts';
import type { TRequestHandler } from '../http/pipeline.ts';
import type { TPlatform } from '../platform/platform.ts';
import { readRoutingTable } from '../platform/routing-table.ts';

export interface TLocalHostOptions {
  platform: TPlatform;
  /** Repository root: firebase.json lives here. */
  rootDir: string;
  /** Built site to serve at `/` (site/dist); omitted in API-only tests. */
  siteDir?: string;
  port: number;
  /** Extra handlers mounted before the rewrite table (developer tools). */
  extraRoutes?: { pattern: RegExp; handler: TRequestHandler }[];
}

export interface TLocalHost {
  url: string;
  server: Server;
  close(): Promise<void>;
}

type THostingHeaders = { source: string; headers: { key: string; value: string }[] }[];

/**
 * One Node process serving what Firebase Hosting and the Cloud Run functions serve in
 * production: every function mounted under the paths firebase.json's rewrites give it
 * (the same table Hosting uses), the built site with firebase.json's headers, and
 * `/__/firebase/init.json` as Hosting provides it.
 */
export async function startLocalHost(options: TLocalHostOptions): Promise<TLocalHost> {
  const { platform } = options;
  const firebaseJson = JSON.parse(await readFile(join(options.rootDir, 'firebase.json'), 'utf8')) as { hosting?: { headers?: THostingHeaders } };
  const routes = (await readRoutingTable(options.rootDir)).map((rewrite) => {
    const load = FUNCTION_MODULES[rewrite.serviceId];
    if (!load) throw new Error(`firebase.json routes ${rewrite.regex} to "${rewrite.serviceId}", but functions/catalog.ts has no such function`);
    let handler: Promise<TRequestHandler> | undefined;
    return {
      pattern: new RegExp(rewrite.regex),
      // Loaded on first use, as a cold Cloud Run instance would.
      handler: () => (handler ??= load().then(({ definition }) => definition.createHandler(async () => platform))),
    };
  });
  const hostingHeaders = (firebaseJson.hosting?.headers ?? []).map((rule) => ({ matches: picomatch(rule.source, { dot: true }), headers: rule.headers }));
  const serveStatic = options.siteDir
    ? sirv(options.siteDir, {
        extensions: ['html'],
        etag: true,
        setHeaders: (res, pathname) => {
          for (const rule of hostingHeaders) if (rule.matches(pathname)) for (const { key, value } of rule.headers) res.setHeader(key, value);
        },
      })
    : undefined;
  const notFoundPage = options.siteDir ? await readFile(join(options.siteDir, '404.html')).catch(() => undefined) : undefined;

  const firebaseInit = JSON.stringify({
    apiKey: platform.config.auth.apiKey,
    authDomain: 'localhost',
    projectId: platform.config.projectId,
    ...(platform.config.auth.emulatorHost ? { emulatorHost: `http://${platform.config.auth.emulatorHost}` } : {}),
  });

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      platform.logger.error({ err: error }, 'Local host failed to serve a request');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/__/firebase/init.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(firebaseInit);
      return;
    }
    for (const extra of options.extraRoutes ?? []) if (extra.pattern.test(path)) return extra.handler(req, res);
    for (const rewrite of routes) if (rewrite.pattern.test(path)) return (await rewrite.handler())(req, res);
    if (serveStatic) {
      serveStatic(req, res, () => {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end(notFoundPage ?? 'Not found');
      });
      return;
    }
    res.writeHead(404).end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  server.keepAliveTimeout = 65_000;
  return {
    url: `http://localhost:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
