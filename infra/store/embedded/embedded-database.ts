import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock } from '../../../shared/ports/clock.ts';
import type { TClock } from '../../../shared/ports/clock.ts';
import type { TCollection, TDatabase, TDocument, TFilter } from '../../../shared/ports/document-store.ts';
import { PipelineRunner } from './aggregation-pipeline.ts';
import { CollectionState } from './collection-state.ts';
import { acquireDirectoryLock } from './directory-lock.ts';
import type { TDirectoryLock } from './directory-lock.ts';
import { EmbeddedCollection } from './embedded-collection.ts';
import type { TStoreAccess } from './embedded-collection.ts';
import { JournalWriter, journalName, listDirectory, snapshotName, syncDirectory, unlinkQuietly, writeSnapshot } from './journal-files.ts';
import type { TJournalOperation } from './journal-files.ts';
import { loadDirectory } from './load-directory.ts';
import { findDocuments } from './query-planner.ts';
import { WriteBatch } from './write-batch.ts';

export interface TEmbeddedDatabaseOptions {
  /** Where the data lives; without one the store is purely in memory (unit tests). */
  directory?: string;
  /** Drives TTL expiry and `$currentDate`. */
  clock?: TClock;
  /** Database name shown in error messages (`E11000 … collection: <name>.<collection>`). */
  name?: string;
  /** Journal size that triggers compaction once it also exceeds the last snapshot's size. */
  compactAfterBytes?: number;
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 << 20;

/**
 * Opens the embedded document store: MongoDB's collection API over in-memory collections with
 * indexes, durable in `directory` (journal + snapshots, see README.md) when one is given.
 */
export async function openEmbeddedDatabase(options: TEmbeddedDatabaseOptions = {}): Promise<TDatabase> {
  const store = new EmbeddedStore(options);
  if (options.directory) store.load(resolve(options.directory));
  const handles = new Map<string, EmbeddedCollection>();
  return {
    collection: <T extends TDocument = TDocument>(name: string): TCollection<T> => {
      checkCollectionName(name);
      let handle = handles.get(name);
      if (!handle) {
        handle = new EmbeddedCollection(store, name);
        handles.set(name, handle);
      }
      return handle as unknown as TCollection<T>;
    },
    ping: async () => store.ensureOpen(),
    close: () => store.close(),
  };
}

function checkCollectionName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
    throw new Error(`Invalid collection name: ${JSON.stringify(name)}`);
  }
}

class EmbeddedStore implements TStoreAccess {
  readonly clock: TClock;
  readonly pipelines: PipelineRunner;
  private readonly name: string;
  private readonly collections = new Map<string, CollectionState>();
  private readonly compactAfterBytes: number;
  private directory: string | undefined;
  private lock: TDirectoryLock | undefined;
  private journal: JournalWriter | undefined;
  private compaction: Promise<void> | undefined;
  private snapshotBytes = 0;
  private closed = false;

  constructor(options: TEmbeddedDatabaseOptions) {
    this.clock = options.clock ?? systemClock;
    this.name = options.name ?? 'dealcycle';
    this.compactAfterBytes = options.compactAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES;
    this.pipelines = new PipelineRunner((collection, filter) => this.findStored(collection, filter));
  }

  ensureOpen(): void {
    if (this.closed) throw new Error(`The embedded store ${this.name} is closed`);
  }

  readable(name: string): CollectionState | undefined {
    this.ensureOpen();
    const state = this.collections.get(name);
    if (state?.hasTtl) this.expire(state);
    return state;
  }

  writable(name: string): CollectionState {
    let state = this.readable(name);
    if (!state) {
      state = new CollectionState(this.name, name);
      this.collections.set(name, state);
    }
    return state;
  }

  /**
   * Runs one operation. Its changes reach memory as it makes them; when it returns (or throws
   * after changing something, like an ordered insertMany stopping at a duplicate) they go to the
   * journal as one record before the caller hears back. If the journal refuses the record, memory
   * is rolled back and the operation fails. Everything here is synchronous, so operations never
   * interleave: writes to one database are serialized.
   */
  write<R>(work: (batch: WriteBatch) => R): R {
    this.ensureOpen();
    const batch = new WriteBatch(this.journal !== undefined);
    let result: R | undefined;
    let failure: unknown;
    let failed = false;
    try {
      result = work(batch);
    } catch (error) {
      failure = error;
      failed = true;
    }
    if (!batch.isEmpty && this.journal) {
      try {
        this.journal.append(batch.operations as TJournalOperation[]);
      } catch (error) {
        batch.rollback();
        throw new Error(`The embedded store could not write its journal in ${this.directory}: ${(error as Error).message}`, { cause: error });
      }
      if (!this.compaction && this.journal.bytes > Math.max(this.compactAfterBytes, this.snapshotBytes)) void this.compact();
    }
    if (failed) throw failure;
    return result as R;
  }

  private findStored(collection: string, filter: TFilter): TDocument[] {
    const state = this.readable(collection);
    return state ? findDocuments(state, filter) : [];
  }

  /** Removes documents whose TTL has passed (a journaled delete, so a restart agrees). */
  private expire(state: CollectionState): void {
    const expired = state.expired(this.clock.now());
    if (expired.length > 0) this.write((batch) => expired.forEach((document) => batch.delete(state, document)));
  }

  /**
   * Loads a directory: the newest complete snapshot, then every journal from that generation on
   * (a torn last record is ignored). If journals hold anything, a new generation starts and a
   * fresh snapshot is written in the background.
   */
  load(directory: string): void {
    mkdirSync(directory, { recursive: true });
    const lock = acquireDirectoryLock(directory);
    this.lock = lock;
    try {
      this.directory = directory;
      const listing = listDirectory(directory);
      for (const name of listing.temporary) unlinkQuietly(join(directory, name));
      const loaded = loadDirectory(directory, listing, this.name);
      for (const [name, state] of loaded.collections) this.collections.set(name, state);
      this.snapshotBytes = loaded.snapshotBytes;
      const { base, journals, journalBytes } = loaded;

      const stale = listing.snapshots.length > 1 || listing.journals.some((generation) => generation < base);
      if (journalBytes === 0 && !stale) {
        this.journal = new JournalWriter(directory, Math.max(base, journals[journals.length - 1] ?? 0, 1));
        syncDirectory(directory);
        return;
      }
      const latest = Math.max(base, ...listing.journals);
      this.journal = new JournalWriter(directory, latest + 1);
      syncDirectory(directory);
      void this.snapshotInBackground(this.journal.generation);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Starts a new journal generation and snapshots everything written before it. */
  private compact(): Promise<void> {
    if (this.compaction || !this.journal || !this.directory) return this.compaction ?? Promise.resolve();
    const previous = this.journal;
    this.journal = new JournalWriter(this.directory, previous.generation + 1);
    previous.close();
    syncDirectory(this.directory);
    return this.snapshotInBackground(this.journal.generation);
  }

  private snapshotInBackground(generation: number): Promise<void> {
    const directory = this.directory as string;
    // Stored documents are immutable, so these arrays are a consistent picture of this moment.
    const collections = [...this.collections.values()].map((state) => {
      const documents = [...state.documents.values()];
      const positions = new Map(documents.map((document, position) => [document, position]));
      const indexes = state.indexes.map((index) => ({ definition: index.definition, order: index.orderedPositions(positions) }));
      return { name: state.name, indexes, documents };
    });
    const run = async () => {
      try {
        await writeSnapshot(directory, generation, collections);
        this.snapshotBytes = statSync(join(directory, snapshotName(generation))).size;
        const listing = listDirectory(directory);
        for (const older of listing.snapshots.filter((g) => g < generation)) unlinkQuietly(join(directory, snapshotName(older)));
        for (const older of listing.journals.filter((g) => g < generation)) unlinkQuietly(join(directory, journalName(older)));
      } catch (error) {
        // The previous generation is intact and still loads; try again at the next threshold.
        process.emitWarning(`Embedded store compaction in ${directory} failed: ${(error as Error).message}`);
      } finally {
        this.compaction = undefined;
      }
    };
    this.compaction = run();
    return this.compaction;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.compaction;
    this.journal?.close();
    this.lock?.release();
    // A closed handle may stay referenced; its data should not.
    this.collections.clear();
  }
}
