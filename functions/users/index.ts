import { z } from 'zod';
import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { ZIdParams, ZPage, ZPageQuery } from '../../shared/schemas/common.ts';
import { getMe } from '../../shared/users/get-me.ts';
import { inviteUser } from '../../shared/users/invite-user.ts';
import { listInvites, listUsers } from '../../shared/users/list-team.ts';
import { revokeInvite } from '../../shared/users/revoke-invite.ts';
import { updateProfile } from '../../shared/users/update-profile.ts';
import { updateUser } from '../../shared/users/update-user.ts';
import {
  ZCreateInviteRequest,
  ZInvite,
  ZMeResponse,
  ZUpdateProfileRequest,
  ZUpdateUserRequest,
  ZUser,
} from '../../shared/users/user.schemas.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

export const definition = defineFunction('users', [
  defineRoute({
    method: 'GET',
    path: '/api/users/me',
    summary: 'The signed-in person, their organisation, and whether their token claims must be refreshed',
    access: 'signed-in',
    response: ZMeResponse,
    handler: ({ system, identity }) => getMe(system, identity),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/users/me',
    summary: 'Update your own profile',
    access: ALL_ROLES,
    body: ZUpdateProfileRequest,
    response: ZUser,
    handler: ({ ctx, body }) => updateProfile(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/invites',
    summary: 'Pending invites',
    access: ['admin'],
    response: z.object({ items: z.array(ZInvite) }),
    handler: ({ ctx }) => listInvites(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/users/invites',
    summary: 'Invite someone by email with a role',
    access: ['admin'],
    body: ZCreateInviteRequest,
    response: ZInvite,
    status: 201,
    handler: ({ ctx, body }) => inviteUser(ctx, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/invites/:id',
    summary: 'Revoke a pending invite',
    access: ['admin'],
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await revokeInvite(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users',
    summary: 'Members of the organisation',
    access: ['admin'],
    query: ZPageQuery,
    response: ZPage(ZUser),
    handler: ({ ctx, query }) => listUsers(ctx, query),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/users/:id',
    summary: "Change a member's role, or deactivate / reactivate them",
    access: ['admin'],
    params: z.strictObject({ id: z.string().min(1).max(128) }),
    body: ZUpdateUserRequest,
    response: ZUser,
    handler: ({ ctx, params, body }) => updateUser(ctx, params.id, body),
  }),
]);

export const handler = definition.createHandler(processPlatform);
