import { closeSync, fsyncSync, ftruncateSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import type { TDocument } from '../../../shared/ports/document-store.ts';
import { encodeValue, reviveValue } from './document-values.ts';
import type { TIndexDefinition } from './sorted-index.ts';

/**
 * The on-disk format (see README.md): generations of `snapshot-<n>.ndjson` (complete state, written
 * to a temporary name and renamed into place) and `journal-<n>.ndjson` (writes after snapshot n).
 * Both are sequences of records; a record is one or more lines
 *
 *     <crc32 of json, 8 hex><'+' if the record continues on the next line, else ' '><json>\n
 *
 * where json is an array of operations on collections. A record counts only once its last line
 * is complete and every line's checksum holds, so a write torn by a crash is ignored on load.
 */

/**
 * One operation on collection `c`: documents put (inserted or replaced whole), ids deleted, or an
 * index created. In snapshots an index also carries `order`: its documents in index order, as
 * positions in the snapshot's list of that collection's documents, so loading needs no sort.
 */
export interface TJournalOperation {
  c: string;
  put?: TDocument[];
  del?: string[];
  index?: TIndexDefinition;
  order?: number[];
}

const LINE_TARGET_BYTES = 4 << 20;
const FILE_PATTERN = /^(snapshot|journal)-(\d+)\.ndjson$/;

export const snapshotName = (generation: number): string => `snapshot-${String(generation).padStart(6, '0')}.ndjson`;
export const journalName = (generation: number): string => `journal-${String(generation).padStart(6, '0')}.ndjson`;

export interface TDirectoryListing {
  snapshots: number[];
  journals: number[];
  temporary: string[];
}

export function listDirectory(directory: string): TDirectoryListing {
  const listing: TDirectoryListing = { snapshots: [], journals: [], temporary: [] };
  for (const name of readdirSync(directory)) {
    const match = FILE_PATTERN.exec(name);
    if (match) (match[1] === 'snapshot' ? listing.snapshots : listing.journals).push(Number(match[2]));
    else if (name.endsWith('.tmp')) listing.temporary.push(name);
  }
  listing.snapshots.sort((a, b) => a - b);
  listing.journals.sort((a, b) => a - b);
  return listing;
}

/** Serializes operations into record lines of a few MB each (big batches span several lines). */
export function recordLines(operations: TJournalOperation[]): string[] {
  const bodies: string[] = [];
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length > 0) bodies.push(`[${parts.join(',')}]`);
    parts = [];
    size = 0;
  };
  const push = (part: string) => {
    if (size > 0 && size + part.length > LINE_TARGET_BYTES) flush();
    parts.push(part);
    size += part.length + 1;
  };
  for (const operation of operations) {
    const collection = JSON.stringify(operation.c);
    if (operation.index) push(`{"c":${collection},"index":${JSON.stringify(operation.index)}${operation.order ? `,"order":${JSON.stringify(operation.order)}` : ''}}`);
    if (operation.del) push(`{"c":${collection},"del":${JSON.stringify(operation.del)}}`);
    if (operation.put) {
      let documents: string[] = [];
      let bytes = 0;
      for (const document of operation.put) {
        const json = JSON.stringify(encodeValue(document));
        if (bytes > 0 && bytes + json.length > LINE_TARGET_BYTES) {
          push(`{"c":${collection},"put":[${documents.join(',')}]}`);
          documents = [];
          bytes = 0;
        }
        documents.push(json);
        bytes += json.length + 1;
      }
      if (documents.length > 0) push(`{"c":${collection},"put":[${documents.join(',')}]}`);
    }
  }
  flush();
  return bodies.map((body, i) => `${crc32(body).toString(16).padStart(8, '0')}${i < bodies.length - 1 ? '+' : ' '}${body}\n`);
}

function writeFully(fd: number, text: string): number {
  const buffer = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
  return buffer.length;
}

/**
 * The journal being appended to. `append` returns once the record is handed to the OS (a
 * synchronous write), so a process killed afterwards loses nothing; if a write fails half-way
 * the file is cut back to the previous record so no torn record is ever followed by another.
 */
export class JournalWriter {
  readonly generation: number;
  bytes: number;
  private fd: number;

  constructor(directory: string, generation: number) {
    this.generation = generation;
    this.fd = openSync(join(directory, journalName(generation)), 'a');
    this.bytes = 0;
  }

  append(operations: TJournalOperation[]): void {
    const start = this.bytes;
    let written = 0;
    try {
      for (const line of recordLines(operations)) written += writeFully(this.fd, line);
    } catch (error) {
      ftruncateSync(this.fd, start);
      throw error;
    }
    this.bytes = start + written;
  }

  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}

export class CorruptStoreError extends Error {
  constructor(file: string, offset: number) {
    super(`Embedded store file ${file} is corrupt at byte ${offset}: a damaged record is followed by valid ones, so this is not a torn last write. Restore a backup or remove the file.`);
    this.name = 'CorruptStoreError';
  }
}

interface TLine {
  start: number;
  end: number;
}

/**
 * Reads every complete record of one file, handing each record's operations to `apply` in order.
 * A damaged or unfinished tail is ignored; damage followed by intact records throws.
 */
export function readRecords(path: string, apply: (operations: TJournalOperation[]) => void): void {
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.alloc(0);
    let bufferOffset = 0; // file offset of buffer[0]
    let fileOffset = 0;
    let pending: TJournalOperation[] = [];
    let damagedAt = -1;
    const chunk = Buffer.allocUnsafe(16 << 20);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, fileOffset);
      if (read === 0) break;
      fileOffset += read;
      buffer = buffer.length === 0 ? Buffer.from(chunk.subarray(0, read)) : Buffer.concat([buffer, chunk.subarray(0, read)]);
      let position = 0;
      for (;;) {
        const newline = buffer.indexOf(10, position);
        if (newline < 0) break;
        const line: TLine = { start: position, end: newline };
        position = newline + 1;
        const parsed = damagedAt < 0 ? parseLine(buffer, line) : undefined;
        if (damagedAt >= 0) {
          if (parseLine(buffer, line)) throw new CorruptStoreError(path, damagedAt);
          continue;
        }
        if (!parsed) {
          damagedAt = bufferOffset + line.start;
          continue;
        }
        for (const operation of parsed.operations) pending.push(operation);
        if (!parsed.continues) {
          apply(pending);
          pending = [];
        }
      }
      buffer = buffer.subarray(position);
      bufferOffset += position;
    }
  } finally {
    closeSync(fd);
  }
}

function parseLine(buffer: Buffer, line: TLine): { operations: TJournalOperation[]; continues: boolean } | undefined {
  if (line.end - line.start < 11) return undefined;
  const checksum = Number.parseInt(buffer.toString('latin1', line.start, line.start + 8), 16);
  const flag = buffer[line.start + 8];
  const body = buffer.subarray(line.start + 9, line.end);
  if (Number.isNaN(checksum) || (flag !== 0x20 && flag !== 0x2b) || crc32(body) !== checksum) return undefined;
  try {
    const operations = JSON.parse(body.toString('utf8')) as TJournalOperation[];
    for (const operation of operations) if (operation.put) for (const document of operation.put) reviveValue(document);
    return { operations, continues: flag === 0x2b };
  } catch {
    return undefined;
  }
}

/** What a snapshot holds for one collection; documents are the immutable stored versions. */
export interface TSnapshotCollection {
  name: string;
  indexes: { definition: TIndexDefinition; order: number[] | undefined }[];
  documents: TDocument[];
}

const SNAPSHOT_BATCH = 2000;

/** The last record of every snapshot: a snapshot without it was not written completely. */
export const SNAPSHOT_END: TJournalOperation = { c: '', del: [] };

export const isSnapshotEnd = (operation: TJournalOperation): boolean => operation.c === '' && Array.isArray(operation.del) && operation.del.length === 0;

async function writeAll(handle: FileHandle, lines: string[]): Promise<void> {
  const buffer = Buffer.from(lines.join(''), 'utf8');
  let written = 0;
  while (written < buffer.length) written += (await handle.write(buffer, written, buffer.length - written)).bytesWritten;
}

/**
 * Writes snapshot `generation` without blocking the event loop for long: to a temporary file,
 * flushed to disk, then renamed into place, so a crash at any point leaves either the old
 * generation or the complete new one. The last record is {@link SNAPSHOT_END}.
 */
export async function writeSnapshot(directory: string, generation: number, collections: TSnapshotCollection[]): Promise<void> {
  const temporary = join(directory, `${snapshotName(generation)}.tmp`);
  const handle = await open(temporary, 'w');
  let complete = false;
  try {
    for (const collection of collections) {
      for (const { definition, order } of collection.indexes) {
        await writeAll(handle, recordLines([{ c: collection.name, index: definition, ...(order ? { order } : {}) }]));
      }
      for (let i = 0; i < collection.documents.length; i += SNAPSHOT_BATCH) {
        await writeAll(handle, recordLines([{ c: collection.name, put: collection.documents.slice(i, i + SNAPSHOT_BATCH) }]));
        await yieldToEventLoop();
      }
    }
    await writeAll(handle, recordLines([SNAPSHOT_END]));
    await handle.sync();
    complete = true;
  } finally {
    await handle.close();
    if (!complete) unlinkQuietly(temporary);
  }
  renameSync(temporary, join(directory, snapshotName(generation)));
  syncDirectory(directory);
}

export function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
