import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { lazy } from '../../infra/platform/platform.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import { checkHealth, ZHealth } from '../../infra/platform/check-health.ts';

const VIEWER_ASSETS = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'] as const;
const viewerDirectory = lazy(async () => dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')));

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>DealCycle API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/assets/init.js"></script></body></html>`;

// Kept out of the page so the CSP needs no inline script.
const VIEWER_INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs/openapi.json', dom_id: '#docs', deepLinking: true });`;

const DOCS_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const openApiDocument = lazy(async () => {
  const [{ loadFunctionDefinitions }, { buildOpenApiDocument }] = await Promise.all([import('../catalog.ts'), import('../../infra/http/openapi.ts')]);
  return JSON.stringify(buildOpenApiDocument(await loadFunctionDefinitions(), (await processPlatform()).config.version));
});

export const definition = defineFunction('ops', [
  defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness of the store and the queue, and the running version',
    access: 'public',
    unlimited: true,
    response: ZHealth,
    tags: ['ops'],
    handler: async ({ platform }) => {
      const health = await checkHealth(platform);
      return Reply.json(health, health.status === 'ok' ? 200 : 503);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/metrics',
    summary: 'Prometheus metrics of this instance',
    access: 'public',
    unlimited: true,
    tags: ['ops'],
    handler: async ({ platform, request }) => {
      const token = platform.config.metricsToken;
      if (token && request.headers.authorization !== `Bearer ${token}`) throw new AppError('unauthenticated', 'Metrics need the scrape token');
      const { registry } = platform.metrics;
      return Reply.text(await registry.metrics(), registry.contentType);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/docs',
    summary: 'Interactive API reference',
    access: 'public',
    tags: ['ops'],
    handler: async () => Reply.text(DOCS_PAGE, 'text/html; charset=utf-8', 200, { 'content-security-policy': DOCS_CSP, 'cache-control': 'no-cache' }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/docs/openapi.json',
    summary: 'OpenAPI 3.1 description of this API',
    access: 'public',
    tags: ['ops'],
    handler: async () => Reply.text(await openApiDocument(), 'application/json; charset=utf-8'),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/docs/assets/:file',
    summary: 'API reference viewer assets',
    access: 'public',
    tags: ['ops'],
    params: z.strictObject({ file: z.enum([...VIEWER_ASSETS, 'init.js']) }),
    handler: async ({ params }) => {
      const cache = { 'cache-control': 'public, max-age=86400' };
      if (params.file === 'init.js') return Reply.text(VIEWER_INIT, 'text/javascript; charset=utf-8', 200, cache);
      const content = await readFile(join(await viewerDirectory(), params.file), 'utf8');
      return Reply.text(content, params.file.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', 200, cache);
    },
  }),
]);

export const handler = definition.createHandler(processPlatform);
