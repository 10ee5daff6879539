import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TTimelineEntry } from './lead.schemas.ts';

/** A stored activity as the timeline shows it; `actorName` comes from the team (or names the system actor). */
export function toTimelineEntry(record: TActivityRecord, actorName: string): TTimelineEntry {
  return { id: record._id, type: record.type, actor: record.actor, actor_name: actorName, summary: record.summary, data: record.data, at: record.at.toISOString() };
}

/** Display names of actors that are not people. */
export function systemActorName(actor: string): string | undefined {
  if (actor === 'system') return 'DealCycle';
  if (actor === 'ai') return 'AI assistant';
  if (actor === 'twilio') return 'Phone system';
  if (actor.startsWith('workflow:')) return 'Automation';
  return undefined;
}
