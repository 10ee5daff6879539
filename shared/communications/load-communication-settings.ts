import type { TServiceContext } from '../context/service-context.ts';
import { defaultCommunicationSettings, type TCommunicationSettingsRecord } from './communication-settings-record.ts';

/** The organisation's messaging settings, or the defaults when it never saved any. */
export async function loadCommunicationSettings(ctx: TServiceContext): Promise<TCommunicationSettingsRecord> {
  const stored = await ctx.db.collection<TCommunicationSettingsRecord>('communication_settings').findOne({ _id: ctx.tenant._id });
  return { ...defaultCommunicationSettings(ctx.tenant._id, ctx.ports.clock.now()), ...stored };
}
