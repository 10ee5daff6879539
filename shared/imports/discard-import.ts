import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { findVisibleImport } from './find-visible-import.ts';
import type { TImportKind, TImportRecord } from './import-record.ts';

/** Discards a previewed import that was never started, and its uploaded file. */
export async function discardImport(ctx: TServiceContext, kind: TImportKind, importId: string): Promise<void> {
  const record = await findVisibleImport(ctx, kind, importId);
  if (record.status !== 'draft') throw new AppError('conflict', 'Only an import that has not started can be discarded');
  await (await ctx.ports.blobs()).delete(record.file.blob_key);
  await ctx.db.collection<TImportRecord>('imports').deleteOne({ _id: record._id, status: 'draft' });
}
