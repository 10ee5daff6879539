import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import type { TActivityRecord } from './activity-record.ts';
import { toTimelineEntry, type TTimelineEntry, type TTimelineQuery } from './timeline.schemas.ts';

/**
 * A record's timeline, newest first. The caller checks that the subject exists and is
 * visible to the principal; this only reads `activities` (index: tenant, subject, at).
 */
export async function listTimeline(ctx: TServiceContext, subject: TActivityRecord['subject'], query: TTimelineQuery): Promise<TPage<TTimelineEntry>> {
  const filter: Record<string, unknown> = { 'subject.kind': subject.kind, 'subject.id': subject.id };
  if (query.type) filter.type = query.type;
  const page = await findPage(ctx.db.collection<TActivityRecord>('activities'), filter, { sortField: 'at', direction: -1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(toTimelineEntry), nextCursor: page.nextCursor };
}
