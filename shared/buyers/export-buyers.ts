import type { Readable } from 'node:stream';
import type { TServiceContext } from '../context/service-context.ts';
import { streamCsv, type TCsvColumn } from '../imports/csv-writer.ts';
import type { TListBuyersQuery } from './buyer.schemas.ts';
import type { TBuyerRecord } from './buyer-record.ts';
import { buyerListFilter } from './buyer-filter.ts';

const list = (values: readonly string[]) => values.join('; ');

/** Export columns; the headers are the ones the buyer import recognises, so an export imports back as is. */
export const BUYER_EXPORT_COLUMNS: readonly TCsvColumn<TBuyerRecord>[] = [
  { header: 'ID', value: (buyer) => buyer._id },
  { header: 'First Name', value: (buyer) => buyer.first_name },
  { header: 'Last Name', value: (buyer) => buyer.last_name },
  { header: 'Company', value: (buyer) => buyer.company },
  { header: 'Phone', value: (buyer) => buyer.phone },
  { header: 'Email', value: (buyer) => buyer.email },
  { header: 'Property Types', value: (buyer) => list(buyer.buy_box.property_types) },
  { header: 'Min Price', value: (buyer) => buyer.buy_box.price_min },
  { header: 'Max Price', value: (buyer) => buyer.buy_box.price_max },
  { header: 'Cities', value: (buyer) => list(buyer.buy_box.locations.cities) },
  { header: 'States', value: (buyer) => list(buyer.buy_box.locations.states) },
  { header: 'Zips', value: (buyer) => list(buyer.buy_box.locations.zips) },
  { header: 'Strategies', value: (buyer) => list(buyer.buy_box.criteria.strategies) },
  { header: 'Financing', value: (buyer) => buyer.buy_box.criteria.financing },
  { header: 'Max Repairs', value: (buyer) => buyer.buy_box.criteria.max_repairs },
  { header: 'Tags', value: (buyer) => list(buyer.tags) },
  { header: 'Status', value: (buyer) => buyer.status },
  { header: 'Notes', value: (buyer) => buyer.notes },
  { header: 'Last Activity', value: (buyer) => buyer.last_activity_at },
  { header: 'Created', value: (buyer) => buyer.created_at },
];

/** `GET /api/buyers/export`: the buyers the list filters select, in the list's order, streamed as CSV. */
export function exportBuyers(ctx: TServiceContext, query: TListBuyersQuery): { stream: Readable; filename: string } {
  const stream = streamCsv<TBuyerRecord>({
    collection: ctx.db.collection<TBuyerRecord>('buyers'),
    filter: buyerListFilter(query),
    sort: { field: query.sort, direction: query.direction === 'asc' ? 1 : -1 },
    projection: { search_text: 0 },
    columns: BUYER_EXPORT_COLUMNS,
  });
  return { stream, filename: `buyers-${ctx.ports.clock.now().toISOString().slice(0, 10)}.csv` };
}
