import type { TServiceContext } from '../context/service-context.ts';
import { newId } from '../ids.ts';
import { detectColumnMapping, checkMapping } from './detect-column-mapping.ts';
import type { TImportKind, TImportRecord } from './import-record.ts';
import { DELIMITER_NAMES, toImport, type TImport, type TImportPreview, type TImportUploadQuery } from './import.schemas.ts';
import { resolveImportOptions } from './import-options.ts';
import { importTargetFor } from './import-targets.ts';
import { scheduleImportRun } from './schedule-import-run.ts';
import { sniffCsv } from './sniff-csv.ts';

/** The largest file an import takes; the route refuses bigger bodies with 413 before reading them. */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;

type TUpload = { file: Uint8Array; query: Pick<TImportUploadQuery, 'filename' | 'encoding' | 'delimiter'> & Partial<TImportUploadQuery> };

/**
 * `POST …/imports`: checks the file's start (sniffCsv), the mapping (given or detected) and the
 * options, stores the file in the blob store, records the import as `queued` and queues its
 * job. Answers at once (202); the job validates every row before it writes anything.
 */
export async function uploadImport(ctx: TServiceContext, kind: TImportKind, upload: TUpload): Promise<TImport> {
  const sniffed = await sniffCsv(upload.file, { encoding: upload.query.encoding, delimiter: upload.query.delimiter && DELIMITER_NAMES[upload.query.delimiter] });
  const { mapping, options } = await resolveImportOptions(ctx, kind, sniffed.header, { mapping: upload.query.mapping, duplicates: upload.query.duplicates ?? 'skip', tags: upload.query.tags, assigned_to: upload.query.assigned_to }, 'query');
  const record = await storeImport(ctx, kind, upload, sniffed, { status: 'queued', mapping, options });
  await scheduleImportRun(ctx, record, 'start');
  return toImport(record);
}

/**
 * `POST …/imports/preview`: the same checks and storage, as a `draft` with the detected
 * mapping and the first rows, for the wizard's mapping step; `start` then runs it.
 */
export async function previewImport(ctx: TServiceContext, kind: TImportKind, upload: TUpload): Promise<TImportPreview> {
  const target = importTargetFor(kind);
  const sniffed = await sniffCsv(upload.file, { encoding: upload.query.encoding, delimiter: upload.query.delimiter && DELIMITER_NAMES[upload.query.delimiter] });
  const mapping = detectColumnMapping(sniffed.header, target.fields, target.overflow);
  const record = await storeImport(ctx, kind, upload, sniffed, { status: 'draft', mapping, options: { duplicates: 'skip', tags: [], assigned_to: null } });
  return {
    ...toImport(record),
    fields: target.fields.map((field) => ({ name: field.name, label: field.label, multiple: field.multiple ?? false })),
    sample: {
      columns: sniffed.header.map((header, index) => ({ index, header, field: mapping[index] ?? null, values: sniffed.sample.map((row) => row[index] ?? '') })),
      rows: sniffed.sample.length,
    },
    mapping_problems: checkMapping(mapping, sniffed.header, target.fields, target.requiredAnyOf),
    warnings: sniffed.warnings,
  };
}

async function storeImport(
  ctx: TServiceContext,
  kind: TImportKind,
  upload: TUpload,
  sniffed: Awaited<ReturnType<typeof sniffCsv>>,
  state: Pick<TImportRecord, 'status' | 'mapping' | 'options'>,
): Promise<TImportRecord> {
  const now = ctx.ports.clock.now();
  const id = newId('imp', now);
  const blobKey = `imports/${ctx.tenant._id}/${id}.csv`;
  await (await ctx.ports.blobs()).put(blobKey, upload.file, { contentType: 'text/csv' });
  const record: TImportRecord = {
    _id: id,
    tenant_id: ctx.tenant._id,
    kind,
    ...state,
    file: { name: upload.query.filename ?? null, bytes: upload.file.length, blob_key: blobKey, encoding: sniffed.encoding, delimiter: sniffed.delimiter },
    columns: sniffed.header,
    progress: { rows_total: null, rows_done: 0, checkpoint_line: 0 },
    result: { created: 0, updated: 0, skipped: 0, rejected: 0 },
    duplicates_sample: [],
    error: null,
    lease_until: null,
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
  };
  await ctx.db.collection<TImportRecord>('imports').insertOne(record);
  return record;
}
