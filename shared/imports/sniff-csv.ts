import { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.ts';
import { CSV_DELIMITERS, CsvFileError, notUtf8, readCsvRows, type TCsvDelimiter, type TImportEncoding } from './read-csv.ts';

/** The most columns (and the longest header) a file may have. */
export const MAX_COLUMNS = 200;
const MAX_HEADER_CHARS = 200;
/** How much of the file the upload request looks at; the job reads all of it. */
const HEAD_BYTES = 512 * 1024;
const SAMPLE_ROWS = 20;

export interface TSniffedCsv {
  encoding: TImportEncoding;
  delimiter: TCsvDelimiter;
  header: string[];
  /** The first data rows, for the preview. */
  sample: string[][];
  warnings: string[];
}

const fileProblem = (message: string, extensions: Record<string, unknown> = {}) =>
  new AppError('invalid', message, { fieldErrors: [{ location: 'file', field: 'file', detail: message }], extensions });

/** What other files look like at their start, so the answer can say what was uploaded instead. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'an Excel workbook (.xlsx) or another ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel workbook (.xls)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Checks an upload before anything is stored: not empty, not a workbook or an image, text in
 * a known encoding, a header row of named, bounded columns. Only the start of the file is
 * read; the job checks every row before it writes (validation pass). Problems are 400s with a
 * `file` field error that says what to do.
 */
export async function sniffCsv(data: Uint8Array, requested: { encoding?: TImportEncoding | undefined; delimiter?: TCsvDelimiter | undefined }): Promise<TSniffedCsv> {
  if (data.length === 0) throw fileProblem('The file is empty');
  const signature = SIGNATURES.find((candidate) => candidate.bytes.every((byte, index) => data[index] === byte));
  if (signature) throw fileProblem(`This file is ${signature.what}, not a CSV. In Excel or Google Sheets, save or download it as "CSV UTF-8" and upload that`);

  const encoding = requested.encoding ?? detectEncoding(data);
  const head = data.subarray(0, HEAD_BYTES);
  const text = decodeHead(head, encoding);
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const trimmed = firstLine.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) throw fileProblem('This file looks like JSON, not a CSV');
  if (/^<(\?xml|!doctype|html)/i.test(trimmed)) throw fileProblem('This file looks like HTML or XML, not a CSV');
  const delimiter = requested.delimiter ?? detectDelimiter(firstLine);

  const rows: string[][] = [];
  try {
    for await (const batch of readCsvRows(Readable.from([head]), { encoding, delimiter, batchSize: SAMPLE_ROWS + 1 })) {
      rows.push(...batch.map((row) => row.fields));
      if (rows.length > SAMPLE_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof CsvFileError)) throw error;
    // The head may end inside a quoted field: that is not the file's fault (the job reads it whole).
    const cutShort = data.length > head.length && error.code === 'quote_not_closed';
    if (!cutShort) throw fileProblem(error.message, { line: error.line, problem: error.code });
  }
  const [header, ...sample] = rows;
  if (!header) throw fileProblem('The file holds no rows');
  if (header.length > MAX_COLUMNS) throw fileProblem(`The file has ${header.length} columns; at most ${MAX_COLUMNS} are supported`);
  const problems: string[] = [];
  header.forEach((cell, index) => {
    if (!cell.trim()) problems.push(`column ${index + 1} has no name`);
    else if (cell.length > MAX_HEADER_CHARS) problems.push(`the name of column ${index + 1} is longer than ${MAX_HEADER_CHARS} characters`);
  });
  if (problems.length > 0) throw fileProblem(`The first row must name every column: ${problems.slice(0, 5).join('; ')}`);
  if (sample.length === 0 && data.length <= head.length) throw fileProblem('The file has column names but no rows below them');
  const warnings: string[] = [];
  if (header.some((cell) => /^[\d\s$.,()+-]+$/.test(cell))) warnings.push('The first row holds numbers: make sure it names the columns rather than being a row of data');
  return { encoding, delimiter, header: header.map((cell) => cell.trim()), sample: sample.slice(0, SAMPLE_ROWS), warnings };
}

/** A BOM says it; otherwise UTF-8, and the head is checked to really be UTF-8. */
function detectEncoding(data: Uint8Array): TImportEncoding {
  if (data[0] === 0xff && data[1] === 0xfe) return 'utf-16le';
  if (data[0] === 0xfe && data[1] === 0xff) return 'utf-16be';
  // UTF-16 without a BOM: every other byte of ASCII text is zero.
  const probe = data.subarray(0, 200);
  const zeros = probe.filter((byte) => byte === 0).length;
  if (probe.length >= 8 && zeros >= probe.length / 3) {
    throw fileProblem('The file looks like UTF-16 text without a byte order mark; save it as "CSV UTF-8"');
  }
  return 'utf-8';
}

function decodeHead(head: Uint8Array, encoding: TImportEncoding): string {
  try {
    // `stream: true`: a character cut at the end of the head is not an error.
    return new TextDecoder(encoding, { fatal: encoding === 'utf-8' }).decode(head, { stream: true });
  } catch {
    const lenient = new TextDecoder(encoding).decode(head);
    const bad = lenient.indexOf('\uFFFD');
    const line = 1 + (lenient.slice(0, bad).match(/\n/g)?.length ?? 0);
    const error = notUtf8(line);
    throw fileProblem(error.message, { line, problem: error.code, suggested_encoding: 'windows-1252' });
  }
}

/** The separator used most often in the header line outside quotes (comma when none is used). */
export function detectDelimiter(line: string): TCsvDelimiter {
  const counts = new Map<TCsvDelimiter, number>(CSV_DELIMITERS.map((delimiter) => [delimiter, 0]));
  let quoted = false;
  for (const character of line) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && counts.has(character as TCsvDelimiter)) counts.set(character as TCsvDelimiter, (counts.get(character as TCsvDelimiter) ?? 0) + 1);
  }
  let best: TCsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}
