import type { TServiceContext } from '../context/service-context.ts';
import { defaultCommunicationSettings, type TCommunicationSettingsRecord } from './communication-settings-record.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import type { TCommunicationSettings, TUpdateCommunicationSettingsRequest } from './settings.schemas.ts';

export async function getCommunicationSettings(ctx: TServiceContext): Promise<TCommunicationSettings> {
  return toSettings(await loadCommunicationSettings(ctx));
}

/** Admins change quiet hours, call recording, keyword replies, the HELP text and voicemail. */
export async function updateCommunicationSettings(ctx: TServiceContext, input: TUpdateCommunicationSettingsRequest): Promise<TCommunicationSettings> {
  const now = ctx.ports.clock.now();
  const defaults = defaultCommunicationSettings(ctx.tenant._id, now);
  const set = { ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), updated_by: ctx.principal.uid, updated_at: now };
  const setOnInsert = Object.fromEntries(Object.entries(defaults).filter(([field]) => !(field in set) && field !== '_id' && field !== 'tenant_id'));
  await ctx.db.collection<TCommunicationSettingsRecord>('communication_settings').updateOne({ _id: ctx.tenant._id }, { $set: set, $setOnInsert: setOnInsert }, { upsert: true });
  return getCommunicationSettings(ctx);
}

const toSettings = (record: TCommunicationSettingsRecord): TCommunicationSettings => ({
  quiet_hours: record.quiet_hours,
  record_calls: record.record_calls,
  keyword_replies: record.keyword_replies,
  help_reply: record.help_reply,
  voicemail_greeting: record.voicemail_greeting,
  ring_seconds: record.ring_seconds,
});
