import { ALL_ROLES, type TRole } from '../../shared/auth/principal.ts';
import { addBuyerNote } from '../../shared/buyers/add-buyer-note.ts';
import {
  ZBuyer,
  ZBuyerNoteRequest,
  ZCreateBuyerQuery,
  ZCreateBuyerRequest,
  ZListBuyersQuery,
  ZUpdateBuyerRequest,
} from '../../shared/buyers/buyer.schemas.ts';
import { createBuyer } from '../../shared/buyers/create-buyer.ts';
import { deleteBuyer } from '../../shared/buyers/delete-buyer.ts';
import { exportBuyers } from '../../shared/buyers/export-buyers.ts';
import { getBuyer } from '../../shared/buyers/get-buyer.ts';
import { getBuyerTimeline } from '../../shared/buyers/get-buyer-timeline.ts';
import { listBuyers } from '../../shared/buyers/list-buyers.ts';
import { updateBuyer } from '../../shared/buyers/update-buyer.ts';
import { ZTimelineEntry, ZTimelineQuery } from '../../shared/leads/lead.schemas.ts';
import { ZIdParams, ZPage } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import { importRoutes } from '../import-routes.ts';

/** Disposition managers and admins keep the buyers list; everyone else reads it. */
const BUYER_WRITERS: readonly TRole[] = ['admin', 'disposition_manager'];

export const definition = defineFunction('buyers', [
  defineRoute({
    method: 'GET',
    path: '/api/buyers',
    summary: 'Cash buyers, filtered by buy box, tag, status or text; each with computed metrics',
    access: ALL_ROLES,
    query: ZListBuyersQuery,
    response: ZPage(ZBuyer),
    handler: ({ ctx, query }) => listBuyers(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/buyers',
    summary: 'Add a cash buyer (409 with existing_id when the phone or email is taken, unless allow_duplicate=true)',
    access: BUYER_WRITERS,
    query: ZCreateBuyerQuery,
    body: ZCreateBuyerRequest,
    response: ZBuyer,
    status: 201,
    handler: ({ ctx, query, body }) => createBuyer(ctx, body, { allowDuplicate: query.allow_duplicate }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/buyers/export',
    summary: 'The buyers the list filters select, streamed as CSV (columns the buyer import reads back)',
    access: ALL_ROLES,
    query: ZListBuyersQuery,
    handler: async ({ ctx, query }) => {
      const { stream, filename } = exportBuyers(ctx, query);
      return Reply.stream(stream, { contentType: 'text/csv; charset=utf-8', filename });
    },
  }),
  ...importRoutes('buyers', { writers: BUYER_WRITERS, readers: ALL_ROLES }),
  defineRoute({
    method: 'GET',
    path: '/api/buyers/:id',
    summary: 'One buyer with metrics: deals bought, total invested, average deal size, response time and rate',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZBuyer,
    handler: ({ ctx, params }) => getBuyer(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/buyers/:id',
    summary: 'Change a buyer; buy_box is merged part by part',
    access: BUYER_WRITERS,
    params: ZIdParams,
    query: ZCreateBuyerQuery,
    body: ZUpdateBuyerRequest,
    response: ZBuyer,
    handler: ({ ctx, params, query, body }) => updateBuyer(ctx, params.id, body, { allowDuplicate: query.allow_duplicate }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/buyers/:id',
    summary: 'Delete a buyer who never held a deal (409 otherwise: mark them inactive)',
    access: BUYER_WRITERS,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteBuyer(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/buyers/:id/timeline',
    summary: "A buyer's timeline, newest first",
    access: ALL_ROLES,
    params: ZIdParams,
    query: ZTimelineQuery,
    response: ZPage(ZTimelineEntry),
    handler: ({ ctx, params, query }) => getBuyerTimeline(ctx, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/buyers/:id/notes',
    summary: "Add a note to a buyer's timeline",
    access: BUYER_WRITERS,
    params: ZIdParams,
    body: ZBuyerNoteRequest,
    response: ZTimelineEntry,
    status: 201,
    handler: ({ ctx, params, body }) => addBuyerNote(ctx, params.id, body.body),
  }),
]);

export const handler = definition.createHandler(processPlatform);

