import { z } from 'zod';
import { ZPageQuery } from '../schemas/common.ts';
import { ACTIVITY_TYPES, type TActivityRecord } from './activity-record.ts';

/** One timeline entry as the API returns it (newest first). */
export const ZTimelineEntry = z.object({
  id: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  actor: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

export const ZTimelineQuery = ZPageQuery.extend({ type: z.enum(ACTIVITY_TYPES).optional() }).strict();
export type TTimelineQuery = z.infer<typeof ZTimelineQuery>;

export const toTimelineEntry = (record: TActivityRecord): TTimelineEntry => ({
  id: record._id,
  type: record.type,
  actor: record.actor,
  summary: record.summary,
  data: record.data,
  at: record.at.toISOString(),
});
