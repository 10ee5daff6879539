import { parse, type CsvError } from 'csv-parse';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Text encodings an import accepts: UTF-8 (with or without BOM), UTF-16 with a BOM, and Excel's Windows-1252. */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type TCsvDelimiter = (typeof CSV_DELIMITERS)[number];

/** The longest row we read: a quote left open would otherwise swallow the rest of the file into one field. */
export const MAX_ROW_CHARS = 64 * 1024;

/** A file that cannot be read as CSV at all: nothing of it is imported. `line` is 1-based when known. */
export class CsvFileError extends Error {
  readonly code: string;
  readonly line: number | null;
  constructor(code: string, message: string, line: number | null = null) {
    super(message);
    this.name = 'CsvFileError';
    this.code = code;
    this.line = line;
  }
}

/** One record of the file: the line it starts on (counting every line, blank ones too) and its fields. */
export interface TCsvRow {
  line: number;
  fields: string[];
}

/**
 * Streams a CSV file as rows, in batches, through `csv-parse`: bytes are decoded as they
 * arrive (invalid UTF-8 is an error, not replacement characters), quotes are strict, rows
 * are bounded, and blank rows (empty, or only delimiters) are skipped but still counted, so
 * line numbers match what the user sees in a text editor. Rows may have any number of fields;
 * the caller decides what a ragged row means. Nothing but the current chunk and batch is held
 * in memory.
 */
export async function* readCsvRows(
  source: AsyncIterable<Uint8Array>,
  options: { encoding: TImportEncoding; delimiter: TCsvDelimiter; batchSize?: number },
): AsyncGenerator<TCsvRow[]> {
  const batchSize = options.batchSize ?? 500;
  const decoder = new DecodeTransform(options.encoding);
  const parser = parse({ delimiter: options.delimiter, relax_column_count: true, skip_empty_lines: false, max_record_size: MAX_ROW_CHARS });
  const input = source instanceof Readable ? source : Readable.from(source);
  // The pipeline's own failure is read through the parser's iteration; catching here only keeps it from being unhandled.
  const flowing = pipeline(input, decoder, parser).catch(() => undefined);
  let line = 1;
  let batch: TCsvRow[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1 + newlinesIn(record);
      if (record.every((field) => field === '')) continue;
      batch.push({ line: start, fields: record });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } catch (error) {
    throw toFileError(error, line);
  } finally {
    input.destroy();
    await flowing;
  }
}

function newlinesIn(record: string[]): number {
  let count = 0;
  for (const field of record) {
    if (field.length === 0 || !field.includes('\n')) continue;
    for (let index = field.indexOf('\n'); index !== -1; index = field.indexOf('\n', index + 1)) count++;
  }
  return count;
}

/** csv-parse's errors, and ours, as one sentence a person can act on. */
function toFileError(error: unknown, line: number): CsvFileError {
  if (error instanceof CsvFileError) return error;
  const csvError = error as Partial<CsvError> & { code?: string; lines?: number };
  const at = typeof csvError.lines === 'number' && csvError.lines > 0 ? csvError.lines : line;
  switch (csvError.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CsvFileError('quote_not_closed', `A quoted field opened on or before line ${at} is never closed: a " is missing, so the rest of the file would be one field`, at);
    case 'INVALID_OPENING_QUOTE':
      return new CsvFileError('stray_quote', `Line ${at} has a " inside a field that does not start with one; put the whole field in quotes and double the inner quotes ("")`, at);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new CsvFileError('stray_quote', `Line ${at} has text right after a closing quote; a quoted field must end at the delimiter or the end of the line`, at);
    case 'CSV_MAX_RECORD_SIZE':
      return new CsvFileError('row_too_long', `Line ${at} is longer than ${MAX_ROW_CHARS / 1024} KB: most likely a quote is left open`, at);
    default:
      return new CsvFileError('unreadable', `The file could not be read as CSV near line ${at}: ${error instanceof Error ? error.message : String(error)}`, at);
  }
}

/** Bytes → text in the chosen encoding, failing on bytes that are not valid in it (UTF-8). */
class DecodeTransform extends Transform {
  private readonly decoder: TextDecoder;
  private readonly encoding: TImportEncoding;
  private lines = 1;

  constructor(encoding: TImportEncoding) {
    super({ decodeStrings: false, readableObjectMode: false });
    this.encoding = encoding;
    // BOMs are dropped by the decoder (ignoreBOM: false).
    this.decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  }

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
    const result = this.decode(chunk, true);
    if (result instanceof CsvFileError) callback(result);
    else callback(null, result);
  }

  override _flush(callback: TransformCallback): void {
    const result = this.decode(undefined, false);
    if (result instanceof CsvFileError) callback(result);
    else callback(null, result);
  }

  private decode(chunk: Uint8Array | undefined, stream: boolean): CsvFileError | string {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream });
    } catch {
      const lenient = new TextDecoder(this.encoding).decode(chunk ?? new Uint8Array());
      const bad = lenient.indexOf('\uFFFD');
      const line = this.lines + countNewlines(lenient.slice(0, bad === -1 ? lenient.length : bad));
      return notUtf8(line);
    }
    if (text.includes('\u0000')) {
      const line = this.lines + countNewlines(text.slice(0, text.indexOf('\u0000')));
      return new CsvFileError('binary', `Line ${line} holds binary data (NUL bytes): this is not a text CSV file`, line);
    }
    this.lines += countNewlines(text);
    return text;
  }
}

const countNewlines = (text: string) => {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
};

export const notUtf8 = (line: number) =>
  new CsvFileError(
    'not_utf8',
    `Line ${line} is not valid UTF-8 text. Save the file as "CSV UTF-8", or upload it again with encoding=windows-1252 if it came from Excel on Windows`,
    line,
  );
