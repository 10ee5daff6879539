import type { TServiceContext } from '../context/service-context.ts';
import { newId } from '../ids.ts';
import type { TNotificationRecord } from './notification-record.ts';

/** Raises an in-app notification (the portal's bell) for one member of the tenant. */
export async function notifyUser(ctx: TServiceContext, notification: Pick<TNotificationRecord, 'user_id' | 'kind' | 'title' | 'body' | 'href'>): Promise<void> {
  const now = ctx.ports.clock.now();
  await ctx.db.collection<TNotificationRecord>('notifications').insertOne({
    _id: newId('ntf', now),
    tenant_id: ctx.tenant._id,
    ...notification,
    read: false,
    created_at: now,
  });
}
