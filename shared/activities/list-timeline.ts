import type { TServiceContext } from '../context/service-context.ts';
import type { TTimelineEntry } from '../leads/lead.schemas.ts';
import { systemActorName, toTimelineEntry } from '../leads/to-timeline-entry.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TUserRecord } from '../users/user-record.ts';
import type { TActivityRecord } from './activity-record.ts';

/**
 * A deal's or buyer's timeline, newest first, in the same shape as a lead's (actor names
 * included). The caller checks that the subject exists and is visible to the principal.
 */
export async function listTimeline(
  ctx: TServiceContext,
  subject: TActivityRecord['subject'],
  query: { cursor?: string | undefined; limit: number; type?: TActivityRecord['type'][] | undefined },
): Promise<TPage<TTimelineEntry>> {
  const filter = { 'subject.id': subject.id, 'subject.kind': subject.kind, ...(query.type?.length ? { type: { $in: query.type } } : {}) };
  const page = await findPage(ctx.db.collection<TActivityRecord>('activities'), filter, { sortField: 'at', direction: -1, limit: query.limit, cursor: query.cursor });
  const actors = [...new Set(page.items.map((item) => item.actor))].filter((actor) => !systemActorName(actor));
  const users = actors.length > 0 ? await ctx.db.collection<TUserRecord>('users').find({ _id: { $in: actors } }, { projection: { _id: 1, name: 1 } }).toArray() : [];
  const names = new Map(users.map((user) => [user._id, user.name]));
  return {
    items: page.items.map((item) => toTimelineEntry(item, systemActorName(item.actor) ?? names.get(item.actor) ?? 'Former member')),
    nextCursor: page.nextCursor,
  };
}

/** A timeline entry the caller just wrote, named after them. */
export const ownTimelineEntry = (ctx: TServiceContext, record: TActivityRecord): TTimelineEntry => toTimelineEntry(record, ctx.principal.name);
