import type { TServiceContext } from '../context/service-context.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { findVisibleImport } from './find-visible-import.ts';
import type { TImportKind, TImportRejectionRecord } from './import-record.ts';
import type { TImportRejection } from './import.schemas.ts';

/** Every rejected row of an import, in line order, a page at a time. */
export async function listImportRejections(ctx: TServiceContext, kind: TImportKind, importId: string, page: { limit: number; cursor?: string | undefined }): Promise<TPage<TImportRejection>> {
  const record = await findVisibleImport(ctx, kind, importId);
  const result = await findPage(ctx.db.collection<TImportRejectionRecord>('import_rejections'), { import_id: record._id }, { sortField: 'line', direction: 1, ...page });
  return { items: result.items.map((rejection) => ({ line: rejection.line, problems: rejection.problems })), nextCursor: result.nextCursor };
}
