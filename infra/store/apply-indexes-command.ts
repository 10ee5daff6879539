/**
 * `npm run db:indexes`: applies the index declarations of shared/indexes.ts to the configured
 * store (MONGODB_URI, or the embedded store under DATA_DIR). Safe to run repeatedly.
 */
import { INDEXES } from '../../shared/indexes.ts';
import { loadConfig } from '../platform/config.ts';
import { applyIndexes } from './apply-indexes.ts';
import { embeddedStoreDirectory, openConfiguredDatabase } from './open-configured-database.ts';

const config = loadConfig();
const target = config.mongo ? `MongoDB database ${config.mongo.dbName}` : `embedded store in ${embeddedStoreDirectory(config.dataDir)}`;
const db = await openConfiguredDatabase(config);
try {
  const applied = await applyIndexes(db, INDEXES);
  for (const { collection, name } of applied) console.log(`${collection}: ${name}`);
  console.log(`${applied.length} indexes in place on the ${target}.`);
} finally {
  await db.close();
}
