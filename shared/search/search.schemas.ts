import { z } from 'zod';
import { queryList, text } from '../schemas/common.ts';

export const SEARCH_KINDS = ['lead', 'buyer', 'deal'] as const;

/** `GET /api/search?q=`: the header's search box. A blank `q` answers no items. */
export const ZSearchQuery = z.strictObject({
  q: text(100).default(''),
  kinds: queryList(z.enum(SEARCH_KINDS)),
  /** Per kind. */
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
export type TSearchQuery = z.infer<typeof ZSearchQuery>;

export const ZSearchResult = z.object({
  kind: z.enum(SEARCH_KINDS),
  id: z.string(),
  title: z.string(),
  subtitle: z.string(),
  /** Portal path of the record's page. */
  href: z.string(),
});
export type TSearchResult = z.infer<typeof ZSearchResult>;

export const ZSearchResponse = z.object({ items: z.array(ZSearchResult) });
