import { z } from 'zod';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { TFunctionDefinition } from './define-function.ts';

const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ location: z.string(), field: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** OpenAPI 3.1 for every route of every function, generated from the same zod schemas the pipeline validates with. */
export function buildOpenApiDocument(functions: readonly TFunctionDefinition[], version: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const fn of functions) {
    for (const route of fn.routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const problem = { description: 'Problem', content: { 'application/problem+json': { schema: ZProblem } } };
      const success = route.status === 204 || (!route.response && route.method === 'DELETE')
        ? { description: 'No content' }
        : { description: 'OK', ...(route.response ? { content: { 'application/json': { schema: route.response } } } : {}) };
      const requestParams: Record<string, z.ZodObject> = {};
      if (route.params instanceof z.ZodObject) requestParams.path = route.params;
      if (route.query instanceof z.ZodObject) requestParams.query = route.query;
      const bodyType = route.bodyType ?? 'json';
      const operation = {
        summary: route.summary,
        tags: route.tags ?? [fn.name],
        ...(route.access === 'public' ? { security: [] } : {}),
        ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
        // A raw route's body schema only checks that bytes came; the document shows the file types.
        ...(bodyType === 'raw'
          ? { requestBody: { content: Object.fromEntries((route.rawContentTypes ?? ['application/octet-stream']).map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) } }
          : route.body
            ? { requestBody: { content: { [bodyType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json']: { schema: route.body } } } }
            : {}),
        responses: { [String(route.status ?? (route.method === 'DELETE' ? 204 : 200))]: success, default: problem },
      };
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
    }
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'DealCycle API',
        version,
        description: 'Every endpoint takes a Firebase ID token (`Authorization: Bearer …`) unless marked otherwise. Errors are `application/problem+json`.',
      },
      components: { securitySchemes: { firebase: { type: 'http', scheme: 'bearer', bearerFormat: 'Firebase ID token' } } },
      security: [{ firebase: [] }],
      paths,
    },
    { allowEmptySchema: { custom: true } },
  );
}
