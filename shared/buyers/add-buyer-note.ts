import { recordActivity } from '../activities/record-activity.ts';
import { ownTimelineEntry } from '../activities/list-timeline.ts';
import type { TTimelineEntry } from '../leads/lead.schemas.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TBuyerRecord } from './buyer-record.ts';

/** Adds a note to a buyer's timeline and returns the entry. */
export async function addBuyerNote(ctx: TServiceContext, buyerId: string, body: string): Promise<TTimelineEntry> {
  if (!(await ctx.db.collection<TBuyerRecord>('buyers').findOne({ _id: buyerId }, { projection: { _id: 1 } }))) throw notFound('Buyer');
  const summary = body.length > 140 ? `${body.slice(0, 139)}…` : body;
  return ownTimelineEntry(ctx, await recordActivity(ctx, { subject: { kind: 'buyer', id: buyerId }, type: 'note', summary, data: { body } }));
}
