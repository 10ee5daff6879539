import { z } from 'zod';
import { ZId, ZPageQuery, queryBoolean } from '../schemas/common.ts';

export const NOTIFICATION_KINDS = ['follow_up_overdue', 'lead_assigned', 'message_received', 'workflow', 'report', 'system'] as const;

export const ZListNotificationsQuery = ZPageQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Only unread ones. */
  unread: queryBoolean,
}).strict();
export type TListNotificationsQuery = z.infer<typeof ZListNotificationsQuery>;

export const ZNotification = z.object({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** Portal path to open, or null. */
  href: z.string().nullable(),
  read: z.boolean(),
  created_at: z.string(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** The bell: the caller's notifications, newest first, and how many are unread in all. */
export const ZNotificationList = z.object({ items: z.array(ZNotification), unread: z.number(), nextCursor: z.string().nullable() });

/** Marks the caller's notifications read: these ids, or all of them when `ids` is absent. */
export const ZMarkNotificationsReadRequest = z.strictObject({ ids: z.array(ZId).min(1).max(500).optional() });

export const ZMarkNotificationsReadResult = z.object({ updated: z.number(), unread: z.number() });
