import type { TServiceContext } from '../context/service-context.ts';
import type { TNotificationRecord } from './notification-record.ts';

/** Marks the caller's notifications read (the given ids, or all); another person's ids are simply not theirs. */
export async function markNotificationsRead(ctx: TServiceContext, input: { ids?: string[] | undefined }): Promise<{ updated: number; unread: number }> {
  const notifications = ctx.db.collection<TNotificationRecord>('notifications');
  const mine = { user_id: ctx.principal.uid };
  const { modifiedCount } = await notifications.updateMany({ ...mine, read: false, ...(input.ids ? { _id: { $in: input.ids } } : {}) }, { $set: { read: true } });
  return { updated: modifiedCount, unread: await notifications.countDocuments({ ...mine, read: false }) };
}
