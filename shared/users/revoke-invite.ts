import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TInviteRecord } from './user-record.ts';

export async function revokeInvite(ctx: TServiceContext, inviteId: string): Promise<void> {
  const result = await ctx.db.collection<TInviteRecord>('invites').updateOne({ _id: inviteId, status: 'pending' }, { $set: { status: 'revoked' } });
  if (result.matchedCount === 0) throw notFound('Pending invite');
}
