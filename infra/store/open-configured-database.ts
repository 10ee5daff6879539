import { join } from 'node:path';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TConfig } from '../platform/config.ts';

/**
 * The system of record the configuration asks for: MongoDB when MONGODB_URI is set, otherwise
 * the embedded store in `<DATA_DIR>/store`. Each adapter is imported only when chosen.
 */
export async function openConfiguredDatabase(config: Pick<TConfig, 'mongo' | 'dataDir'>): Promise<TDatabase> {
  if (config.mongo) {
    const { openMongoDatabase } = await import('./mongo/mongo-database.ts');
    return openMongoDatabase(config.mongo);
  }
  const { openEmbeddedDatabase } = await import('./embedded/embedded-database.ts');
  return openEmbeddedDatabase({ directory: embeddedStoreDirectory(config.dataDir) });
}

export const embeddedStoreDirectory = (dataDir: string): string => join(dataDir, 'store');
