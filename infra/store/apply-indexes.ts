import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TIndexDeclarations } from '../../shared/indexes.ts';

export interface TAppliedIndex {
  collection: string;
  name: string;
}

/**
 * Creates every declared index. Idempotent: an index that already exists with the same keys and
 * options is left alone; one that exists with different options fails loudly (MongoDB code 85/86)
 * instead of being silently kept, because a changed declaration needs a deliberate migration.
 */
export async function applyIndexes(db: TDatabase, declarations: TIndexDeclarations): Promise<TAppliedIndex[]> {
  const applied: TAppliedIndex[] = [];
  for (const [collection, specs] of Object.entries(declarations)) {
    for (const { keys, ...options } of specs) {
      const name = await db.collection(collection).createIndex(keys, options);
      applied.push({ collection, name });
    }
  }
  return applied;
}
