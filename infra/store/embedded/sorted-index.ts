import type { Query } from 'mingo/query';
import type { TDocument, TFilter, TIndexSpec } from '../../../shared/ports/document-store.ts';
import { valuesAtPath } from './document-values.ts';
import type { TArraysSeen } from './document-values.ts';
import { compileQuery } from './mingo-context.ts';
import { storeError } from './store-errors.ts';
import { compareValues } from './value-order.ts';

/** An index as declared, with MongoDB's defaults filled in (name `a_1_b_-1`). */
export interface TIndexDefinition {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  partialFilterExpression?: TFilter;
  expireAfterSeconds?: number;
}

export interface TIndexField {
  path: string;
  parts: string[];
  direction: 1 | -1;
}

/** One index entry: the key values in field order, then the document they belong to. */
export type TIndexEntry = unknown[];

/** A place between entries: chunk number and offset in that chunk. */
export interface TIndexPosition {
  chunk: number;
  offset: number;
}

export const defaultIndexName = (keys: Record<string, 1 | -1>): string =>
  Object.entries(keys)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');

export function normalizeIndexSpec(spec: TIndexSpec): TIndexDefinition {
  const fields = Object.entries(spec.keys);
  if (fields.length === 0) throw storeError(67, 'Index keys cannot be empty.');
  for (const [field, direction] of fields) {
    if (direction !== 1 && direction !== -1) throw storeError(67, `Values in the index key pattern can only be 1 or -1, found ${String(direction)} for ${field}`);
  }
  if (spec.expireAfterSeconds !== undefined && fields.length !== 1) throw storeError(67, 'TTL indexes are single-field indexes, compound indexes do not support TTL.');
  const definition: TIndexDefinition = { name: spec.name ?? defaultIndexName(spec.keys), keys: { ...spec.keys } };
  if (spec.unique) definition.unique = true;
  if (spec.partialFilterExpression) definition.partialFilterExpression = spec.partialFilterExpression;
  if (spec.expireAfterSeconds !== undefined) definition.expireAfterSeconds = spec.expireAfterSeconds;
  return definition;
}

export const sameDefinition = (a: TIndexDefinition, b: TIndexDefinition): boolean => JSON.stringify(a) === JSON.stringify(b);

const MAX_CHUNK = 1024;

/**
 * A secondary index: entries kept in key order (then `_id`) in a list of sorted chunks, so an
 * insert or delete costs a binary search plus a short splice, and a range is found in
 * O(log n). Arrays in indexed fields produce one entry per element (multikey), as in MongoDB.
 */
export class SortedIndex {
  readonly definition: TIndexDefinition;
  readonly fields: TIndexField[];
  /** True once any document produced more than one entry; such an index cannot return sorted, unique documents. */
  multikey = false;
  /**
   * Per field, the path components where some document had an array (bit i: the first i + 1
   * parts), like MongoDB's multikey paths: they decide which range bounds may be intersected.
   */
  readonly multikeyComponents: number[];
  size = 0;
  private chunks: TIndexEntry[][] = [];
  private readonly partial: Query | undefined;
  private readonly width: number;
  /** Every field is top-level (no dotted path). */
  private readonly topLevel: boolean;

  constructor(definition: TIndexDefinition) {
    this.definition = definition;
    this.fields = Object.entries(definition.keys).map(([path, direction]) => ({ path, parts: path.split('.'), direction }));
    this.width = this.fields.length;
    this.multikeyComponents = this.fields.map(() => 0);
    this.topLevel = this.fields.every((field) => field.parts.length === 1);
    this.partial = definition.partialFilterExpression ? compileQuery(definition.partialFilterExpression) : undefined;
  }

  get name(): string {
    return this.definition.name;
  }

  /** Whether the document belongs in this index (partial indexes hold only matching documents). */
  covers(document: TDocument): boolean {
    return this.partial === undefined || this.partial.test(document);
  }

  /**
   * The entries a document contributes: none outside a partial index, one per element for arrays.
   * Any array (even of one element) marks the index multikey: its keys no longer say exactly
   * which documents match (`{tags: null}` does not match `tags: []`), nor give a unique order.
   */
  entriesFor(document: TDocument): TIndexEntry[] {
    if (!this.covers(document)) return [];
    const single = this.topLevel ? this.topLevelEntry(document) : undefined;
    if (single) return [single];
    let entries: TIndexEntry[] = [[]];
    for (let i = 0; i < this.width; i++) {
      const field = this.fields[i] as TIndexField;
      const direct = field.parts.length === 1 ? document[field.path] : undefined;
      const values = field.parts.length === 1 && !Array.isArray(direct) ? [direct] : this.multikeyValues(document, i);
      if (values.length === 1) {
        const value = values[0] ?? null;
        for (const entry of entries) entry.push(value);
      } else {
        const next: TIndexEntry[] = [];
        for (const entry of entries) for (const value of values) next.push([...entry, value ?? null]);
        entries = next;
      }
    }
    for (const entry of entries) entry.push(document);
    if (entries.length > 1) {
      entries.sort((a, b) => this.compareEntries(a, b));
      entries = entries.filter((entry, i) => i === 0 || this.compareEntries(entry, entries[i - 1] as TIndexEntry) !== 0);
    }
    return entries;
  }

  /** The common case without allocating per field: top-level fields, no arrays. */
  private topLevelEntry(document: TDocument): TIndexEntry | undefined {
    const entry: TIndexEntry = new Array(this.width + 1);
    for (let i = 0; i < this.width; i++) {
      const value = document[(this.fields[i] as TIndexField).path];
      if (Array.isArray(value)) return undefined;
      entry[i] = value ?? null;
    }
    entry[this.width] = document;
    return entry;
  }

  /** Values reached through an array make this index multikey for good (as in MongoDB). */
  private multikeyValues(document: TDocument, field: number): unknown[] {
    const seen: TArraysSeen = { array: false, components: 0 };
    const values = valuesAtPath(document, (this.fields[field] as TIndexField).parts, seen);
    if (seen.array) {
      this.multikey = true;
      this.multikeyComponents[field] = (this.multikeyComponents[field] ?? 0) | seen.components;
    }
    return values;
  }

  /** Index order: each field in its direction, then `_id` ascending. */
  compareEntries(a: TIndexEntry, b: TIndexEntry): number {
    const fields = this.fields;
    for (let i = 0; i < this.width; i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return (fields[i] as TIndexField).direction === 1 ? c : -c;
    }
    const idA = (a[this.width] as TDocument)._id;
    const idB = (b[this.width] as TDocument)._id;
    return idA === idB ? 0 : idA < idB ? -1 : 1;
  }

  /** Compares an entry with a key prefix (fewer values than fields), in index order. */
  comparePrefix(entry: TIndexEntry, prefix: readonly unknown[]): number {
    for (let i = 0; i < prefix.length; i++) {
      const c = compareValues(entry[i], prefix[i]);
      if (c !== 0) return (this.fields[i] as TIndexField).direction === 1 ? c : -c;
    }
    return 0;
  }

  keyOf(entry: TIndexEntry): Record<string, unknown> {
    const key: Record<string, unknown> = {};
    this.fields.forEach((field, i) => (key[field.path] = entry[i] ?? null));
    return key;
  }

  documentOf(entry: TIndexEntry): TDocument {
    return entry[this.width] as TDocument;
  }

  add(document: TDocument): void {
    for (const entry of this.entriesFor(document)) this.insertEntry(entry);
  }

  /**
   * Adds many documents at once: their entries are sorted among themselves, then merged into
   * the chunks in one forward pass, so each chunk they land in is rewritten once, in place,
   * instead of being spliced once per entry (an import batch puts ~15 search-token entries per
   * lead into one index). Rewriting in place allocates nothing: with a large heap, fresh chunk
   * copies made the garbage collector the largest cost of an import.
   */
  addMany(documents: readonly TDocument[]): void {
    const incoming: TIndexEntry[] = [];
    for (const document of documents) for (const entry of this.entriesFor(document)) incoming.push(entry);
    if (incoming.length < 64 && this.size > 0) {
      for (const entry of incoming) this.insertEntry(entry);
      return;
    }
    incoming.sort((a, b) => this.compareEntries(a, b));
    if (this.size === 0) return this.setEntries(incoming);
    const chunks = this.chunks;
    const merged: TIndexEntry[][] = [];
    let next = 0;
    for (let c = 0; c < chunks.length; c++) {
      const chunk = chunks[c] as TIndexEntry[];
      // The last chunk takes everything left; others take the entries that sort before their last entry.
      let end = next;
      if (c === chunks.length - 1) end = incoming.length;
      else while (end < incoming.length && this.compareEntries(incoming[end] as TIndexEntry, chunk[chunk.length - 1] as TIndexEntry) < 0) end++;
      if (end > next) this.mergeInPlace(chunk, incoming, next, end);
      next = end;
      merged.push(chunk);
      // An overgrown chunk keeps its first half and hands the rest on in half-size chunks.
      if (chunk.length > MAX_CHUNK) {
        for (let i = MAX_CHUNK / 2; i < chunk.length; i += MAX_CHUNK / 2) merged.push(chunk.slice(i, i + MAX_CHUNK / 2));
        chunk.length = MAX_CHUNK / 2;
      }
    }
    this.chunks = merged;
    this.size += incoming.length;
  }

  /**
   * Merges `incoming[from, to)` (sorted) into `chunk` from the back, and every stored entry moves
   * at most once. Each entry's place is found by galloping back from the previous one's, then a
   * binary search: entries that land together (ascending keys such as creation times, one import
   * batch after another) cost one or two comparisons instead of a full search each.
   */
  private mergeInPlace(chunk: TIndexEntry[], incoming: TIndexEntry[], from: number, to: number): void {
    let read = chunk.length;
    for (let i = from; i < to; i++) chunk.push(incoming[i] as TIndexEntry);
    for (let i = to - 1; i >= from; i--) {
      const entry = incoming[i] as TIndexEntry;
      // chunk[hi, read) sorts at or after the entry; chunk[probe] (when probe >= 0) before it.
      let hi = read;
      let probe = read - 1;
      for (let step = 1; probe >= 0 && this.compareEntries(chunk[probe] as TIndexEntry, entry) >= 0; step *= 2) {
        hi = probe;
        probe -= step;
      }
      let lo = Math.max(probe + 1, 0);
      while (lo < hi) {
        const middle = (lo + hi) >>> 1;
        if (this.compareEntries(chunk[middle] as TIndexEntry, entry) >= 0) hi = middle;
        else lo = middle + 1;
      }
      const shift = i - from + 1;
      for (let j = read - 1; j >= lo; j--) chunk[j + shift] = chunk[j] as TIndexEntry;
      chunk[lo + shift - 1] = entry;
      read = lo;
    }
  }

  remove(document: TDocument): void {
    for (const entry of this.entriesFor(document)) this.removeEntry(entry);
  }

  /** Swaps a document for its new version, touching the entries only when its key changed. */
  replace(previous: TDocument, next: TDocument): void {
    const before = this.entriesFor(previous);
    const after = this.entriesFor(next);
    if (before.length === 1 && after.length === 1 && this.compareEntries(before[0] as TIndexEntry, after[0] as TIndexEntry) === 0) {
      const position = this.find(before[0] as TIndexEntry);
      if (position) (this.chunks[position.chunk] as TIndexEntry[])[position.offset] = after[0] as TIndexEntry;
      return;
    }
    for (const entry of before) this.removeEntry(entry);
    for (const entry of after) this.insertEntry(entry);
  }

  /** Rebuilds the whole index from documents with one sort (loading, index creation). */
  build(documents: Iterable<TDocument>): void {
    const all: TIndexEntry[] = [];
    for (const document of documents) for (const entry of this.entriesFor(document)) all.push(entry);
    all.sort((a, b) => this.compareEntries(a, b));
    this.setEntries(all);
  }

  /**
   * Rebuilds the index without sorting from a snapshot's order: `positions` index `documents`
   * (the snapshot's documents, in their order) in index order. Returns false, changing nothing,
   * unless they are exactly this index's documents in strictly increasing order.
   */
  buildFromOrder(documents: readonly TDocument[], positions: readonly number[]): boolean {
    const covered = this.partial ? documents.filter((document) => this.covers(document)).length : documents.length;
    if (positions.length !== covered) return false;
    const all: TIndexEntry[] = new Array(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const document = documents[positions[i] as number];
      const entries = document ? this.entriesFor(document) : [];
      const entry = entries[0];
      if (entries.length !== 1 || !entry || (i > 0 && this.compareEntries(all[i - 1] as TIndexEntry, entry) >= 0)) return false;
      all[i] = entry;
    }
    this.setEntries(all);
    return true;
  }

  /** Entry documents in index order as positions in `positionOf` (for snapshots); undefined for multikey indexes. */
  orderedPositions(positionOf: ReadonlyMap<TDocument, number>): number[] | undefined {
    if (this.multikey) return undefined;
    const positions: number[] = [];
    for (const chunk of this.chunks) for (const entry of chunk) positions.push(positionOf.get(entry[this.width] as TDocument) ?? -1);
    return positions;
  }

  private setEntries(all: TIndexEntry[]): void {
    this.chunks = [];
    for (let i = 0; i < all.length; i += MAX_CHUNK / 2) this.chunks.push(all.slice(i, i + MAX_CHUNK / 2));
    this.size = all.length;
  }

  /** Two different documents with the same key, if any (checked when building a unique index). */
  findDuplicate(): TIndexEntry | undefined {
    let previous: TIndexEntry | undefined;
    let duplicate: TIndexEntry | undefined;
    this.each(this.start(), this.end(), false, (entry) => {
      if (previous && this.comparePrefix(entry, previous.slice(0, this.width)) === 0 && this.documentOf(previous) !== this.documentOf(entry)) duplicate = entry;
      previous = entry;
      return duplicate === undefined;
    });
    return duplicate;
  }

  /** Another document holding one of this document's keys (unique indexes). */
  findConflict(document: TDocument): { entry: TIndexEntry; other: TDocument } | undefined {
    for (const entry of this.entriesFor(document)) {
      const key = entry.slice(0, this.width);
      let other: TDocument | undefined;
      this.each(this.lowerBound(key, true), this.end(), false, (existing) => {
        if (this.comparePrefix(existing, key) !== 0) return false;
        const candidate = this.documentOf(existing);
        if (candidate._id !== document._id) other = candidate;
        return other === undefined;
      });
      if (other) return { entry, other };
    }
    return undefined;
  }

  start(): TIndexPosition {
    return { chunk: 0, offset: 0 };
  }

  end(): TIndexPosition {
    return { chunk: this.chunks.length, offset: 0 };
  }

  /** First entry at or after (inclusive) or strictly after a key prefix. */
  lowerBound(prefix: readonly unknown[], inclusive: boolean): TIndexPosition {
    return this.seek((entry) => {
      const c = this.comparePrefix(entry, prefix);
      return inclusive ? c >= 0 : c > 0;
    });
  }

  /** First entry past a key prefix (inclusive) or at it (exclusive): the end of a range. */
  upperBound(prefix: readonly unknown[], inclusive: boolean): TIndexPosition {
    return this.seek((entry) => {
      const c = this.comparePrefix(entry, prefix);
      return inclusive ? c > 0 : c >= 0;
    });
  }

  /**
   * The entries that start with `prefix`: a binary search for the first, then a short walk for
   * the end, since most prefixes of an `$in` lookup hold a few entries; a second search otherwise.
   */
  prefixRange(prefix: readonly unknown[]): { from: TIndexPosition; to: TIndexPosition } {
    const from = this.lowerBound(prefix, true);
    let { chunk, offset } = from;
    for (let steps = 0; steps < 8; steps++) {
      const entries = this.chunks[chunk];
      if (!entries) return { from, to: this.end() };
      if (offset === entries.length) {
        chunk++;
        offset = 0;
        continue;
      }
      if (this.comparePrefix(entries[offset] as TIndexEntry, prefix) !== 0) return { from, to: { chunk, offset } };
      offset++;
    }
    return { from, to: this.upperBound(prefix, true) };
  }

  /** Number of entries before a position: range sizes without visiting entries. */
  rank(position: TIndexPosition): number {
    let count = position.offset;
    for (let i = 0; i < position.chunk && i < this.chunks.length; i++) count += (this.chunks[i] as TIndexEntry[]).length;
    return count;
  }

  /** Visits entries in [from, to), forwards or backwards, until `visit` returns false. */
  each(from: TIndexPosition, to: TIndexPosition, reverse: boolean, visit: (entry: TIndexEntry) => boolean): void {
    const chunks = this.chunks;
    if (!reverse) {
      for (let c = from.chunk; c <= to.chunk && c < chunks.length; c++) {
        const chunk = chunks[c] as TIndexEntry[];
        const end = c === to.chunk ? to.offset : chunk.length;
        for (let i = c === from.chunk ? from.offset : 0; i < end; i++) if (visit(chunk[i] as TIndexEntry) === false) return;
      }
      return;
    }
    for (let c = Math.min(to.chunk, chunks.length - 1); c >= from.chunk; c--) {
      const chunk = chunks[c] as TIndexEntry[];
      const start = c === from.chunk ? from.offset : 0;
      for (let i = (c === to.chunk ? to.offset : chunk.length) - 1; i >= start; i--) if (visit(chunk[i] as TIndexEntry) === false) return;
    }
  }

  /** First entry (over all chunks) for which a monotonic predicate holds. */
  private seek(holds: (entry: TIndexEntry) => boolean): TIndexPosition {
    const chunks = this.chunks;
    let low = 0;
    let high = chunks.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const chunk = chunks[middle] as TIndexEntry[];
      if (holds(chunk[chunk.length - 1] as TIndexEntry)) high = middle;
      else low = middle + 1;
    }
    if (low === chunks.length) return this.end();
    const chunk = chunks[low] as TIndexEntry[];
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const middle = (lo + hi) >>> 1;
      if (holds(chunk[middle] as TIndexEntry)) hi = middle;
      else lo = middle + 1;
    }
    return { chunk: low, offset: lo };
  }

  private find(entry: TIndexEntry): TIndexPosition | undefined {
    const position = this.seek((candidate) => this.compareEntries(candidate, entry) >= 0);
    const found = this.chunks[position.chunk]?.[position.offset];
    return found && this.compareEntries(found, entry) === 0 ? position : undefined;
  }

  private insertEntry(entry: TIndexEntry): void {
    this.size++;
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([entry]);
      return;
    }
    let position = this.seek((candidate) => this.compareEntries(candidate, entry) >= 0);
    if (position.chunk === chunks.length) position = { chunk: chunks.length - 1, offset: (chunks[chunks.length - 1] as TIndexEntry[]).length };
    const chunk = chunks[position.chunk] as TIndexEntry[];
    chunk.splice(position.offset, 0, entry);
    if (chunk.length > MAX_CHUNK) chunks.splice(position.chunk + 1, 0, chunk.splice(MAX_CHUNK / 2));
  }

  private removeEntry(entry: TIndexEntry): void {
    const position = this.find(entry);
    if (!position) return;
    const chunk = this.chunks[position.chunk] as TIndexEntry[];
    chunk.splice(position.offset, 1);
    if (chunk.length === 0) this.chunks.splice(position.chunk, 1);
    this.size--;
  }
}

