import { ZLeadSummaryResponse, ZQualifyResponse } from '../../shared/ai/ai.schemas.ts';
import { getCallQueue, ZCallQueue, ZCallQueueQuery } from '../../shared/ai/call-queue.ts';
import { qualifyLead } from '../../shared/ai/qualify-lead.ts';
import { summarizeLead } from '../../shared/ai/summarize-lead.ts';
import { LEAD_WRITER_ROLES } from '../../shared/leads/lead-access.ts';
import { ZIdParams } from '../../shared/schemas/common.ts';
import { defineRoute, type TRoute } from '../../infra/http/route.ts';

/**
 * AI on leads (shared/ai/README.md), served by the `leads` function. The call queue is a
 * literal path (listed before `/api/leads/:id`); summary and qualification act on one lead.
 */
export const leadAiListRoutes: readonly TRoute[] = [
  defineRoute({
    method: 'GET',
    path: '/api/leads/call-queue',
    summary: 'Who to call next: the caller’s open leads (own and unassigned; admins any member’s with ?assigned_to=) ranked, each with its reasons',
    access: LEAD_WRITER_ROLES,
    query: ZCallQueueQuery,
    response: ZCallQueue,
    tags: ['leads', 'ai'],
    handler: ({ ctx, query }) => getCallQueue(ctx, query),
  }),
];

export const leadAiItemRoutes: readonly TRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/summary',
    summary: 'Summarise the lead’s notes (stored as ai_summary); says which provider answered',
    access: LEAD_WRITER_ROLES,
    feature: 'ai',
    params: ZIdParams,
    response: ZLeadSummaryResponse,
    tags: ['leads', 'ai'],
    handler: ({ ctx, params }) => summarizeLead(ctx, params.id),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/qualify',
    summary: 'Qualify the lead: motivation, timeline, condition, price → score 0–100 (stored as lead_score) with reasons and the questions still to ask',
    access: LEAD_WRITER_ROLES,
    feature: 'ai',
    params: ZIdParams,
    response: ZQualifyResponse,
    tags: ['leads', 'ai'],
    handler: ({ ctx, params }) => qualifyLead(ctx, params.id),
  }),
];
