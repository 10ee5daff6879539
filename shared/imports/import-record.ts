import type { TCsvDelimiter, TImportEncoding } from './read-csv.ts';

export const IMPORT_KINDS = ['leads', 'buyers'] as const;
export type TImportKind = (typeof IMPORT_KINDS)[number];

/**
 * - `draft`: uploaded for a preview; waits for `start` (or is discarded).
 * - `queued`: started; the job has not picked it up yet.
 * - `validating`: the job reads the whole file once without writing, so a broken file
 *   (encoding, quotes, ragged rows) fails before any record changes.
 * - `importing`: rows are written in batches; progress is saved after each.
 * - `completed` / `failed`: final. A failed import changed nothing.
 */
export const IMPORT_STATUSES = ['draft', 'queued', 'validating', 'importing', 'completed', 'failed'] as const;
export type TImportStatus = (typeof IMPORT_STATUSES)[number];

export const DUPLICATE_POLICIES = ['skip', 'update'] as const;
export type TDuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

/** A problem with one cell (or the whole row when `column` is null). */
export type TRowProblem = { column: string | null; field: string; detail: string };

/** A background CSV import, as stored in `imports`. */
export type TImportRecord = {
  _id: string;
  tenant_id: string;
  kind: TImportKind;
  status: TImportStatus;
  file: { name: string | null; bytes: number; blob_key: string; encoding: TImportEncoding; delimiter: TCsvDelimiter };
  /** The header row. */
  columns: string[];
  /** The field each column fills, or null to ignore it; same length as `columns`. */
  mapping: (string | null)[];
  options: {
    duplicates: TDuplicatePolicy;
    /** Added to every imported record. */
    tags: string[];
    /** Leads: assignee of created leads (checked when the import was started). */
    assigned_to: string | null;
  };
  progress: {
    /** Data rows in the file (blank rows and the header excluded); known after validation. */
    rows_total: number | null;
    rows_done: number;
    /** Last line whose row is fully written: a resumed run continues after it. */
    checkpoint_line: number;
  };
  result: { created: number; updated: number; skipped: number; rejected: number };
  /** The first skipped duplicates, for the portal (all are counted in `result.skipped`). */
  duplicates_sample: { line: number; matched: string; on: string }[];
  /** Why a failed import failed, with the first problems found (line numbers where known). */
  error: { message: string; problems: { line: number | null; detail: string }[] } | null;
  /** A run holds the import until then; another delivery of the job waits. */
  lease_until: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
};

/** A rejected row (`import_rejections`): its line, the raw cells (for errors.csv) and every problem. */
export type TImportRejectionRecord = {
  /** `<import id>:<line>`: writing a row's rejection twice (a resumed run) is harmless. */
  _id: string;
  tenant_id: string;
  import_id: string;
  line: number;
  values: string[];
  problems: TRowProblem[];
};
