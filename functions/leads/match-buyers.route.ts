import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { matchBuyersForLead } from '../../shared/matching/match-buyers.ts';
import { ZBuyerMatches, ZMatchBuyersQuery } from '../../shared/matching/match.schemas.ts';
import { ZIdParams } from '../../shared/schemas/common.ts';
import { defineRoute } from '../../infra/http/route.ts';

/**
 * `GET /api/leads/:id/match-buyers`, owned by the deals capability but served by the `leads`
 * function (its path is under /api/leads): functions/leads/index.ts lists this route.
 */
export const matchBuyersRoute = defineRoute({
  method: 'GET',
  path: '/api/leads/:id/match-buyers',
  summary: "Buyers ranked for a lead's property (estimated value, or its deal's asking price), with the reasons for each score",
  access: ALL_ROLES,
  params: ZIdParams,
  query: ZMatchBuyersQuery,
  response: ZBuyerMatches,
  tags: ['leads', 'matching'],
  handler: ({ ctx, params, query }) => matchBuyersForLead(ctx, params.id, query),
});
