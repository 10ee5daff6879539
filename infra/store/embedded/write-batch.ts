import type { TDocument } from '../../../shared/ports/document-store.ts';
import type { CollectionState } from './collection-state.ts';
import type { TJournalOperation } from './journal-files.ts';
import type { TIndexDefinition } from './sorted-index.ts';
import { duplicateKeyError } from './store-errors.ts';

/**
 * The changes of one operation. Each change is applied to memory at once (later changes of the
 * same batch see earlier ones, e.g. unique checks within an insertMany), recorded for the journal,
 * and remembered for undo in case the journal write fails.
 */
export class WriteBatch {
  /** Undefined for an in-memory store: nothing to record or undo. */
  readonly operations: TJournalOperation[] | undefined;
  private readonly undo: (() => void)[] = [];

  constructor(durable: boolean) {
    this.operations = durable ? [] : undefined;
  }

  get isEmpty(): boolean {
    return !this.operations || this.operations.length === 0;
  }

  insert(state: CollectionState, document: TDocument): void {
    state.checkUnique(document, undefined);
    state.put(document, undefined);
    if (!this.operations) return;
    this.record(state.name, 'put', document);
    this.undo.push(() => state.remove(document));
  }

  /**
   * Inserts documents in order, as `insert` one by one would: each failure (a duplicate `_id`, in
   * the collection or earlier in the batch) is reported with its position, and `ordered` stops at
   * the first. Without unique secondary indexes the accepted documents reach the indexes together
   * (CollectionState.putMany); with one, each is checked and stored in turn.
   */
  insertMany(state: CollectionState, documents: readonly TDocument[], ordered: boolean): { insertedCount: number; failures: { position: number; error: unknown }[] } {
    const failures: { position: number; error: unknown }[] = [];
    if (state.hasUniqueIndex) {
      let insertedCount = 0;
      for (let position = 0; position < documents.length; position++) {
        try {
          this.insert(state, documents[position] as TDocument);
          insertedCount++;
        } catch (error) {
          failures.push({ position, error });
          if (ordered) break;
        }
      }
      return { insertedCount, failures };
    }
    const accepted: TDocument[] = [];
    const ids = new Set<string>();
    for (let position = 0; position < documents.length; position++) {
      const document = documents[position] as TDocument;
      if (state.documents.has(document._id) || ids.has(document._id)) {
        failures.push({ position, error: duplicateKeyError(state.namespace, '_id_', { _id: 1 }, { _id: document._id }) });
        if (ordered) break;
        continue;
      }
      ids.add(document._id);
      accepted.push(document);
    }
    if (accepted.length === 0) return { insertedCount: 0, failures };
    state.putMany(accepted);
    if (this.operations) {
      for (const document of accepted) this.record(state.name, 'put', document);
      this.undo.push(() => accepted.forEach((document) => state.remove(document)));
    }
    return { insertedCount: accepted.length, failures };
  }

  replace(state: CollectionState, previous: TDocument, next: TDocument): void {
    state.checkUnique(next, previous);
    state.put(next, previous);
    if (!this.operations) return;
    this.record(state.name, 'put', next);
    this.undo.push(() => state.put(previous, next));
  }

  delete(state: CollectionState, document: TDocument): void {
    state.remove(document);
    if (!this.operations) return;
    this.record(state.name, 'del', document._id);
    this.undo.push(() => state.put(document, undefined));
  }

  createIndex(state: CollectionState, definition: TIndexDefinition): void {
    const index = state.createIndex(definition);
    if (!this.operations) return;
    this.operations.push({ c: state.name, index: definition });
    this.undo.push(() => (state.indexes = state.indexes.filter((existing) => existing !== index)));
  }

  /** Reverts memory to before the batch (the journal did not take it). */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]?.();
  }

  private record(collection: string, kind: 'put', value: TDocument): void;
  private record(collection: string, kind: 'del', value: string): void;
  private record(collection: string, kind: 'put' | 'del', value: TDocument | string): void {
    const operations = this.operations as TJournalOperation[];
    const last = operations[operations.length - 1];
    // Consecutive changes of one kind to one collection share an operation.
    if (last && last.c === collection && !last.index && (kind === 'put' ? last.put : last.del)) {
      if (kind === 'put') last.put?.push(value as TDocument);
      else last.del?.push(value as string);
      return;
    }
    operations.push(kind === 'put' ? { c: collection, put: [value as TDocument] } : { c: collection, del: [value as string] });
  }
}
