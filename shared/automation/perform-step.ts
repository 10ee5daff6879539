import { trackFollowUpLevels } from '../analytics/levels/track-levels.ts';
import { createDealBlast } from '../communications/create-deal-blast.ts';
import { sendMessage } from '../communications/send-message.ts';
import { timeZoneForUsLocation } from '../communications/us-time-zones.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import type { TFollowUpRecord } from '../follow-ups/follow-up-record.ts';
import { changeLeadStatus } from '../leads/change-lead-status.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TNotificationRecord } from '../notifications/notification-record.ts';
import { dedupedNotificationId, notifyUser } from '../notifications/notify-user.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { recordActivity } from '../activities/record-activity.ts';
import { nextBusinessHours } from './business-hours.ts';
import { workflows } from './execution-store.ts';
import type { TExecutionRecord } from './workflow-record.ts';
import type { TAction, TAudience, TDelayStep, TNotificationStep } from './workflow.schemas.ts';

/** What a step did: `skipped` when there was nothing to do (no lead, no assignee, the contact opted out). */
export interface TStepResult {
  outcome: 'succeeded' | 'skipped';
  detail: string;
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** When a delay step's wait ends. */
export function delayUntil(step: TDelayStep, now: Date, lead: TLeadRecord | null, tenantTimeZone: string): { at: Date; detail: string } {
  if (step.delay.mode === 'duration') {
    const { amount, unit } = step.delay;
    return { at: new Date(now.getTime() + amount * UNIT_MS[unit]), detail: `Waited ${amount} ${amount === 1 ? unit.slice(0, -1) : unit}` };
  }
  const zone = timeZoneForUsLocation(lead?.address?.state, lead?.address?.zip) ?? tenantTimeZone;
  return { at: nextBusinessHours(now, zone), detail: `Waited for business hours (${zone})` };
}

/** Compliance refusals are outcomes, not failures: the send is skipped with the reason, and the workflow goes on. */
const complianceSkip = (error: unknown): TStepResult | null =>
  error instanceof AppError && error.code === 'forbidden' && (error.extensions.reason === 'opted_out' || error.extensions.reason === 'do_not_contact')
    ? { outcome: 'skipped', detail: error.message }
    : null;

/** The idempotency key of a step's send: a retry after a crash between provider and record returns the first message. */
export const sendKey = (execution: Pick<TExecutionRecord, '_id'>, seq: number, suffix = ''): string => `wf:${execution._id}:${seq}${suffix}`;

/** Runs one action for the execution's lead. Throws to retry (an outage) or to fail (AppError `invalid`/`not_found`). */
export async function performAction(ctx: TServiceContext, action: TAction, execution: TExecutionRecord, seq: number, lead: TLeadRecord | null): Promise<TStepResult> {
  if (action.kind === 'deal_blast') {
    if (!execution.deal_id) return { outcome: 'skipped', detail: 'No deal to blast (the trigger is not a deal event)' };
    try {
      const blast = await createDealBlast(ctx, {
        deal_id: execution.deal_id,
        ...(action.channels.includes('sms') ? { sms: {} } : {}),
        ...(action.channels.includes('email') ? { email: {} } : {}),
        min_score: action.min_score,
        limit: action.limit,
        allow_repeat: false,
      });
      return { outcome: 'succeeded', detail: `Blasted ${blast.deal_title} to ${blast.recipients.length} buyers` };
    } catch (error) {
      // A blast of this deal in the last minutes (a retry, or a person was quicker) is not sent twice.
      if (error instanceof AppError && error.code === 'conflict') return { outcome: 'skipped', detail: error.message };
      throw error;
    }
  }
  if (!lead) return { outcome: 'skipped', detail: 'No lead to act on' };
  switch (action.kind) {
    case 'send_sms':
    case 'send_email': {
      const channel = action.kind === 'send_sms' ? 'sms' : 'email';
      try {
        const sent = await sendMessage(ctx, {
          channel,
          to: { lead_id: lead._id },
          body: action.body,
          ...(action.kind === 'send_email' ? { subject: action.subject } : {}),
          automated: true,
          idempotency_key: sendKey(execution, seq),
        });
        if (sent.status === 'failed') throw new AppError('invalid', `The provider refused the ${channel === 'sms' ? 'text' : 'email'}: ${sent.error ?? 'no reason given'}`);
        const when = sent.status === 'scheduled' && sent.scheduled_for ? ` (scheduled for ${sent.scheduled_for.toISOString()}: quiet hours)` : '';
        return { outcome: 'succeeded', detail: `${channel === 'sms' ? 'Texted' : 'Emailed'} ${sent.to}${when}` };
      } catch (error) {
        const skip = complianceSkip(error);
        if (skip) return skip;
        throw error;
      }
    }
    case 'assign_lead': {
      const userId = await pickAssignee(ctx, action, execution.workflow_id);
      if (!userId) return { outcome: 'skipped', detail: 'Nobody to assign the lead to' };
      const now = ctx.ports.clock.now();
      await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $set: { assigned_to: userId, updated_at: now } });
      await ctx.events.publish({ type: 'lead_updated', actor: ctx.principal.uid, subject: { kind: 'lead', id: lead._id }, data: { fields: ['assigned_to'], assigned_to: userId } });
      await notifyUser(ctx, { user_id: userId, kind: 'lead_assigned', title: `New lead: ${lead.full_name}`, body: 'Assigned by a workflow', href: `/leads/detail?id=${lead._id}` }, { dedupeKey: sendKey(execution, seq, ':assigned') });
      return { outcome: 'succeeded', detail: `Assigned to ${userId}` };
    }
    case 'update_status': {
      if (lead.status === action.status) return { outcome: 'skipped', detail: `Already ${action.status}` };
      try {
        await changeLeadStatus(ctx, lead._id, { status: action.status, reason: 'Workflow' });
      } catch (error) {
        // A move the pipeline does not allow (e.g. from closed) is not worth retrying.
        if (error instanceof AppError && (error.code === 'invalid' || error.code === 'conflict' || error.code === 'forbidden')) return { outcome: 'skipped', detail: error.message };
        throw error;
      }
      return { outcome: 'succeeded', detail: `Status → ${action.status}` };
    }
    case 'add_tag': {
      const now = ctx.ports.clock.now();
      await ctx.db.collection<TLeadRecord>('leads').updateOne({ _id: lead._id }, { $addToSet: { tags: action.tag }, $set: { updated_at: now } });
      return { outcome: 'succeeded', detail: `Tagged ${action.tag}` };
    }
    case 'create_follow_up': {
      if (!lead.assigned_to) return { outcome: 'skipped', detail: 'The lead has no assignee for the follow-up' };
      const now = ctx.ports.clock.now();
      const dueAt = new Date(now.getTime() + action.due_in.amount * UNIT_MS[action.due_in.unit]);
      const record: TFollowUpRecord = {
        // Derived from the step: a retried step creates it once.
        _id: `fu_${execution._id.slice(3)}_${seq}`,
        tenant_id: ctx.tenant._id,
        title: action.title,
        due_at: dueAt,
        assigned_to: lead.assigned_to,
        lead_id: lead._id,
        deal_id: null,
        done: false,
        done_at: null,
        notes: '',
        overdue_notified_at: null,
        created_by: ctx.principal.uid,
        created_at: now,
        updated_at: now,
      };
      const existing = await ctx.db.collection<TFollowUpRecord>('follow_ups').findOne({ _id: record._id });
      if (!existing) {
        await ctx.db.collection<TFollowUpRecord>('follow_ups').insertOne(record);
        await trackFollowUpLevels(ctx, [], [record]);
        await recordActivity(ctx, { subject: { kind: 'lead', id: lead._id }, type: 'follow_up', summary: `Follow-up: ${action.title}`, data: { follow_up_id: record._id }, at: now });
      }
      return { outcome: 'succeeded', detail: `Follow-up for ${lead.assigned_to} due ${dueAt.toISOString()}` };
    }
    case 'notify': {
      if (!lead.assigned_to) return { outcome: 'skipped', detail: 'The lead has no assignee to notify' };
      await notifyUser(ctx, { user_id: lead.assigned_to, kind: 'workflow', title: action.title, body: action.body, href: `/leads/detail?id=${lead._id}` }, { dedupeKey: sendKey(execution, seq) });
      return { outcome: 'succeeded', detail: `Notified ${lead.assigned_to}` };
    }
  }
}

async function pickAssignee(ctx: TServiceContext, action: Extract<TAction, { kind: 'assign_lead' }>, workflowId: string): Promise<string | null> {
  if (action.to.mode === 'user') return action.to.user_id;
  const filter = action.to.user_ids.length > 0 ? { _id: { $in: action.to.user_ids }, status: 'active' } : { role: action.to.role, status: 'active' };
  const members = await ctx.db.collection<TUserRecord>('users').find(filter, { sort: { _id: 1 }, projection: { _id: 1 } }).toArray();
  if (members.length === 0) return null;
  const turn = await workflows(ctx.db).findOneAndUpdate({ _id: workflowId }, { $inc: { round_robin: 1 } }, { returnDocument: 'before' });
  return (members[(turn?.round_robin ?? 0) % members.length] as TUserRecord)._id;
}

/** The members an audience names (active ones). */
async function audienceMembers(ctx: TServiceContext, audience: TAudience, lead: TLeadRecord | null): Promise<TUserRecord[]> {
  const users = ctx.db.collection<TUserRecord>('users');
  if (audience.kind === 'role') return users.find({ role: audience.role, status: 'active' }, { limit: 50 }).toArray();
  const userId = audience.kind === 'user' ? audience.user_id : lead?.assigned_to;
  if (!userId) return [];
  const user = await users.findOne({ _id: userId, status: 'active' });
  return user ? [user] : [];
}

/** A notification step: in-app, email or text to users (by id, role, or the lead's assignee). */
export async function performNotification(ctx: TServiceContext, step: TNotificationStep, execution: TExecutionRecord, seq: number, lead: TLeadRecord | null): Promise<TStepResult> {
  const members = await audienceMembers(ctx, step.to, lead);
  if (members.length === 0) return { outcome: 'skipped', detail: 'Nobody to notify' };
  const about = lead ? ` — ${lead.full_name}` : '';
  const href = lead ? `/leads/detail?id=${lead._id}` : null;
  let reached = 0;
  for (const member of members) {
    const key = sendKey(execution, seq, `:${member._id}`);
    if (step.channel === 'in_app') {
      await notifyUser(ctx, { user_id: member._id, kind: 'workflow', title: `${step.title}${about}`, body: step.body, href }, { dedupeKey: key });
      reached += 1;
    } else if (step.channel === 'email') {
      // The email port has no idempotency: the in-app notification, raised after the email went
      // out, marks it sent, so a retry after a failed send sends it (a crash in between could
      // send it twice; a failed send is the common case).
      const sent = await ctx.db.collection<TNotificationRecord>('notifications').findOne({ _id: dedupedNotificationId(ctx.tenant._id, key) });
      if (!sent) {
        await (await ctx.ports.email()).send({ to: member.email, subject: `${step.title}${about}`, text: `${step.body}\n` });
        await notifyUser(ctx, { user_id: member._id, kind: 'workflow', title: `${step.title}${about}`, body: step.body, href }, { dedupeKey: key });
      }
      reached += 1;
    } else if (member.phone) {
      try {
        await sendMessage(ctx, { channel: 'sms', to: { phone: member.phone }, body: `${step.title}${about}${step.body ? `: ${step.body}` : ''}`, automated: false, force: true, idempotency_key: key });
        reached += 1;
      } catch (error) {
        if (!complianceSkip(error)) throw error;
      }
    }
  }
  return reached > 0 ? { outcome: 'succeeded', detail: `Notified ${reached} by ${step.channel.replace('_', '-')}` } : { outcome: 'skipped', detail: 'Nobody reachable on that channel' };
}
