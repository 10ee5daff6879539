import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { findVisibleLead } from './lead-access.ts';
import type { TTimelineEntry } from './lead.schemas.ts';
import { systemActorName, toTimelineEntry } from './to-timeline-entry.ts';

/**
 * A lead's timeline, newest first: status changes, notes, follow-ups, appointments, offers,
 * messages and calls, AI results — whatever capability wrote them through `recordActivity`.
 * Optionally only some types (`?type=note,communication`).
 */
export async function listLeadTimeline(
  ctx: TServiceContext,
  leadId: string,
  query: { cursor?: string | undefined; limit: number; type?: TActivityRecord['type'][] | undefined },
): Promise<TPage<TTimelineEntry>> {
  await findVisibleLead(ctx, leadId);
  const filter = { 'subject.id': leadId, ...(query.type?.length ? { type: { $in: query.type } } : {}) };
  const page = await findPage(ctx.db.collection<TActivityRecord>('activities'), filter, { sortField: 'at', direction: -1, limit: query.limit, cursor: query.cursor });
  const actors = [...new Set(page.items.map((item) => item.actor))].filter((actor) => !systemActorName(actor));
  const users = actors.length > 0 ? await ctx.db.collection<TUserRecord>('users').find({ _id: { $in: actors } }).toArray() : [];
  const names = new Map(users.map((user) => [user._id, user.name]));
  return {
    items: page.items.map((item) => toTimelineEntry(item, systemActorName(item.actor) ?? names.get(item.actor) ?? 'Former member')),
    nextCursor: page.nextCursor,
  };
}
