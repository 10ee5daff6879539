import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TInvite, TUser } from './user.schemas.ts';
import { toInvite, toUser, type TInviteRecord, type TUserRecord } from './user-record.ts';

export async function listUsers(ctx: TServiceContext, page: { limit: number; cursor?: string | undefined }): Promise<TPage<TUser>> {
  const result = await findPage(ctx.db.collection<TUserRecord>('users'), {}, { sortField: 'created_at', direction: 1, ...page });
  return { items: result.items.map(toUser), nextCursor: result.nextCursor };
}

export async function listInvites(ctx: TServiceContext): Promise<{ items: TInvite[] }> {
  const records = await ctx.db.collection<TInviteRecord>('invites').find({ status: 'pending' }, { sort: { created_at: -1 }, limit: 500 }).toArray();
  return { items: records.map(toInvite) };
}
