import { createHash } from 'node:crypto';
import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { notifyUser } from '../notifications/notify-user.ts';
import { BlobNotFoundError, type TBlobStore } from '../ports/blob-store.ts';
import type { TBulkOperation, TCollection, TDocument } from '../ports/document-store.ts';
import type { TImportRecord, TImportRejectionRecord, TRowProblem } from './import-record.ts';
import { columnsByField, MappedRow, type TImportTarget } from './import-target.ts';
import { importTargetFor } from './import-targets.ts';
import { CsvFileError, readCsvRows } from './read-csv.ts';
import { scheduleImportRun } from './schedule-import-run.ts';

/** A run holds the import this long; each batch renews it. */
const LEASE_MS = 120_000;
/** A run stops after this long and schedules the next one (queue deliveries have deadlines). */
const DEFAULT_BUDGET_MS = 20_000;
const BATCH_ROWS = 1000;
const MAX_FILE_PROBLEMS = 20;
const MAX_DUPLICATE_SAMPLES = 100;

export type TRunImportOutcome = 'completed' | 'failed' | 'continues' | 'nothing';

/**
 * Runs (or resumes) one import; the `imports.run` job calls it, and so may a test.
 *
 * 1. Claims the import with a lease, so two deliveries never run it at once.
 * 2. Validation pass: reads the whole file without writing. Any structural problem (encoding,
 *    quotes, rows whose field count differs from the header's) fails the import and nothing
 *    is written: stored records stay as they were.
 * 3. Import pass, in batches of 1000 rows: builds records (all problems per row are kept
 *    with the line and column), drops duplicates within the file (first row wins) and
 *    against stored records (skip, or update under `duplicates=update`), enforces the plan
 *    limit, then writes creates (insertMany), updates (bulkWrite) and rejections, and saves
 *    progress with the last written line.
 * 4. A run that has worked for `budgetMs` schedules the next and stops; the next resumes
 *    after the saved line. Created records get ids derived from the import and line, so a
 *    batch written again after a crash is recognised as already written, not as duplicates.
 */
export async function runImport(ctx: TServiceContext, importId: string, options: { budgetMs?: number } = {}): Promise<TRunImportOutcome> {
  const imports = ctx.db.collection<TImportRecord>('imports');
  const now = ctx.ports.clock.now();
  const claimed = await imports.findOneAndUpdate(
    { _id: importId, status: { $in: ['queued', 'validating', 'importing'] }, $or: [{ lease_until: null }, { lease_until: { $lte: now } }] },
    { $set: { lease_until: new Date(now.getTime() + LEASE_MS), updated_at: now } },
    { returnDocument: 'after' },
  );
  if (!claimed) {
    const current = await imports.findOne({ _id: importId }, { projection: { status: 1 } });
    if (!current || !['queued', 'validating', 'importing'].includes(current.status)) return 'nothing';
    throw new AppError('unavailable', 'Another run is importing this file right now', { retryAfterSeconds: 30 });
  }
  const target = importTargetFor(claimed.kind);
  const blobs = await ctx.ports.blobs();
  try {
    let record = claimed;
    if (record.status !== 'importing') {
      await imports.updateOne({ _id: importId }, { $set: { status: 'validating', updated_at: ctx.ports.clock.now() } });
      const checked = await validateFile(blobs, record);
      if (checked.problems.length > 0) return await fail(ctx, record, blobs, checked.message, checked.problems);
      const started = ctx.ports.clock.now();
      record = (await imports.findOneAndUpdate(
        { _id: importId },
        { $set: { status: 'importing', 'progress.rows_total': checked.rows, started_at: started, updated_at: started } },
        { returnDocument: 'after' },
      )) as TImportRecord;
    }
    return await importRows(ctx, target, record, blobs, options.budgetMs ?? DEFAULT_BUDGET_MS);
  } catch (error) {
    if (error instanceof CsvFileError) return fail(ctx, claimed, blobs, error.message, [{ line: error.line, detail: error.message }]);
    if (error instanceof BlobNotFoundError) return fail(ctx, claimed, blobs, 'The uploaded file is no longer stored; upload it again', []);
    // Anything else is ours (store, queue): let the next delivery retry at once.
    await imports.updateOne({ _id: importId }, { $set: { lease_until: null } });
    throw error;
  }
}

/** Reads every row once: counts data rows and finds structural problems, writing nothing. */
async function validateFile(blobs: TBlobStore, record: TImportRecord): Promise<{ rows: number; problems: { line: number | null; detail: string }[]; message: string }> {
  const problems: { line: number | null; detail: string }[] = [];
  let ragged = 0;
  let rows = -1;
  const width = record.columns.length;
  for await (const batch of readCsvRows(await blobs.read(record.file.blob_key), { encoding: record.file.encoding, delimiter: record.file.delimiter, batchSize: BATCH_ROWS })) {
    for (const row of batch) {
      rows++;
      if (rows === 0) continue;
      const { fields } = row;
      // Extra empty fields at the end (a trailing delimiter) are harmless; anything else is a shifted row.
      if (fields.length === width || (fields.length > width && fields.slice(width).every((field) => field.trim() === ''))) continue;
      ragged++;
      if (problems.length < MAX_FILE_PROBLEMS) problems.push({ line: row.line, detail: `Line ${row.line} has ${fields.length} fields; the header has ${width}` });
    }
  }
  if (rows <= 0) return { rows: 0, problems: [{ line: null, detail: 'The file has column names but no rows below them' }], message: 'The file has no rows to import' };
  const message =
    ragged > 0
      ? `${ragged.toLocaleString('en-US')} row${ragged === 1 ? '' : 's'} do not have as many fields as the header; nothing was imported. Fix them (a field with a comma or line break must be in quotes) and upload the file again`
      : '';
  return { rows, problems, message };
}

async function importRows(ctx: TServiceContext, target: TImportTarget, record: TImportRecord, blobs: TBlobStore, budgetMs: number): Promise<TRunImportOutcome> {
  const imports = ctx.db.collection<TImportRecord>('imports');
  const records = ctx.db.collection<TDocument>(target.collection);
  const rejections = ctx.db.collection<TImportRejectionRecord>('import_rejections');
  const columns = columnsByField(record.mapping);
  const idOf = importedIds(target, record);
  const meta = { tenantId: ctx.tenant._id, createdBy: record.created_by, options: record.options };
  const seen = new Map<string, number>();
  const capacity = await target.capacity(ctx);
  let remaining = capacity?.remaining ?? Infinity;
  const result = { ...record.result };
  let rowsDone = record.progress.rows_done;
  const checkpoint = record.progress.checkpoint_line;
  const startedAt = performance.now();
  let header = true;

  for await (const batch of readCsvRows(await blobs.read(record.file.blob_key), { encoding: record.file.encoding, delimiter: record.file.delimiter, batchSize: BATCH_ROWS })) {
    const now = ctx.ports.clock.now();
    const pending: { row: MappedRow; fields: string[]; record: TDocument; keys: string[] }[] = [];
    const rejected: TImportRejectionRecord[] = [];
    const duplicates: TImportRecord['duplicates_sample'] = [];
    let skipped = 0;
    let processed = 0;
    let lastLine = checkpoint;
    for (const raw of batch) {
      if (header) {
        header = false;
        continue;
      }
      lastLine = raw.line;
      const row = new MappedRow(raw.line, raw.fields, columns, record.columns);
      const built = target.build(row, { ...meta, now });
      if (raw.line <= checkpoint) {
        // Written by an earlier run: only remember its keys, so later duplicates of it are still found in the file.
        if (built.record) for (const key of target.dedupeKeys(built.record)) if (!seen.has(key)) seen.set(key, raw.line);
        continue;
      }
      processed++;
      if (built.problems) {
        rejected.push(rejection(ctx, record, raw.line, raw.fields, built.problems));
        continue;
      }
      built.record._id = idOf(raw.line);
      const keys = target.dedupeKeys(built.record);
      const earlier = keys.find((key) => seen.has(key));
      if (earlier) {
        skipped++;
        duplicates.push({ line: raw.line, matched: `line ${seen.get(earlier)}`, on: earlier.slice(0, earlier.indexOf(':')) });
        continue;
      }
      for (const key of keys) seen.set(key, raw.line);
      pending.push({ row, fields: raw.fields, record: built.record, keys });
    }
    if (processed === 0) continue;

    const stored = await target.findStored(ctx, pending.flatMap((entry) => entry.keys));
    const creates: TDocument[] = [];
    const updates: TBulkOperation<TDocument>[] = [];
    const updatedIds: { id: string; line: number }[] = [];
    let created = 0;
    for (const entry of pending) {
      const matchKey = entry.keys.find((key) => stored.has(key));
      const match = matchKey ? stored.get(matchKey) : undefined;
      if (match && match._id === entry.record._id) {
        created++; // written by a run that stopped before saving its progress
      } else if (match && matchKey) {
        const update = record.options.duplicates === 'update' ? target.mergeInto(match, entry.record, entry.row, now) : null;
        if (update) {
          updates.push({ updateOne: { filter: { _id: match._id }, update } });
          updatedIds.push({ id: match._id, line: entry.row.line });
          // A later row of this batch matching the same record merges into the updated version, not the stale one.
          const merged = { ...match, ...update.$set } as TDocument;
          for (const [key, value] of stored) if (value._id === match._id) stored.set(key, merged);
        } else {
          skipped++;
          duplicates.push({ line: entry.row.line, matched: target.describe(match), on: matchKey.slice(0, matchKey.indexOf(':')) });
        }
      } else if (remaining <= 0) {
        rejected.push(rejection(ctx, record, entry.row.line, entry.fields, [{ column: null, field: 'row', detail: capacity?.reason ?? 'Over the plan limit' }]));
      } else {
        remaining--;
        creates.push(entry.record);
      }
    }

    await insertTolerant(records, creates);
    if (updates.length > 0) await records.bulkWrite(updates, { ordered: false });
    if (rejected.length > 0) {
      await rejections.bulkWrite(rejected.map((entry) => ({ replaceOne: { filter: { _id: entry._id }, replacement: entry, upsert: true } })), { ordered: false });
    }
    for (const { id, line } of updatedIds) {
      await recordActivity(ctx, { subject: { kind: target.noun as 'lead' | 'buyer', id }, type: 'import', summary: `Updated from ${record.file.name ?? 'a CSV import'} (line ${line})`, data: { import_id: record._id, line }, actor: record.created_by, at: now });
    }

    result.created += created + creates.length;
    result.updated += updates.length;
    result.skipped += skipped;
    result.rejected += rejected.length;
    rowsDone += processed;
    await imports.updateOne(
      { _id: record._id },
      {
        $set: {
          result,
          'progress.rows_done': rowsDone,
          'progress.checkpoint_line': lastLine,
          lease_until: new Date(now.getTime() + LEASE_MS),
          updated_at: now,
        },
        ...(duplicates.length > 0 ? { $push: { duplicates_sample: { $each: duplicates, $slice: MAX_DUPLICATE_SAMPLES } } } : {}),
      },
    );
    if (performance.now() - startedAt > budgetMs) {
      await imports.updateOne({ _id: record._id }, { $set: { lease_until: null } });
      await scheduleImportRun(ctx, record, `after-${lastLine}`);
      return 'continues';
    }
  }

  const finished = ctx.ports.clock.now();
  await imports.updateOne({ _id: record._id }, { $set: { status: 'completed', 'progress.rows_done': rowsDone, finished_at: finished, updated_at: finished, lease_until: null } });
  await blobs.delete(record.file.blob_key);
  await notifyUser(ctx, {
    user_id: record.created_by,
    kind: 'system',
    title: `Import of ${record.file.name ?? 'your file'} finished`,
    body: `${result.created.toLocaleString('en-US')} created, ${result.updated.toLocaleString('en-US')} updated, ${result.skipped.toLocaleString('en-US')} duplicates skipped, ${result.rejected.toLocaleString('en-US')} rejected.`,
    href: `/${record.kind}/import-export?import=${record._id}`,
  });
  return 'completed';
}

function rejection(ctx: TServiceContext, record: TImportRecord, line: number, values: string[], problems: TRowProblem[]): TImportRejectionRecord {
  return { _id: `${record._id}:${line}`, tenant_id: ctx.tenant._id, import_id: record._id, line, values, problems };
}

/**
 * `<prefix>_<import time, 12 hex><sha256(import), 8 hex><line, 8 hex>`: the shape of `newId`, but
 * the same for the same row of the same import, which is what makes a repeated batch harmless.
 * Ids ascend with the line, so each batch lands at the end of every run of equal index keys
 * instead of all over it (half the embedded store's insert cost; MongoDB's `_id` index likes
 * ascending keys too).
 */
function importedIds(target: TImportTarget, record: TImportRecord): (line: number) => string {
  const prefix = target.kind === 'leads' ? 'ld' : 'by';
  const time = record.created_at.getTime().toString(16).padStart(12, '0');
  const importHash = createHash('sha256').update(record._id).digest('hex').slice(0, 8);
  return (line) => `${prefix}_${time}${importHash}${line.toString(16).padStart(8, '0')}`;
}

/** insertMany that accepts records already written by an earlier run (duplicate `_id`). */
async function insertTolerant(collection: TCollection<TDocument>, documents: TDocument[]): Promise<void> {
  if (documents.length === 0) return;
  try {
    await collection.insertMany(documents, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] }).writeErrors;
    if (!writeErrors || writeErrors.length === 0 || writeErrors.some((entry) => entry.code !== 11000)) throw error;
  }
}

async function fail(ctx: TServiceContext, record: TImportRecord, blobs: TBlobStore, message: string, problems: { line: number | null; detail: string }[]): Promise<TRunImportOutcome> {
  const now = ctx.ports.clock.now();
  await ctx.db.collection<TImportRecord>('imports').updateOne(
    { _id: record._id },
    { $set: { status: 'failed', error: { message, problems: problems.slice(0, MAX_FILE_PROBLEMS) }, finished_at: now, updated_at: now, lease_until: null } },
  );
  await blobs.delete(record.file.blob_key);
  await notifyUser(ctx, {
    user_id: record.created_by,
    kind: 'system',
    title: `Import of ${record.file.name ?? 'your file'} failed`,
    body: message,
    href: `/${record.kind}/import-export?import=${record._id}`,
  });
  return 'failed';
}
