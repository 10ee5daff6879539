import type { TServiceContext } from '../context/service-context.ts';
import { newId } from '../ids.ts';
import type { TActivityRecord } from './activity-record.ts';

/** Appends one entry to a lead's, deal's or buyer's timeline, as the caller (or `actor`); resolves with the stored entry. */
export async function recordActivity(
  ctx: TServiceContext,
  entry: Pick<TActivityRecord, 'subject' | 'type' | 'summary'> & { data?: Record<string, unknown>; actor?: string; at?: Date },
): Promise<TActivityRecord> {
  const at = entry.at ?? ctx.ports.clock.now();
  const record: TActivityRecord = {
    _id: newId('act', at),
    tenant_id: ctx.tenant._id,
    subject: entry.subject,
    type: entry.type,
    actor: entry.actor ?? ctx.principal.uid,
    summary: entry.summary,
    data: entry.data ?? {},
    at,
  };
  await ctx.db.collection<TActivityRecord>('activities').insertOne(record);
  return record;
}
