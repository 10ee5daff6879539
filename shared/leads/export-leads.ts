import type { Readable } from 'node:stream';
import type { TServiceContext } from '../context/service-context.ts';
import { streamCsv, type TCsvColumn } from '../imports/csv-writer.ts';
import type { TUserRecord } from '../users/user-record.ts';
import { buildLeadListFilter } from './lead-list-filter.ts';
import type { TListLeadsQuery } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';

const list = (values: readonly string[]) => values.join('; ');
const phoneAt = (index: number) => (lead: TLeadRecord) => (index === 0 ? lead.phone : (lead.other_phones[index - 1] ?? null));

/** Export columns: headers the lead import recognises (so an export imports back), then what only an export carries. */
function leadExportColumns(names: ReadonlyMap<string, string>): TCsvColumn<TLeadRecord>[] {
  return [
    { header: 'ID', value: (lead) => lead._id },
    { header: 'First Name', value: (lead) => lead.first_name },
    { header: 'Last Name', value: (lead) => lead.last_name },
    ...[1, 2, 3, 4, 5, 6].map((number) => ({ header: `Phone ${number}`, value: phoneAt(number - 1) })),
    { header: 'Email', value: (lead) => lead.email },
    { header: 'Property Address', value: (lead) => lead.address?.line1 },
    { header: 'Property City', value: (lead) => lead.address?.city },
    { header: 'Property State', value: (lead) => lead.address?.state },
    { header: 'Property Zip', value: (lead) => lead.address?.zip },
    { header: 'Mailing Address', value: (lead) => lead.mailing_address?.line1 },
    { header: 'Mailing City', value: (lead) => lead.mailing_address?.city },
    { header: 'Mailing State', value: (lead) => lead.mailing_address?.state },
    { header: 'Mailing Zip', value: (lead) => lead.mailing_address?.zip },
    { header: 'Property Type', value: (lead) => lead.property_type },
    { header: 'Estimated Value', value: (lead) => lead.estimated_value },
    { header: 'Lead Source', value: (lead) => lead.source },
    { header: 'Tags', value: (lead) => list(lead.tags) },
    { header: 'Notes', value: (lead) => lead.notes },
    { header: 'Status', value: (lead) => lead.status },
    { header: 'Lost Reason', value: (lead) => lead.lost_reason },
    { header: 'Assigned To', value: (lead) => (lead.assigned_to ? (names.get(lead.assigned_to) ?? lead.assigned_to) : '') },
    { header: 'Lead Score', value: (lead) => lead.lead_score },
    { header: 'Last Contacted', value: (lead) => lead.last_contacted },
    { header: 'Created', value: (lead) => lead.created_at },
    { header: 'Updated', value: (lead) => lead.updated_at },
  ];
}

/**
 * `GET /api/leads/export`: the leads the list's filters select for the caller (the same filter
 * builder as the list, so reps export only what they may see), in the list's order, streamed
 * as CSV a page at a time. Assignees are written by name.
 */
export async function exportLeads(ctx: TServiceContext, query: TListLeadsQuery): Promise<{ stream: Readable; filename: string }> {
  const filter = buildLeadListFilter(ctx.principal, ctx.tenant.timezone, query);
  const users = await ctx.db.collection<TUserRecord>('users').find({}, { projection: { _id: 1, name: 1 } }).toArray();
  const stream = streamCsv<TLeadRecord>({
    collection: ctx.db.collection<TLeadRecord>('leads'),
    filter,
    sort: { field: query.sort, direction: query.direction === 'asc' ? 1 : -1 },
    projection: { search_tokens: 0, search_text: 0, status_history: 0, appointments: 0, offers: 0 },
    columns: leadExportColumns(new Map(users.map((user) => [user._id, user.name]))),
  });
  return { stream, filename: `leads-${ctx.ports.clock.now().toISOString().slice(0, 10)}.csv` };
}
