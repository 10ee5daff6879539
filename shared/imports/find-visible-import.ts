import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TImportKind, TImportRecord } from './import-record.ts';

/** Acquisition reps see the imports they ran; other roles see every import of the tenant. */
export const importVisibilityFilter = (ctx: TServiceContext): TFilter => (ctx.principal.role === 'acquisition_rep' ? { created_by: ctx.principal.uid } : {});

/** An import of this kind the caller may see, or 404. */
export async function findVisibleImport(ctx: TServiceContext, kind: TImportKind, importId: string): Promise<TImportRecord> {
  const record = await ctx.db.collection<TImportRecord>('imports').findOne({ _id: importId, kind, ...importVisibilityFilter(ctx) });
  if (!record) throw notFound('Import');
  return record;
}
