import { listTimeline } from '../activities/list-timeline.ts';
import type { TTimelineEntry } from '../leads/lead.schemas.ts';
import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TPage } from '../schemas/common.ts';
import type { TBuyerRecord } from './buyer-record.ts';

/** A buyer's activity: created, edits, notes, deals assigned and closed, newest first. */
export async function getBuyerTimeline(ctx: TServiceContext, buyerId: string, query: { cursor?: string | undefined; limit: number; type?: TActivityRecord['type'][] | undefined }): Promise<TPage<TTimelineEntry>> {
  if (!(await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: buyerId }, { projection: { _id: 1 } }))) throw notFound('Buyer');
  return listTimeline(ctx, { kind: 'buyer', id: buyerId }, query);
}
