import { z } from 'zod';
import { conversationId, type TConversationRecord } from '../communications/conversation-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { invalid } from '../errors/app-error.ts';
import type { TFollowUpRecord } from '../follow-ups/follow-up-record.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TFilter } from '../ports/document-store.ts';
import { ZId } from '../schemas/common.ts';
import { TAG_RULES } from './rules/motivation-tags.ts';
import { qualifyRules } from './qualify-lead.ts';

/**
 * "Who to call next": a rep's open leads (their own and unassigned) ranked by a transparent
 * score, each with the reasons. Recomputed on every read from the leads, their due follow-ups
 * and unread texts — so it changes as soon as a call or text is logged (`last_contacted`,
 * unread counts) — in a few indexed reads (see tests/bench/ai-call-queue.bench.ts).
 */
export const ZCallQueueQuery = z.strictObject({
  /** Admins: another member's queue (`unassigned` for nobody's leads). Reps always get their own. */
  assigned_to: z.union([ZId, z.literal('unassigned')]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type TCallQueueQuery = z.infer<typeof ZCallQueueQuery>;

export const ZCallQueueItem = z.object({
  lead_id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  status: z.string(),
  assigned_to: z.string().nullable(),
  /** Rank score (not the 0–100 qualification score): higher calls first. */
  priority: z.number(),
  lead_score: z.number().nullable(),
  tags: z.array(z.string()),
  /** The main reason, then every contribution with its points. */
  reason: z.string(),
  reasons: z.array(z.object({ detail: z.string(), points: z.number() })),
  last_contacted: z.string().nullable(),
  follow_up_due_at: z.string().nullable(),
});
export const ZCallQueue = z.object({ items: z.array(ZCallQueueItem), generated_at: z.string(), considered: z.number() });
export type TCallQueue = z.infer<typeof ZCallQueue>;

const OPEN_STATUSES = ['new', 'contacted', 'qualified'] as const;
/** Open leads ranked per read; beyond this, the most recently touched are considered. */
const CANDIDATES = 1000;
const HOUR = 3_600_000;
const MOTIVATION_TAGS = new Set(TAG_RULES.map((rule) => rule.tag));

export async function getCallQueue(ctx: TServiceContext, query: TCallQueueQuery): Promise<TCallQueue> {
  const now = ctx.ports.clock.now();
  const filter: TFilter = { status: { $in: [...OPEN_STATUSES] } };
  if (ctx.principal.role === 'acquisition_rep') {
    if (query.assigned_to && query.assigned_to !== ctx.principal.uid) throw invalid('assigned_to', 'Reps see their own call queue', 'query');
    filter.assigned_to = { $in: [ctx.principal.uid, null] };
  } else if (query.assigned_to) filter.assigned_to = query.assigned_to === 'unassigned' ? null : { $in: [query.assigned_to, null] };

  const leads = await ctx.db
    .collection<TLeadRecord>('leads')
    .find(filter, {
      sort: { updated_at: -1, _id: -1 },
      limit: CANDIDATES,
      projection: { full_name: 1, phone: 1, status: 1, assigned_to: 1, tags: 1, notes: 1, lead_score: 1, last_contacted: 1, first_contacted_at: 1, created_at: 1, updated_at: 1 },
    })
    .toArray();
  const ids = leads.map((lead) => lead._id);
  const endOfDay = new Date(now.getTime() + 24 * HOUR);
  const [followUps, conversations] = await Promise.all([
    ctx.db.collection<TFollowUpRecord>('follow_ups').find({ lead_id: { $in: ids }, done: false, due_at: { $lte: endOfDay } }, { projection: { lead_id: 1, due_at: 1 } }).toArray(),
    ctx.db.collection<TConversationRecord>('conversations').find({ _id: { $in: ids.map(conversationId) }, unread_count: { $gt: 0 } }, { projection: { contact_id: 1, unread_count: 1, last_inbound_at: 1 } }).toArray(),
  ]);
  const dueBy = new Map<string, Date>();
  for (const followUp of followUps) {
    if (!followUp.lead_id) continue;
    const known = dueBy.get(followUp.lead_id);
    if (!known || followUp.due_at < known) dueBy.set(followUp.lead_id, followUp.due_at);
  }
  const unread = new Map(conversations.map((conversation) => [conversation.contact_id, conversation.unread_count]));

  const items = leads.map((lead) => rank(lead, now, dueBy.get(lead._id) ?? null, unread.get(lead._id) ?? 0));
  items.sort((a, b) => b.priority - a.priority || a.lead_id.localeCompare(b.lead_id));
  return { items: items.slice(0, query.limit), generated_at: now.toISOString(), considered: leads.length };
}

function rank(lead: TLeadRecord, now: Date, dueAt: Date | null, unreadCount: number): z.infer<typeof ZCallQueueItem> {
  const reasons: { detail: string; points: number }[] = [];
  const add = (points: number, detail: string) => {
    if (points !== 0) reasons.push({ detail, points: Math.round(points) });
  };
  // Qualification: the stored score, else the rules' reading of the notes (a fraction of a millisecond).
  const score = lead.lead_score ?? (lead.notes ? qualifyRules({ notes: lead.notes, texts: [] }).score : null);
  if (score !== null) add(score * 0.4, `Qualification score ${score}${lead.lead_score === null ? ' (from the notes)' : ''}`);
  const motivation = lead.tags.filter((tag) => MOTIVATION_TAGS.has(tag));
  if (motivation.length) add(Math.min(12, 4 * motivation.length), `Motivation: ${motivation.slice(0, 3).join(', ')}`);
  if (unreadCount > 0) add(22, `Texted back — ${unreadCount} unread ${unreadCount === 1 ? 'message' : 'messages'}`);
  if (!lead.first_contacted_at && lead.status === 'new') {
    const hours = (now.getTime() - lead.created_at.getTime()) / HOUR;
    // Speed to lead: the first minutes matter most; a never-contacted lead never drops below 10.
    const points = hours < 1 ? 30 : hours < 24 ? 30 - (hours / 24) * 18 : 10;
    add(points, hours < 1 ? `New lead ${Math.max(1, Math.round(hours * 60))} min ago, not contacted yet` : `Not contacted yet (came in ${describeAge(hours)} ago)`);
  }
  if (dueAt) {
    const overdue = dueAt <= now;
    add(overdue ? 20 : 12, overdue ? `Follow-up overdue since ${dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : `Follow-up due ${dueAt.toISOString().slice(11, 16)} UTC`);
  }
  if (lead.last_contacted) {
    const hours = (now.getTime() - lead.last_contacted.getTime()) / HOUR;
    if (hours < 4 && unreadCount === 0) add(-30, `Contacted ${describeAge(hours)} ago`);
    else if (hours > 7 * 24) add(Math.min(15, 5 + hours / 24 / 7), `No contact for ${Math.floor(hours / 24)} days`);
  }
  const priority = Math.round(reasons.reduce((sum, reason) => sum + reason.points, 0));
  const sorted = [...reasons].sort((a, b) => b.points - a.points);
  return {
    lead_id: lead._id,
    name: lead.full_name,
    phone: lead.phone,
    status: lead.status,
    assigned_to: lead.assigned_to,
    priority,
    lead_score: score,
    tags: lead.tags,
    reason: sorted[0]?.detail ?? 'Open lead',
    reasons: sorted,
    last_contacted: lead.last_contacted?.toISOString() ?? null,
    follow_up_due_at: dueAt?.toISOString() ?? null,
  };
}

const describeAge = (hours: number) => (hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : hours < 48 ? `${Math.round(hours)} h` : `${Math.round(hours / 24)} days`);
