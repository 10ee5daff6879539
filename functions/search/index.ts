import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { searchEverything } from '../../shared/search/search-everything.ts';
import { ZSearchQuery, ZSearchResponse } from '../../shared/search/search.schemas.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

/** Global search (the portal header): leads, buyers and deals by name, phone, email or address. */
export const definition = defineFunction('search', [
  defineRoute({
    method: 'GET',
    path: '/api/search',
    summary: 'Leads, buyers and deals matching every word of q (a few per kind, most recent first)',
    access: ALL_ROLES,
    query: ZSearchQuery,
    response: ZSearchResponse,
    handler: ({ ctx, query }) => searchEverything(ctx, query),
  }),
]);

export const handler = definition.createHandler(processPlatform);
