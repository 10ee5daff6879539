import type { TServiceContext } from '../context/service-context.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { LEAD_ASSIGNEE_ROLES } from './lead-access.ts';
import type { z } from 'zod';
import type { ZAssignee } from './lead.schemas.ts';

/** Active members leads can be assigned to, by name: the assignee picker and the names shown for `assigned_to`. */
export async function listAssignees(ctx: TServiceContext): Promise<{ items: z.infer<typeof ZAssignee>[] }> {
  const users = await ctx.db
    .collection<TUserRecord>('users')
    .find({ status: 'active', role: { $in: [...LEAD_ASSIGNEE_ROLES] } }, { sort: { name: 1 }, limit: 500 })
    .toArray();
  return { items: users.map((user) => ({ id: user._id, name: user.name, role: user.role as 'admin' | 'acquisition_rep' })) };
}
