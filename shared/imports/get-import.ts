import type { TServiceContext } from '../context/service-context.ts';
import { findVisibleImport } from './find-visible-import.ts';
import type { TImportKind, TImportRejectionRecord } from './import-record.ts';
import { toImport, type TImport } from './import.schemas.ts';

const FIRST_REJECTIONS = 100;

/** An import's state, progress and result, with its first rejected rows (line, column, reason). */
export async function getImport(ctx: TServiceContext, kind: TImportKind, importId: string): Promise<TImport> {
  const record = await findVisibleImport(ctx, kind, importId);
  const rejections = await ctx.db
    .collection<TImportRejectionRecord>('import_rejections')
    .find({ import_id: record._id }, { sort: { line: 1 }, limit: FIRST_REJECTIONS })
    .toArray();
  return toImport(record, rejections);
}
