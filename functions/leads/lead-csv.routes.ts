import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { LEAD_WRITER_ROLES } from '../../shared/leads/lead-access.ts';
import { exportLeads } from '../../shared/leads/export-leads.ts';
import { ZListLeadsQuery } from '../../shared/leads/lead.schemas.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute, type TRoute } from '../../infra/http/route.ts';
import { importRoutes } from '../import-routes.ts';

/**
 * CSV export and imports of leads, owned by the deals capability and served by the `leads`
 * function (their paths are under /api/leads): functions/leads/index.ts lists these before
 * `/api/leads/:id`. Reps import leads (theirs by default) and export what they may see.
 */
export const leadCsvRoutes: readonly TRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/leads/export',
    summary: 'The leads the list filters select (same query as GET /api/leads), streamed as CSV with columns the import reads back',
    access: ALL_ROLES,
    query: ZListLeadsQuery,
    tags: ['leads', 'imports'],
    handler: async ({ ctx, query }) => {
      const { stream, filename } = await exportLeads(ctx, query);
      return Reply.stream(stream, { contentType: 'text/csv; charset=utf-8', filename });
    },
  }),
  ...importRoutes('leads', { writers: LEAD_WRITER_ROLES, readers: ALL_ROLES }),
];
