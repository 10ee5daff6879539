import type { TDocument } from '../../../shared/ports/document-store.ts';
import type { TCollectionView } from './query-planner.ts';
import { SortedIndex } from './sorted-index.ts';
import type { TIndexDefinition, TIndexEntry } from './sorted-index.ts';
import { duplicateKeyError } from './store-errors.ts';
import { typeEnd, typeStart } from './value-order.ts';

const DATES_START = typeStart(new Date(0));
const DATES_END = typeEnd(new Date(0));

/**
 * One collection in memory: documents by `_id` (insertion order is the natural order) and its
 * secondary indexes. Stored documents are immutable: a write puts a new version in place of the
 * old one, which lets a snapshot serialize a consistent copy while writes go on.
 */
export class CollectionState implements TCollectionView {
  readonly name: string;
  readonly namespace: string;
  readonly documents = new Map<string, TDocument>();
  indexes: SortedIndex[] = [];

  constructor(databaseName: string, name: string) {
    this.name = name;
    this.namespace = `${databaseName}.${name}`;
  }

  /** Throws MongoDB's duplicate key error if writing `next` (replacing `previous`) breaks a unique index. */
  checkUnique(next: TDocument, previous: TDocument | undefined): void {
    if (!previous && this.documents.has(next._id)) throw duplicateKeyError(this.namespace, '_id_', { _id: 1 }, { _id: next._id });
    for (const index of this.indexes) {
      if (!index.definition.unique) continue;
      const conflict = index.findConflict(next);
      if (conflict) throw duplicateKeyError(this.namespace, index.name, index.definition.keys, index.keyOf(conflict.entry));
    }
  }

  /** Stores a checked document version; `previous` is the version it replaces. */
  put(next: TDocument, previous: TDocument | undefined): void {
    this.documents.set(next._id, next);
    for (const index of this.indexes) {
      if (previous) index.replace(previous, next);
      else index.add(next);
    }
  }

  /** Stores new documents, already checked, with one sorted merge per index (insertMany). */
  putMany(documents: readonly TDocument[]): void {
    for (const document of documents) this.documents.set(document._id, document);
    for (const index of this.indexes) index.addMany(documents);
  }

  /** Whether a secondary index is unique: then inserts are checked one by one against it. */
  get hasUniqueIndex(): boolean {
    return this.indexes.some((index) => index.definition.unique === true);
  }

  remove(document: TDocument): void {
    this.documents.delete(document._id);
    for (const index of this.indexes) index.remove(document);
  }

  /** Builds a new index over the current documents; a unique one fails on existing duplicates. */
  createIndex(definition: TIndexDefinition): SortedIndex {
    const index = new SortedIndex(definition);
    index.build(this.documents.values());
    if (definition.unique) {
      const duplicate = index.findDuplicate();
      if (duplicate) throw duplicateKeyError(this.namespace, index.name, definition.keys, index.keyOf(duplicate));
    }
    this.indexes.push(index);
    return index;
  }

  /** Rebuilds every index after a load, one sort each. */
  rebuildIndexes(definitions: TIndexDefinition[]): void {
    this.indexes = definitions.map((definition) => {
      const index = new SortedIndex(definition);
      index.build(this.documents.values());
      return index;
    });
  }

  get hasTtl(): boolean {
    return this.indexes.some((index) => index.definition.expireAfterSeconds !== undefined);
  }

  /**
   * Documents a TTL index says have expired at `now`: the date in the indexed field (the earliest,
   * for arrays) plus `expireAfterSeconds` is not after `now`. Non-date values never expire.
   */
  expired(now: Date): TDocument[] {
    const out = new Set<TDocument>();
    for (const index of this.indexes) {
      const seconds = index.definition.expireAfterSeconds;
      if (seconds === undefined) continue;
      const cutoff = now.getTime() - seconds * 1000;
      // Dates form one contiguous run of the index; walk it from the earliest date.
      const ascending = (index.fields[0]?.direction ?? 1) === 1;
      const from = index.lowerBound([ascending ? DATES_START : DATES_END], true);
      const to = index.upperBound([ascending ? DATES_END : DATES_START], true);
      index.each(from, to, !ascending, (entry: TIndexEntry) => {
        const value = entry[0];
        if (!(value instanceof Date)) return true;
        if (value.getTime() > cutoff) return false;
        out.add(index.documentOf(entry));
        return true;
      });
    }
    return [...out];
  }
}
