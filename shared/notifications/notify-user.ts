import { createHash } from 'node:crypto';
import type { TServiceContext } from '../context/service-context.ts';
import { newId } from '../ids.ts';
import { isDuplicateKeyError } from '../ports/document-store.ts';
import type { TNotificationRecord } from './notification-record.ts';

/** The id a deduplicated notification gets (callers that act before raising it check it first). */
export const dedupedNotificationId = (tenantId: string, dedupeKey: string): string => `ntf_${createHash('sha256').update(`${tenantId}\n${dedupeKey}`).digest('hex').slice(0, 32)}`;

/**
 * Raises an in-app notification (the portal's bell) for one member of the tenant. With a
 * `dedupeKey` (e.g. `follow-up-overdue:<id>:<due>`) the notification's id derives from it, so a
 * job that runs again raises it once; resolves false when it already existed.
 */
export async function notifyUser(
  ctx: TServiceContext,
  notification: Pick<TNotificationRecord, 'user_id' | 'kind' | 'title' | 'body' | 'href'>,
  options: { dedupeKey?: string } = {},
): Promise<boolean> {
  const now = ctx.ports.clock.now();
  const id = options.dedupeKey ? dedupedNotificationId(ctx.tenant._id, options.dedupeKey) : newId('ntf', now);
  try {
    await ctx.db.collection<TNotificationRecord>('notifications').insertOne({
      _id: id,
      tenant_id: ctx.tenant._id,
      ...notification,
      read: false,
      created_at: now,
    });
  } catch (error) {
    if (options.dedupeKey && isDuplicateKeyError(error)) return false;
    throw error;
  }
  return true;
}
