import type { TActivityRecord } from '../activities/activity-record.ts';
import { listTimeline, ownTimelineEntry } from '../activities/list-timeline.ts';
import { recordActivity } from '../activities/record-activity.ts';
import type { TTimelineEntry } from '../leads/lead.schemas.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findVisibleDeal } from './find-visible-deal.ts';

/** A deal's timeline: creation, figure changes, status moves, notes; newest first. */
export async function getDealTimeline(ctx: TServiceContext, dealId: string, query: { cursor?: string | undefined; limit: number; type?: TActivityRecord['type'][] | undefined }): Promise<TPage<TTimelineEntry>> {
  const deal = await findVisibleDeal(ctx, dealId);
  return listTimeline(ctx, { kind: 'deal', id: deal._id }, query);
}

/** Adds a note to a deal's timeline. */
export async function addDealNote(ctx: TServiceContext, dealId: string, body: string): Promise<TTimelineEntry> {
  const deal = await findVisibleDeal(ctx, dealId);
  const summary = body.length > 140 ? `${body.slice(0, 139)}…` : body;
  return ownTimelineEntry(ctx, await recordActivity(ctx, { subject: { kind: 'deal', id: deal._id }, type: 'note', summary, data: { body } }));
}
