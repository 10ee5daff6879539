import type { Readable } from 'node:stream';
import type { TServiceContext } from '../context/service-context.ts';
import { findVisibleImport } from './find-visible-import.ts';
import type { TImportKind, TImportRejectionRecord } from './import-record.ts';
import { streamCsv, type TCsvColumn } from './csv-writer.ts';

/**
 * `GET …/imports/:id/errors.csv`: the rejected rows as they were in the file, plus their line
 * and every problem, so the user can fix them in a spreadsheet and import just those again.
 */
export async function importErrorsCsv(ctx: TServiceContext, kind: TImportKind, importId: string): Promise<{ stream: Readable; filename: string }> {
  const record = await findVisibleImport(ctx, kind, importId);
  const columns: TCsvColumn<TImportRejectionRecord>[] = [
    ...record.columns.map((header, index) => ({ header, value: (rejection: TImportRejectionRecord) => rejection.values[index] ?? '' })),
    { header: 'Line', value: (rejection) => rejection.line },
    { header: 'Problems', value: (rejection) => rejection.problems.map((problem) => `${problem.column ?? 'Row'}: ${problem.detail}`).join('; ') },
  ];
  const stream = streamCsv<TImportRejectionRecord>({
    collection: ctx.db.collection<TImportRejectionRecord>('import_rejections'),
    filter: { import_id: record._id },
    sort: { field: 'line', direction: 1 },
    columns,
  });
  const base = (record.file.name ?? `${kind}-import`).replace(/\.csv$/i, '');
  return { stream, filename: `${base}-errors.csv` };
}
