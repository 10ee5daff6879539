import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { importVisibilityFilter } from './find-visible-import.ts';
import type { TImportKind, TImportRecord, TImportStatus } from './import-record.ts';
import { toImport, type TImport } from './import.schemas.ts';

/** The import history of one kind, newest first. */
export async function listImports(ctx: TServiceContext, kind: TImportKind, query: { status?: TImportStatus[] | undefined; limit: number; cursor?: string | undefined }): Promise<TPage<TImport>> {
  const filter = { kind, ...importVisibilityFilter(ctx), ...(query.status?.length ? { status: { $in: query.status } } : {}) };
  const page = await findPage(ctx.db.collection<TImportRecord>('imports'), filter, { sortField: 'created_at', direction: -1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map((record) => toImport(record)), nextCursor: page.nextCursor };
}
