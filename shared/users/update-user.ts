import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { TUpdateUserRequest, TUser } from './user.schemas.ts';
import { toUser, type TUserRecord } from './user-record.ts';

/**
 * Admins change a member's role or (de)activate them. Deactivation disables sign-in and
 * revokes refresh tokens; the pipeline refuses the member's requests from the next one on.
 * An organisation always keeps at least one active admin.
 */
export async function updateUser(ctx: TServiceContext, userId: string, input: TUpdateUserRequest): Promise<TUser> {
  const users = ctx.db.collection<TUserRecord>('users');
  const current = await users.findOne({ _id: userId });
  if (!current) throw notFound('User');
  const losesAdmin = current.role === 'admin' && current.status === 'active' && ((input.role && input.role !== 'admin') || input.status === 'deactivated');
  if (losesAdmin && (await users.countDocuments({ role: 'admin', status: 'active' })) <= 1) {
    throw new AppError('conflict', 'An organisation needs at least one active admin; make someone else admin first');
  }
  if (userId === ctx.principal.uid && input.status === 'deactivated') throw new AppError('conflict', 'You cannot deactivate yourself');

  const set: Partial<TUserRecord> = { updated_at: ctx.ports.clock.now() };
  if (input.role) set.role = input.role;
  if (input.status) set.status = input.status;
  const updated = await users.findOneAndUpdate({ _id: userId }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('User');

  const identity = await ctx.ports.identity();
  if (input.status && input.status !== current.status) await identity.setDisabled(userId, input.status === 'deactivated');
  if (updated.status === 'active' && updated.role !== current.role) {
    await identity.setMembershipClaims(userId, { tenant_id: updated.tenant_id, role: updated.role });
  }
  return toUser(updated);
}
