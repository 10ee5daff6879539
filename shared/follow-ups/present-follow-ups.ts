import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TFollowUp } from './follow-up.schemas.ts';
import type { TFollowUpRecord } from './follow-up-record.ts';

type TSubject = NonNullable<TFollowUp['subject']>;

/** A deal's display title: its property's street line, else the seller. */
export const dealTitle = (deal: Pick<TDealRecord, 'property' | 'seller_name'>): string =>
  deal.property.address ? `${deal.property.address.line1}, ${deal.property.address.city}` : deal.seller_name || 'Deal';

/** Follow-ups as the API returns them, with `overdue` as of now and the title of what each is about (one query per kind). */
export async function presentFollowUps(ctx: TServiceContext, records: TFollowUpRecord[]): Promise<TFollowUp[]> {
  const now = ctx.ports.clock.now();
  const leadIds = [...new Set(records.map((record) => record.lead_id).filter((id): id is string => Boolean(id)))];
  const dealIds = [...new Set(records.map((record) => record.deal_id).filter((id): id is string => Boolean(id)))];
  const [leads, deals] = await Promise.all([
    leadIds.length > 0 ? ctx.db.collection<TLeadRecord>('leads').find({ _id: { $in: leadIds } }, { projection: { full_name: 1 } }).toArray() : [],
    dealIds.length > 0 ? ctx.db.collection<TDealRecord>('deals').find({ _id: { $in: dealIds } }, { projection: { property: 1, seller_name: 1 } }).toArray() : [],
  ]);
  const subjects = new Map<string, TSubject>([
    ...leads.map((lead): [string, TSubject] => [lead._id, { kind: 'lead', id: lead._id, title: lead.full_name, href: `/leads/detail?id=${lead._id}` }]),
    ...deals.map((deal): [string, TSubject] => [deal._id, { kind: 'deal', id: deal._id, title: dealTitle(deal), href: `/deals/detail?id=${deal._id}` }]),
  ]);
  return records.map((record) => toFollowUp(record, now, subjects.get(record.lead_id ?? record.deal_id ?? '') ?? null));
}

export function toFollowUp(record: TFollowUpRecord, now: Date, subject: TSubject | null): TFollowUp {
  return {
    id: record._id,
    title: record.title,
    due_at: record.due_at.toISOString(),
    assigned_to: record.assigned_to,
    lead_id: record.lead_id,
    deal_id: record.deal_id,
    done: record.done,
    done_at: record.done_at?.toISOString() ?? null,
    overdue: !record.done && record.due_at.getTime() < now.getTime(),
    notes: record.notes,
    subject,
    created_by: record.created_by,
    created_at: record.created_at.toISOString(),
    updated_at: record.updated_at.toISOString(),
  };
}
