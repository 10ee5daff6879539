import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TTimelineEntry } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toTimelineEntry } from './to-timeline-entry.ts';

/** The lead's `notes` stay within what the edit form accepts; the oldest lines give way. */
const MAX_NOTES = 10_000;

/**
 * A note on the lead's timeline. It is also appended (dated, signed) to the lead's `notes`,
 * the free text the AI reads with the lead, so what people learn on calls reaches it.
 */
export async function addLeadNote(ctx: TServiceContext, leadId: string, input: { body: string }): Promise<TTimelineEntry> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  const now = ctx.ports.clock.now();
  const line = `[${now.toISOString().slice(0, 10)} ${ctx.principal.name}] ${input.body}`;
  const notes = appendNote(lead.notes, line);
  const updated = await ctx.db.collection<TLeadRecord>('leads').findOneAndUpdate({ _id: lead._id }, { $set: { notes, updated_at: now } }, { returnDocument: 'after' });
  if (!updated) throw notFound('Lead');
  const entry = await recordActivity(ctx, { subject: { kind: 'lead', id: lead._id }, type: 'note', summary: firstLine(input.body), data: { body: input.body }, at: now });
  // The notes changed: AI auto-tagging (and any other `lead_updated` consumer) reads them again.
  await ctx.events.publish({ type: 'lead_updated', actor: ctx.principal.uid, subject: { kind: 'lead', id: lead._id }, data: { fields: ['notes'], assigned_to: updated.assigned_to } });
  return toTimelineEntry(entry, ctx.principal.name);
}

function appendNote(notes: string, line: string): string {
  const joined = notes ? `${notes}\n\n${line}` : line;
  if (joined.length <= MAX_NOTES) return joined;
  const tail = joined.slice(joined.length - MAX_NOTES);
  const paragraph = tail.indexOf('\n\n');
  return paragraph >= 0 && paragraph < tail.length - line.length ? tail.slice(paragraph + 2) : tail;
}

const firstLine = (body: string) => {
  const line = body.split('\n')[0] ?? '';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
};
