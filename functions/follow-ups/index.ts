import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { createFollowUp } from '../../shared/follow-ups/create-follow-up.ts';
import { deleteFollowUp } from '../../shared/follow-ups/delete-follow-up.ts';
import { FOLLOW_UP_ROLES } from '../../shared/follow-ups/follow-up-access.ts';
import {
  ZCreateFollowUpRequest,
  ZFollowUp,
  ZFollowUpSummary,
  ZListFollowUpsQuery,
  ZUpdateFollowUpRequest,
} from '../../shared/follow-ups/follow-up.schemas.ts';
import { listFollowUps } from '../../shared/follow-ups/list-follow-ups.ts';
import { summarizeFollowUps } from '../../shared/follow-ups/summarize-follow-ups.ts';
import { updateFollowUp } from '../../shared/follow-ups/update-follow-up.ts';
import { ZIdParams, ZPage } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

/** Follow-ups: tasks with a due time for one person, about a lead or a deal. Rules in shared/follow-ups/follow-up-access.ts. */
export const definition = defineFunction('follow-ups', [
  defineRoute({
    method: 'GET',
    path: '/api/follow-ups',
    summary: 'Follow-ups by view (today, overdue, upcoming, done, all), for a person, lead or deal',
    access: ALL_ROLES,
    query: ZListFollowUpsQuery,
    response: ZPage(ZFollowUp),
    handler: ({ ctx, query }) => listFollowUps(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/follow-ups/summary',
    summary: "The caller's overdue and due-today counts and next due time (dashboard)",
    access: ALL_ROLES,
    response: ZFollowUpSummary,
    handler: ({ ctx }) => summarizeFollowUps(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/follow-ups',
    summary: 'Create a follow-up (for yourself; admins for anyone)',
    access: FOLLOW_UP_ROLES,
    body: ZCreateFollowUpRequest,
    response: ZFollowUp,
    status: 201,
    handler: ({ ctx, body }) => createFollowUp(ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/follow-ups/:id',
    summary: 'Edit, reassign (admins), complete or reopen a follow-up',
    access: FOLLOW_UP_ROLES,
    params: ZIdParams,
    body: ZUpdateFollowUpRequest,
    response: ZFollowUp,
    handler: ({ ctx, params, body }) => updateFollowUp(ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/follow-ups/:id',
    summary: 'Delete a follow-up (its assignee, creator or an admin)',
    access: FOLLOW_UP_ROLES,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteFollowUp(ctx, params.id);
      return Reply.empty();
    },
  }),
]);

export const handler = definition.createHandler(processPlatform);
