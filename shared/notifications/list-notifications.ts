import type { TServiceContext } from '../context/service-context.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TNotification, TListNotificationsQuery } from './notification.schemas.ts';
import type { TNotificationRecord } from './notification-record.ts';

/** The caller's own notifications, newest first, with the unread count for the badge. */
export async function listNotifications(ctx: TServiceContext, query: TListNotificationsQuery): Promise<{ items: TNotification[]; unread: number; nextCursor: string | null }> {
  const notifications = ctx.db.collection<TNotificationRecord>('notifications');
  const mine = { user_id: ctx.principal.uid };
  const [page, unread] = await Promise.all([
    findPage(notifications, query.unread ? { ...mine, read: false } : mine, { sortField: 'created_at', direction: -1, limit: query.limit, cursor: query.cursor }),
    notifications.countDocuments({ ...mine, read: false }),
  ]);
  return { items: page.items.map(toNotification), unread, nextCursor: page.nextCursor };
}

export const toNotification = (record: TNotificationRecord): TNotification => ({
  id: record._id,
  kind: record.kind,
  title: record.title,
  body: record.body,
  href: record.href,
  read: record.read,
  created_at: record.created_at.toISOString(),
});
