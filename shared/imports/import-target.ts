import type { TServiceContext } from '../context/service-context.ts';
import type { TDocument, TUpdate } from '../ports/document-store.ts';
import type { TImportField } from './detect-column-mapping.ts';
import type { TImportKind, TImportRecord, TRowProblem } from './import-record.ts';

/**
 * What an import writes into: its fields and header synonyms, how a row becomes a record,
 * what makes two records the same, and how a stored duplicate is updated. The engine
 * (run-import.ts) does the reading, batching, deduplication, progress and reporting for
 * every kind; leads and buyers each provide one of these.
 */
export interface TImportTarget<R extends TDocument = TDocument> {
  kind: TImportKind;
  collection: string;
  /** `lead`, `buyer`: used in messages. */
  noun: string;
  fields: readonly TImportField[];
  /** A single-valued field named by a second column sends it here (a second "Phone" → another phone). */
  overflow: Readonly<Record<string, string>>;
  /** At least one field of each group must be mapped (a name). */
  requiredAnyOf: readonly (readonly string[])[];
  /** One record from a row, or every problem with it. */
  build(row: MappedRow, meta: { tenantId: string; createdBy: string; now: Date; options: TImportRecord['options'] }): { record: R; problems?: undefined } | { problems: TRowProblem[]; record?: undefined };
  /** The normalised values this record is recognised by (`phone:+15125550142`, `email:…`, `address:…`), strongest first. */
  dedupeKeys(record: R): string[];
  /** Stored records holding any of the keys, by key. */
  findStored(ctx: TServiceContext, keys: readonly string[]): Promise<Map<string, R>>;
  /** The update that brings a stored duplicate up to date with the row (`duplicates=update`), or null when nothing changes. */
  mergeInto(stored: R, incoming: R, row: MappedRow, now: Date): TUpdate | null;
  /** How many more records the plan allows (null: no limit), and the sentence a row beyond it is rejected with. */
  capacity(ctx: TServiceContext): Promise<{ remaining: number; reason: string } | null>;
  /** Describes a stored record in the duplicates sample ("Ann Lee (ld_…)"). */
  describe(record: R): string;
}

/** A row seen through the mapping: values by field, and the column each came from. */
export class MappedRow {
  readonly line: number;
  private readonly cells: readonly string[];
  private readonly columns: ReadonlyMap<string, readonly number[]>;
  private readonly headers: readonly string[];

  constructor(line: number, cells: readonly string[], columns: ReadonlyMap<string, readonly number[]>, headers: readonly string[]) {
    this.line = line;
    this.cells = cells;
    this.columns = columns;
    this.headers = headers;
  }

  /** The first non-empty value of the field, trimmed ('' when none). */
  get(field: string): string {
    for (const index of this.columns.get(field) ?? []) {
      const value = this.cells[index]?.trim();
      if (value) return value;
    }
    return '';
  }

  /** Every non-empty value of the field with its column header, in column order. */
  all(field: string): { value: string; column: string }[] {
    const values: { value: string; column: string }[] = [];
    for (const index of this.columns.get(field) ?? []) {
      const value = this.cells[index]?.trim();
      if (value) values.push({ value, column: this.headers[index] ?? '' });
    }
    return values;
  }

  has(field: string): boolean {
    return this.columns.has(field);
  }

  /** The header of the (first) column mapped to the field, for problem reports. */
  column(field: string): string | null {
    const index = this.columns.get(field)?.[0];
    return index === undefined ? null : (this.headers[index] ?? null);
  }
}

/**
 * Values for `$in` lookups, in slices the embedded store can still answer from an index (it
 * plans at most 512 index ranges per query; a longer `$in` would scan the collection).
 */
export function inSlices<T>(values: readonly T[], size = 500): T[][] {
  const unique = [...new Set(values)];
  const slices: T[][] = [];
  for (let start = 0; start < unique.length; start += size) slices.push(unique.slice(start, start + size));
  return slices;
}

/** Column indexes per field, from a mapping. */
export function columnsByField(mapping: readonly (string | null)[]): Map<string, number[]> {
  const columns = new Map<string, number[]>();
  mapping.forEach((field, index) => {
    if (!field) return;
    columns.set(field, [...(columns.get(field) ?? []), index]);
  });
  return columns;
}

/** `$245,000`, `245000.50`, `245k`, `1.2M` → a number; null for anything else. */
export function parseMoney(value: string): number | null {
  const cleaned = value.replace(/[$,\s]/g, '').toLowerCase();
  const match = /^(\d+(?:\.\d+)?)([km])?$/.exec(cleaned);
  if (!match) return null;
  const amount = Number(match[1]) * (match[2] === 'k' ? 1_000 : match[2] === 'm' ? 1_000_000 : 1);
  return Number.isFinite(amount) ? Math.round(amount * 100) / 100 : null;
}

/** `JOHN SMITH` → `John Smith`, `O'NEIL-SMITH` → `O'Neil-Smith`; mixed case is left as typed. */
export function tidyName(value: string): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed !== trimmed.toUpperCase() || !/[A-Z]/.test(trimmed)) return trimmed;
  return trimmed
    .toLowerCase()
    .replace(/(^|[^\p{L}])\p{L}/gu, (letter) => letter.toUpperCase())
    .replace(/\b(Llc|Lp|Llp|Inc|Ii|Iii|Iv)\b/g, (word) => word.toUpperCase());
}

const ENTITY = /\b(llc|inc|corp|corporation|company|co|trust|estate|holdings|properties|partners|lp|llp|ltd|bank|church|association|assn)\b/i;

/** A full name split for the record: `Smith, John` and `John A Smith` (last word = last name); companies and trusts stay whole. */
export function splitFullName(value: string): { first: string; last: string } {
  const name = tidyName(value);
  if (ENTITY.test(name)) return { first: name, last: '' };
  const comma = name.indexOf(',');
  if (comma > 0) return { first: name.slice(comma + 1).trim(), last: name.slice(0, comma).trim() };
  const space = name.lastIndexOf(' ');
  return space > 0 ? { first: name.slice(0, space), last: name.slice(space + 1) } : { first: name, last: '' };
}

/** Tags from a cell (`probate; vacant, absentee`), cut to what tags allow. */
export function splitTags(value: string): string[] {
  return value
    .split(/[;,|]/)
    .map((tag) => tag.replace(/[^\w -]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 40).trim())
    .filter(Boolean);
}
