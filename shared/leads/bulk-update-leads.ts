import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { isAppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { assertAssignable, assertLeadWriter, leadVisibilityFilter } from './lead-access.ts';
import type { TBulkLeadAction, TBulkLeadResult } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { setLeadStatus } from './set-lead-status.ts';

/**
 * One action on a selection of leads (the list's checkboxes): assign, add/remove tags, or
 * move status. Leads the caller cannot see are reported as `not_found`; each lead the action
 * cannot apply to (a refused status move, say) is reported with its reason, and the others
 * still change. Every changed lead gets its timeline entry and event.
 */
export async function bulkUpdateLeads(ctx: TServiceContext, input: TBulkLeadAction): Promise<TBulkLeadResult> {
  assertLeadWriter(ctx.principal);
  const ids = [...new Set(input.ids)];
  const leads = ctx.db.collection<TLeadRecord>('leads');
  const found = await leads.find({ _id: { $in: ids }, ...leadVisibilityFilter(ctx.principal) }, { projection: { search_tokens: 0, search_text: 0 } }).toArray();
  const byId = new Map(found.map((lead) => [lead._id, lead]));
  const result: TBulkLeadResult = { updated: [], skipped: [] };
  const skip = (id: string, code: string, detail: string) => result.skipped.push({ id, code, detail });
  for (const id of ids) if (!byId.has(id)) skip(id, 'not_found', 'Lead not found');
  const { action } = input;
  const now = ctx.ports.clock.now();

  if (action.type === 'status') {
    for (const lead of found) {
      if (lead.status === action.status) {
        skip(lead._id, 'unchanged', `Already ${action.status.replace(/_/g, ' ')}`);
        continue;
      }
      try {
        await setLeadStatus(ctx, lead._id, { status: action.status, reason: action.reason });
        result.updated.push(lead._id);
      } catch (error) {
        if (!isAppError(error)) throw error;
        skip(lead._id, error.code, error.message);
      }
    }
    return result;
  }

  let targets: TLeadRecord[];
  let summary: (lead: TLeadRecord) => string;
  let type: TActivityRecord['type'];
  if (action.type === 'assign') {
    const assignee = await assertAssignable(ctx, action.assigned_to);
    targets = found.filter((lead) => lead.assigned_to !== assignee);
    for (const lead of found) if (lead.assigned_to === assignee) skip(lead._id, 'unchanged', 'Already assigned so');
    if (targets.length === 0) return result;
    await leads.updateMany({ _id: { $in: targets.map((lead) => lead._id) } }, { $set: { assigned_to: assignee, updated_at: now } });
    const name = assignee ? ((await ctx.db.collection<TUserRecord>('users').findOne({ _id: assignee }))?.name ?? 'a teammate') : '';
    type = 'assigned';
    summary = () => (assignee === null ? 'Unassigned' : assignee === ctx.principal.uid ? `${ctx.principal.name} took the lead` : `Assigned to ${name}`);
    if (assignee && assignee !== ctx.principal.uid) {
      await notifyUser(ctx, {
        user_id: assignee,
        kind: 'lead_assigned',
        title: targets.length === 1 ? `Lead assigned to you: ${targets[0]?.full_name ?? ''}` : `${targets.length} leads assigned to you`,
        body: `${ctx.principal.name} assigned ${targets.length === 1 ? 'this lead' : 'them'} to you.`,
        href: targets.length === 1 ? `/leads/detail?id=${targets[0]?._id ?? ''}` : '/leads?assigned_to=me',
      });
    }
  } else {
    const { add, remove } = action;
    const changes = (lead: TLeadRecord) => add.some((tag) => !lead.tags.includes(tag)) || remove.some((tag) => lead.tags.includes(tag));
    targets = found.filter(changes);
    for (const lead of found) if (!changes(lead)) skip(lead._id, 'unchanged', 'Tags already so');
    if (targets.length === 0) return result;
    const targetIds = { _id: { $in: targets.map((lead) => lead._id) } };
    // Two writes: MongoDB refuses $addToSet and $pull on the same field in one update.
    if (add.length > 0) await leads.updateMany(targetIds, { $addToSet: { tags: { $each: add } }, $set: { updated_at: now } });
    if (remove.length > 0) await leads.updateMany(targetIds, { $pull: { tags: { $in: remove }, auto_tags: { $in: remove } }, $set: { updated_at: now } });
    type = 'updated';
    summary = () => [add.length > 0 ? `Tagged ${add.join(', ')}` : '', remove.length > 0 ? `Untagged ${remove.join(', ')}` : ''].filter(Boolean).join('; ');
  }

  await ctx.db.collection<TActivityRecord>('activities').insertMany(
    targets.map((lead) => ({
      _id: newId('act', now),
      tenant_id: ctx.tenant._id,
      subject: { kind: 'lead' as const, id: lead._id },
      type,
      actor: ctx.principal.uid,
      summary: summary(lead),
      data: action.type === 'assign' ? { from: lead.assigned_to, to: action.assigned_to, bulk: true } : { add: action.add, remove: action.remove, bulk: true },
      at: now,
    })),
  );
  const fields = action.type === 'assign' ? ['assigned_to'] : ['tags'];
  for (const lead of targets) {
    await ctx.events.publish({
      type: 'lead_updated',
      actor: ctx.principal.uid,
      subject: { kind: 'lead', id: lead._id },
      data: { fields, assigned_to: action.type === 'assign' ? action.assigned_to : lead.assigned_to, bulk: true },
    });
    result.updated.push(lead._id);
  }
  return result;
}
