import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { listNotifications } from '../../shared/notifications/list-notifications.ts';
import { markNotificationsRead } from '../../shared/notifications/mark-notifications-read.ts';
import {
  ZListNotificationsQuery,
  ZMarkNotificationsReadRequest,
  ZMarkNotificationsReadResult,
  ZNotificationList,
} from '../../shared/notifications/notification.schemas.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

/** The notification bell: each member reads and clears only their own notifications. */
export const definition = defineFunction('notifications', [
  defineRoute({
    method: 'GET',
    path: '/api/notifications',
    summary: 'Your notifications, newest first, with the unread count',
    access: ALL_ROLES,
    query: ZListNotificationsQuery,
    response: ZNotificationList,
    handler: ({ ctx, query }) => listNotifications(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/notifications/read',
    summary: 'Mark your notifications read (the ids given, or all)',
    access: ALL_ROLES,
    body: ZMarkNotificationsReadRequest.optional(),
    response: ZMarkNotificationsReadResult,
    handler: ({ ctx, body }) => markNotificationsRead(ctx, body ?? {}),
  }),
]);

export const handler = definition.createHandler(processPlatform);
