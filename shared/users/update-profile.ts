import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TUpdateProfileRequest, TUser } from './user.schemas.ts';
import { toUser, type TUserRecord } from './user-record.ts';

/** Everyone edits their own name, phone (click-to-call rings it) and weekly report subscription. */
export async function updateProfile(ctx: TServiceContext, input: TUpdateProfileRequest): Promise<TUser> {
  const updated = await ctx.db
    .collection<TUserRecord>('users')
    .findOneAndUpdate({ _id: ctx.principal.uid }, { $set: { ...input, updated_at: ctx.ports.clock.now() } }, { returnDocument: 'after' });
  if (!updated) throw notFound('User');
  return toUser(updated);
}
