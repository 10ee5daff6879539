import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TDealRecord } from '../deals/deal-record.ts';
import type { TFollowUpRecord } from '../follow-ups/follow-up-record.ts';
import { label } from '../leads/lead.constants.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { decodeCursor, encodeCursor } from '../schemas/pagination.ts';
import type { TDrilldownItem, TDrilldownQuery } from './analytics.schemas.ts';
import { levelRows } from './compute-facts.ts';
import { windowOf } from './day-range.ts';
import { zonedDayEnd } from '../tenants/zoned-day.ts';
import { METRICS } from './metric-catalog.ts';
import { eventFamilyOf, levelFamilyOf } from './metric-families.ts';
import type { TEventRow, TStage } from './metric-family.ts';
import { resolveRange } from './resolve-range.ts';
import { listMarketingSpend } from './spend/manage-marketing-spend.ts';
import { daysInMonth, monthOf } from './day-range.ts';
import { formatKpi } from './format-kpi.ts';

export interface TDrilldownPage {
  items: TDrilldownItem[];
  nextCursor: string | null;
  total: number;
  range: { from: string; to: string };
}

/** The row narrowing of a drill-down, as a `$match` on `TEventRow` fields. */
function rowFilter(query: TDrilldownQuery, rep: string[] | undefined): Record<string, unknown> {
  const filter: Record<string, unknown> = { metric: query.metric };
  if (query.source?.length) filter.source = { $in: query.source };
  if (rep?.length) filter.rep = { $in: rep };
  if (query.property_type?.length) filter.property_type = { $in: query.property_type };
  if (query.status?.length) filter.status = { $in: query.status };
  if (query.extra !== undefined) filter.extra = query.extra;
  return filter;
}

const matches = (row: TEventRow, filter: Record<string, unknown>) =>
  Object.entries(filter).every(([field, condition]) => {
    const value = row[field as keyof TEventRow];
    if (condition && typeof condition === 'object' && '$in' in condition) return (condition.$in as unknown[]).includes(value);
    return value === condition;
  });

const newestFirst = (a: TEventRow, b: TEventRow) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * `GET /api/analytics/drilldown`: the records behind a number, newest first, a page at a time.
 * The rows come from the same family pipeline that counted them, narrowed the same way, so the
 * list and the number always agree. Acquisition reps only ever see their own rows.
 */
export async function listDrilldown(ctx: TServiceContext, query: TDrilldownQuery): Promise<TDrilldownPage> {
  const range = resolveRange(ctx, { from: query.from, to: query.to, compare: 'none' });
  const now = ctx.ports.clock.now();
  const rep = ctx.principal.role === 'acquisition_rep' ? [ctx.principal.uid] : query.rep;
  const filter = rowFilter(query, rep);
  const definition = METRICS[query.metric];
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  let rows: TEventRow[];
  let total: number;

  if (definition.shape === 'level' || query.metric === 'marketing_spend') {
    const all = (query.metric === 'marketing_spend' ? await spendRows(ctx, range.from, range.to) : await levelAt(ctx, query, range.to, range.today, now)).filter((row) => matches(row, filter)).sort(newestFirst);
    total = all.length;
    const start = after ? all.findIndex((row) => newestFirst(row, { at: after.value as Date, id: after.id } as TEventRow) > 0) : 0;
    rows = start < 0 ? [] : all.slice(start, start + query.limit + 1);
  } else {
    const family = eventFamilyOf(query.metric);
    if (!family) throw new Error(`No family counts ${query.metric}`);
    const window = windowOf(range.from, range.to, range.timeZone, now);
    const collection = ctx.db.collection(family.collection);
    const base: TStage[] = [...family.pipeline(window), { $match: filter }];
    const keyset: TStage[] = after
      ? [{ $match: { $or: [{ at: { $lt: after.value } }, { at: after.value, id: { $lt: after.id } }] } }]
      : [];
    const [counted, page] = await Promise.all([
      collection.aggregate<{ n: number }>([...base, { $count: 'n' }]).toArray(),
      collection.aggregate<TEventRow>([...base, ...keyset, { $sort: { at: -1, id: -1 } }, { $limit: query.limit + 1 }]).toArray(),
    ]);
    total = counted[0]?.n ?? 0;
    rows = page;
  }

  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: await describeRows(ctx, items),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
    total,
    range: { from: range.from, to: range.to },
  };
}

async function levelAt(ctx: TServiceContext, query: TDrilldownQuery, to: string, today: string, now: Date): Promise<TEventRow[]> {
  const family = levelFamilyOf(query.metric);
  if (!family) return [];
  if (to >= today) return levelRows(ctx, family, now, now);
  // Open follow-ups are only known now.
  if (family.id === 'open-overdue') return [];
  return levelRows(ctx, family, zonedDayEnd(to, ctx.tenant.timezone), now);
}

/** Spend entries whose month overlaps the period; the amount is the share the period got. */
async function spendRows(ctx: TServiceContext, from: string, to: string): Promise<TEventRow[]> {
  const { items } = await listMarketingSpend(ctx, { from: monthOf(from), to: monthOf(to) });
  return items.map((entry) => {
    const monthStart = `${entry.month}-01`;
    const monthEnd = `${entry.month}-${String(daysInMonth(entry.month)).padStart(2, '0')}`;
    const first = monthStart > from ? monthStart : from;
    const last = monthEnd < to ? monthEnd : to;
    const days = Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;
    return {
      kind: 'spend',
      id: entry.id,
      metric: 'marketing_spend',
      at: new Date(`${monthStart}T12:00:00.000Z`),
      amount: Math.round(((entry.amount * days) / daysInMonth(entry.month)) * 100) / 100,
      source: entry.source,
      rep: null,
      property_type: null,
      status: null,
      extra: null,
      bucket: null,
    } satisfies TEventRow;
  });
}

/** Titles and links for a page of rows, one indexed read per record kind. */
async function describeRows(ctx: TServiceContext, rows: TEventRow[]): Promise<TDrilldownItem[]> {
  const ids = (kind: TEventRow['kind']) => [...new Set(rows.filter((row) => row.kind === kind).map((row) => row.id))];
  const [leads, deals, messages, followUps] = await Promise.all([
    byId(ctx.db.collection<TLeadRecord>('leads').find({ _id: { $in: ids('lead') } }, { projection: { full_name: 1, address: 1, source: 1, status: 1 } }).toArray()),
    byId(ctx.db.collection<TDealRecord>('deals').find({ _id: { $in: ids('deal') } }, { projection: { property: 1, seller_name: 1, status: 1, lead_id: 1 } }).toArray()),
    byId(
      ctx.db
        .collection<TCommunicationRecord>('communications')
        .find({ _id: { $in: ids('communication') } }, { projection: { channel: 1, direction: 1, status: 1, body: 1, lead_id: 1, buyer_id: 1, deal_id: 1, from: 1, to: 1 } })
        .toArray(),
    ),
    byId(ctx.db.collection<TFollowUpRecord>('follow_ups').find({ _id: { $in: ids('follow_up') } }, { projection: { title: 1, lead_id: 1, deal_id: 1, done: 1 } }).toArray()),
  ]);
  return rows.map((row) => {
    const base = { kind: row.kind, id: row.id, metric: row.metric, at: row.at.toISOString(), amount: row.amount, source: row.source, rep: row.rep, status: row.status, extra: row.extra };
    const amount = row.amount === null ? '' : ` · ${formatKpi(row.amount, METRICS[row.metric].amount === 'currency' ? 'currency' : METRICS[row.metric].amount === 'minutes' ? 'minutes' : 'days')}`;
    if (row.kind === 'lead') {
      const lead = leads.get(row.id);
      return { ...base, title: lead?.full_name ?? 'Deleted lead', subtitle: `${label(lead?.status ?? row.status ?? '')} · ${label(lead?.source ?? row.source ?? 'other')}${amount}`, href: lead ? `/leads/detail?id=${row.id}` : null };
    }
    if (row.kind === 'deal') {
      const deal = deals.get(row.id);
      return {
        ...base,
        title: deal?.property.address?.line1 ?? deal?.seller_name ?? 'Deleted deal',
        subtitle: `${label(deal?.status ?? row.status ?? '')}${deal?.seller_name ? ` · ${deal.seller_name}` : ''}${amount}`,
        href: deal ? `/deals/detail?id=${row.id}` : null,
      };
    }
    if (row.kind === 'communication') {
      const message = messages.get(row.id);
      const what = message ? `${message.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${message.channel === 'sms' ? 'SMS' : message.channel}` : 'Message';
      const href = message?.lead_id ? `/leads/detail?id=${message.lead_id}` : message?.buyer_id ? `/buyers/detail?id=${message.buyer_id}` : null;
      return { ...base, title: `${what} ${message?.direction === 'inbound' ? 'from' : 'to'} ${message ? (message.direction === 'inbound' ? message.from : message.to) : ''}`.trim(), subtitle: `${label(message?.status ?? row.status ?? '')}${message?.body ? ` · ${message.body.slice(0, 80)}` : ''}`, href };
    }
    if (row.kind === 'follow_up') {
      const followUp = followUps.get(row.id);
      const href = followUp?.lead_id ? `/leads/detail?id=${followUp.lead_id}` : followUp?.deal_id ? `/deals/detail?id=${followUp.deal_id}` : null;
      return { ...base, title: followUp?.title ?? 'Deleted follow-up', subtitle: followUp?.done ? 'Done' : 'Open', href };
    }
    return { ...base, title: `${label(row.source ?? 'other')} spend`, subtitle: `${row.at.toISOString().slice(0, 7)}${amount}`, href: null };
  });
}

async function byId<T extends { _id: string }>(records: Promise<T[]> | T[]): Promise<Map<string, T>> {
  return new Map((await records).map((record) => [record._id, record]));
}
