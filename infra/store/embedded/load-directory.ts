import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { TDocument } from '../../../shared/ports/document-store.ts';
import { CollectionState } from './collection-state.ts';
import { CorruptStoreError, isSnapshotEnd, journalName, readRecords, snapshotName } from './journal-files.ts';
import type { TDirectoryListing, TJournalOperation } from './journal-files.ts';
import { SortedIndex } from './sorted-index.ts';
import type { TIndexDefinition } from './sorted-index.ts';

export interface TLoadedDirectory {
  collections: Map<string, CollectionState>;
  /** Generation of the snapshot loaded (0: none). */
  base: number;
  snapshotBytes: number;
  /** Bytes in the journals replayed on top of it. */
  journalBytes: number;
  journals: number[];
}

/**
 * Rebuilds the collections from the newest complete snapshot and the journals after it.
 * Snapshot indexes come back from their stored order without sorting; journal operations then
 * maintain them one by one, unless a journal rewrites a good part of a collection, in which case
 * its indexes are rebuilt once at the end (cheaper than thousands of single inserts).
 */
export function loadDirectory(directory: string, listing: TDirectoryListing, databaseName: string): TLoadedDirectory {
  const loader = new DirectoryLoader(databaseName);
  const base = listing.snapshots[listing.snapshots.length - 1] ?? 0;
  let snapshotBytes = 0;
  if (base > 0) {
    const path = join(directory, snapshotName(base));
    readRecords(path, (operations) => loader.applySnapshot(operations));
    if (!loader.snapshotEnded) throw new CorruptStoreError(path, statSync(path).size);
    snapshotBytes = statSync(path).size;
  }
  loader.indexSnapshot();
  const journals = listing.journals.filter((generation) => generation >= base);
  let journalBytes = 0;
  for (const generation of journals) {
    const path = join(directory, journalName(generation));
    readRecords(path, (operations) => loader.applyJournal(operations));
    journalBytes += statSync(path).size;
  }
  loader.finish();
  return { collections: loader.collections, base, snapshotBytes, journalBytes, journals };
}

class DirectoryLoader {
  readonly collections = new Map<string, CollectionState>();
  snapshotEnded = false;
  private readonly databaseName: string;
  private readonly definitions = new Map<string, Map<string, TIndexDefinition>>();
  private readonly orders = new Map<string, Map<string, number[]>>();
  /** Each collection's documents in snapshot order, which index orders refer to. */
  private readonly snapshotDocuments = new Map<string, TDocument[]>();
  private readonly journalChanges = new Map<string, number>();
  private readonly rebuildAtEnd = new Set<string>();

  constructor(databaseName: string) {
    this.databaseName = databaseName;
  }

  applySnapshot(operations: TJournalOperation[]): void {
    for (const operation of operations) {
      if (isSnapshotEnd(operation)) {
        this.snapshotEnded = true;
        continue;
      }
      const state = this.state(operation.c);
      if (operation.index) {
        this.define(operation.c, operation.index);
        if (operation.order) {
          const orders = this.orders.get(operation.c) ?? new Map<string, number[]>();
          orders.set(operation.index.name, operation.order);
          this.orders.set(operation.c, orders);
        }
      }
      if (operation.put) {
        const inOrder = this.snapshotDocuments.get(operation.c) ?? [];
        this.snapshotDocuments.set(operation.c, inOrder);
        for (const document of operation.put) {
          state.documents.set(document._id, document);
          inOrder.push(document);
        }
      }
    }
  }

  /** Builds the snapshot's indexes from their stored order (sorting only if that order is missing or wrong). */
  indexSnapshot(): void {
    for (const [name, state] of this.collections) {
      state.indexes = [...(this.definitions.get(name)?.values() ?? [])].map((definition) => {
        const index = new SortedIndex(definition);
        const order = this.orders.get(name)?.get(definition.name);
        if (!order || !index.buildFromOrder(this.snapshotDocuments.get(name) ?? [], order)) index.build(state.documents.values());
        return index;
      });
    }
    this.orders.clear();
    this.snapshotDocuments.clear();
  }

  applyJournal(operations: TJournalOperation[]): void {
    for (const operation of operations) {
      const state = this.state(operation.c);
      const maintained = !this.rebuildAtEnd.has(operation.c);
      if (operation.index) {
        this.define(operation.c, operation.index);
        if (maintained) {
          const index = new SortedIndex(operation.index);
          index.build(state.documents.values());
          state.indexes = [...state.indexes.filter((existing) => existing.name !== index.name), index];
        }
      }
      if (operation.put) for (const document of operation.put) this.put(state, document, maintained);
      if (operation.del) {
        for (const id of operation.del) {
          const previous = state.documents.get(id);
          if (previous && maintained) state.remove(previous);
          else state.documents.delete(id);
        }
      }
      if (maintained) {
        const changes = (this.journalChanges.get(operation.c) ?? 0) + (operation.put?.length ?? 0) + (operation.del?.length ?? 0);
        this.journalChanges.set(operation.c, changes);
        if (changes > Math.max(1000, state.documents.size / 8)) this.rebuildAtEnd.add(operation.c);
      }
    }
  }

  finish(): void {
    for (const name of this.rebuildAtEnd) this.collections.get(name)?.rebuildIndexes([...(this.definitions.get(name)?.values() ?? [])]);
  }

  private put(state: CollectionState, document: TDocument, maintained: boolean): void {
    if (!maintained) {
      state.documents.set(document._id, document);
      return;
    }
    state.put(document, state.documents.get(document._id));
  }

  private state(name: string): CollectionState {
    let state = this.collections.get(name);
    if (!state) {
      state = new CollectionState(this.databaseName, name);
      this.collections.set(name, state);
    }
    return state;
  }

  private define(collection: string, definition: TIndexDefinition): void {
    const definitions = this.definitions.get(collection) ?? new Map<string, TIndexDefinition>();
    definitions.set(definition.name, definition);
    this.definitions.set(collection, definitions);
  }
}
