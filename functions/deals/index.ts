import { ZDealCopyResponse } from '../../shared/ai/ai.schemas.ts';
import { generateDealCopy } from '../../shared/ai/generate-deal-copy.ts';
import { ALL_ROLES, WRITER_ROLES, type TRole } from '../../shared/auth/principal.ts';
import { calculateDealMao } from '../../shared/deals/calculate-deal-mao.ts';
import { changeDealStatus } from '../../shared/deals/change-deal-status.ts';
import { createDeal } from '../../shared/deals/create-deal.ts';
import {
  ZChangeDealStatusRequest,
  ZCreateDealRequest,
  ZDeal,
  ZDealMaoRequest,
  ZDealNoteRequest,
  ZDealSummary,
  ZDealSummaryQuery,
  ZListDealsQuery,
  ZUpdateDealRequest,
} from '../../shared/deals/deal.schemas.ts';
import { addDealNote, getDealTimeline } from '../../shared/deals/deal-timeline.ts';
import { getDeal } from '../../shared/deals/get-deal.ts';
import { listDeals } from '../../shared/deals/list-deals.ts';
import { summarizeDeals } from '../../shared/deals/summarize-deals.ts';
import { updateDeal } from '../../shared/deals/update-deal.ts';
import { matchBuyersForDeal } from '../../shared/matching/match-buyers.ts';
import { ZBuyerMatches, ZMatchBuyersQuery } from '../../shared/matching/match.schemas.ts';
import { ZTimelineEntry, ZTimelineQuery } from '../../shared/leads/lead.schemas.ts';
import { ZIdParams, ZPage } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import { z } from 'zod';

/** Disposition managers and admins run deals; acquisition reps put their leads under contract. */
const DEAL_MANAGERS: readonly TRole[] = ['admin', 'disposition_manager'];
const DEAL_CREATORS: readonly TRole[] = ['admin', 'disposition_manager', 'acquisition_rep'];

export const definition = defineFunction('deals', [
  defineRoute({
    method: 'GET',
    path: '/api/deals',
    summary: 'Deals by status, buyer, lead or text (reps: the deals they acquired), with their buyers',
    access: ALL_ROLES,
    query: ZListDealsQuery,
    response: ZPage(ZDeal),
    handler: ({ ctx, query }) => listDeals(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/deals',
    summary: 'Put a qualified (or contacted) lead under contract: creates its deal in marketing and moves the lead to under contract',
    access: DEAL_CREATORS,
    body: ZCreateDealRequest,
    response: ZDeal,
    status: 201,
    handler: ({ ctx, body }) => createDeal(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/deals/summary',
    summary: 'Counts and money per status; revenue = assignment fees of closed deals (optionally in a closing date range)',
    access: ALL_ROLES,
    query: ZDealSummaryQuery,
    response: ZDealSummary,
    handler: ({ ctx, query }) => summarizeDeals(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/deals/:id',
    summary: 'One deal with its buyer, the statuses it can move to and its MAO',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZDeal,
    handler: ({ ctx, params }) => getDeal(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/deals/:id',
    summary: "Change a deal's figures, closing date or notes (figures are frozen once closed or cancelled)",
    access: DEAL_MANAGERS,
    params: ZIdParams,
    body: ZUpdateDealRequest,
    response: ZDeal,
    handler: ({ ctx, params, body }) => updateDeal(ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/deals/:id/status',
    summary: 'Move a deal: assigned (buyer_id, assignment_fee), closed (closed_at?), cancelled (reason; the lead returns to qualified) or back to marketing',
    access: DEAL_MANAGERS,
    params: ZIdParams,
    body: ZChangeDealStatusRequest,
    response: ZDeal,
    handler: ({ ctx, params, body }) => changeDealStatus(ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/deals/:id/generate-copy',
    summary: 'Marketing copy for the deal (headline, bullets with the numbers, call to action): a draft to edit, nothing is stored or sent',
    access: ['admin', 'disposition_manager'],
    feature: 'ai',
    params: ZIdParams,
    response: ZDealCopyResponse,
    tags: ['deals', 'ai'],
    handler: ({ ctx, params }) => generateDealCopy(ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/deals/:id/buyers',
    summary: 'Buyers ranked for this deal at its asking price, with the reasons for each score',
    access: ALL_ROLES,
    params: ZIdParams,
    query: ZMatchBuyersQuery,
    response: ZBuyerMatches,
    tags: ['deals', 'matching'],
    handler: ({ ctx, params, query }) => matchBuyersForDeal(ctx, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/deals/:id/mao',
    summary: "MAO from the deal's ARV and repairs: the organisation's factor and the projected fee unless given",
    access: ALL_ROLES,
    params: ZIdParams,
    body: ZDealMaoRequest,
    response: z.object({ arv: z.number(), repairs: z.number(), desired_fee: z.number(), factor: z.number(), mao: z.number(), explanation: z.string() }),
    handler: ({ ctx, params, body }) => calculateDealMao(ctx, params.id, body ?? {}),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/deals/:id/timeline',
    summary: "A deal's timeline, newest first",
    access: ALL_ROLES,
    params: ZIdParams,
    query: ZTimelineQuery,
    response: ZPage(ZTimelineEntry),
    handler: ({ ctx, params, query }) => getDealTimeline(ctx, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/deals/:id/notes',
    summary: "Add a note to a deal's timeline",
    access: WRITER_ROLES,
    params: ZIdParams,
    body: ZDealNoteRequest,
    response: ZTimelineEntry,
    status: 201,
    handler: ({ ctx, params, body }) => addDealNote(ctx, params.id, body.body),
  }),
]);

export const handler = definition.createHandler(processPlatform);
