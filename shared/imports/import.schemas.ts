import { z } from 'zod';
import { ZPageQuery, queryList, text } from '../schemas/common.ts';
import { DUPLICATE_POLICIES, IMPORT_KINDS, IMPORT_STATUSES, type TImportRecord, type TImportRejectionRecord } from './import-record.ts';
import { IMPORT_ENCODINGS, type TCsvDelimiter } from './read-csv.ts';

const ZTag = text(40).min(1).regex(/^[\w -]+$/, 'Letters, digits, spaces, - and _ only');

export const DELIMITER_NAMES = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const satisfies Record<string, TCsvDelimiter>;
const ZDelimiterName = z.enum(['comma', 'semicolon', 'tab', 'pipe']);

/** How to read the bytes: both are detected (BOM, UTF-8 validity; the header's most frequent separator) unless given. */
const fileQuery = {
  /** Shown in the import history and the error report's name. */
  filename: text(200).optional(),
  encoding: z.enum(IMPORT_ENCODINGS).optional(),
  delimiter: ZDelimiterName.optional(),
};

/** `POST /api/{leads|buyers}/imports/preview` (the body is the CSV file). */
export const ZImportPreviewQuery = z.strictObject(fileQuery);

/** Mapping in a query string: the field of each column in order, comma-separated; an empty entry (or `ignore`) skips the column. */
const ZMappingList = z
  .string()
  .max(8000)
  .transform((value) => value.split(',').map((entry) => (entry.trim() === '' || entry.trim() === 'ignore' ? null : entry.trim())));

const importOptions = {
  duplicates: z.enum(DUPLICATE_POLICIES).default('skip'),
  tags: queryList(ZTag, 10),
};

/** `POST /api/{leads|buyers}/imports` (the body is the CSV file): upload and start in one step. */
export const ZImportUploadQuery = z.strictObject({
  ...fileQuery,
  ...importOptions,
  /** Column fields in order, e.g. `full_name,,address,address_city,address_state,address_zip,phone`; detected from the headers when absent. */
  mapping: ZMappingList.optional(),
  /** Leads: who gets the created leads (`me`, a user id, or `unassigned`); a rep's import is theirs by default. */
  assigned_to: z.string().min(1).max(128).optional(),
});
export type TImportUploadQuery = z.infer<typeof ZImportUploadQuery>;

/** `POST /api/{leads|buyers}/imports/:id/start`: start a previewed import with the mapping the user confirmed. */
export const ZStartImportRequest = z.strictObject({
  mapping: z.array(z.string().max(40).nullable()).max(500).optional(),
  duplicates: z.enum(DUPLICATE_POLICIES).default('skip'),
  tags: z.array(ZTag).max(10).default([]),
  assigned_to: z.string().min(1).max(128).nullable().optional(),
});
export type TStartImportRequest = z.infer<typeof ZStartImportRequest>;

export type TImportOptionsInput = {
  mapping?: (string | null)[] | undefined;
  duplicates: TImportRecord['options']['duplicates'];
  tags?: string[] | undefined;
  assigned_to?: string | null | undefined;
};

export const ZImportListQuery = ZPageQuery.extend({ status: queryList(z.enum(IMPORT_STATUSES)) }).strict();

export const ZImportRejection = z.object({
  line: z.number(),
  problems: z.array(z.object({ column: z.string().nullable(), field: z.string(), detail: z.string() })),
});
export type TImportRejection = z.infer<typeof ZImportRejection>;

export const ZImportField = z.object({ name: z.string(), label: z.string(), multiple: z.boolean() });

/** An import as the API shows it; poll `GET …/imports/:id` for progress. */
export const ZImport = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  status: z.enum(IMPORT_STATUSES),
  file: z.object({ name: z.string().nullable(), bytes: z.number(), encoding: z.enum(IMPORT_ENCODINGS), delimiter: ZDelimiterName }),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  options: z.object({ duplicates: z.enum(DUPLICATE_POLICIES), tags: z.array(z.string()), assigned_to: z.string().nullable() }),
  progress: z.object({ rows_total: z.number().nullable(), rows_done: z.number(), percent: z.number().nullable() }),
  result: z.object({ created: z.number(), updated: z.number(), skipped: z.number(), rejected: z.number() }),
  duplicates_sample: z.array(z.object({ line: z.number(), matched: z.string(), on: z.string() })),
  /** The first rejected rows (all of them: `…/rejections` pages, `…/errors.csv` downloads). */
  rejections: z.array(ZImportRejection).optional(),
  error: z.object({ message: z.string(), problems: z.array(z.object({ line: z.number().nullable(), detail: z.string() })) }).nullable(),
  links: z.object({ self: z.string(), rejections: z.string(), errors_csv: z.string(), start: z.string().nullable() }),
  created_by: z.string(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
export type TImport = z.infer<typeof ZImport>;

/** `POST …/imports/preview`: a draft import, the detected mapping and the first rows, for the mapping step of the wizard. */
export const ZImportPreview = ZImport.extend({
  fields: z.array(ZImportField),
  /** Each column with its header, detected field and first values. */
  sample: z.object({ columns: z.array(z.object({ index: z.number(), header: z.string(), field: z.string().nullable(), values: z.array(z.string()) })), rows: z.number() }),
  /** Problems with the detected mapping that must be fixed before starting (e.g. no name column). */
  mapping_problems: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type TImportPreview = z.infer<typeof ZImportPreview>;

const delimiterName = (delimiter: TCsvDelimiter) => (Object.entries(DELIMITER_NAMES).find(([, value]) => value === delimiter)?.[0] ?? 'comma') as keyof typeof DELIMITER_NAMES;

export function toImport(record: TImportRecord, rejections?: TImportRejectionRecord[]): TImport {
  const base = `/api/${record.kind}/imports/${record._id}`;
  const { rows_total: total, rows_done: done } = record.progress;
  return {
    id: record._id,
    kind: record.kind,
    status: record.status,
    file: { name: record.file.name, bytes: record.file.bytes, encoding: record.file.encoding, delimiter: delimiterName(record.file.delimiter) },
    columns: record.columns.map((header, index) => ({ header, field: record.mapping[index] ?? null })),
    options: record.options,
    progress: { rows_total: total, rows_done: done, percent: total ? Math.floor((done / total) * 1000) / 10 : record.status === 'completed' ? 100 : null },
    result: record.result,
    duplicates_sample: record.duplicates_sample,
    ...(rejections ? { rejections: rejections.map((rejection) => ({ line: rejection.line, problems: rejection.problems })) } : {}),
    error: record.error,
    links: { self: base, rejections: `${base}/rejections`, errors_csv: `${base}/errors.csv`, start: record.status === 'draft' ? `${base}/start` : null },
    created_by: record.created_by,
    created_at: record.created_at.toISOString(),
    started_at: record.started_at?.toISOString() ?? null,
    finished_at: record.finished_at?.toISOString() ?? null,
  };
}
