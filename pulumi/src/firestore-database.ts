import * as gcp from '@pulumi/gcp';
import type * as pulumi from '@pulumi/pulumi';
import type { TStackConfig } from './stack-config.ts';

/** Collections whose documents carry an `expires_at` timestamp that Firestore's TTL deletes. */
export const TTL_COLLECTIONS = ['_idempotency', '_rate_limits'] as const;
export const TTL_FIELD = 'expires_at';

/**
 * The (default) Firestore database in native mode: the idempotency ledger and rate limits.
 * TTL only deletes documents whose `expires_at` is a Firestore Timestamp (a JS Date), and
 * usually within a day of expiry: readers must still compare it to now.
 * https://firebase.google.com/docs/firestore/ttl
 */
export function createFirestore(config: TStackConfig, dependsOn: pulumi.Resource[]) {
  const opts = { dependsOn };
  const database = new gcp.firestore.Database(
    'firestore',
    {
      project: config.project,
      name: '(default)',
      locationId: config.firestoreLocation,
      type: 'FIRESTORE_NATIVE',
      concurrencyMode: 'OPTIMISTIC',
      deleteProtectionState: config.protect ? 'DELETE_PROTECTION_ENABLED' : 'DELETE_PROTECTION_DISABLED',
      deletionPolicy: config.protect ? 'ABANDON' : 'DELETE',
    },
    { ...opts, protect: config.protect },
  );
  const ttlFields = TTL_COLLECTIONS.map(
    (collection) =>
      new gcp.firestore.Field(
        `firestore-ttl-${collection.replace(/_/g, '')}`,
        {
          project: config.project,
          database: database.name,
          collection,
          field: TTL_FIELD,
          ttlConfig: {},
          // A monotonically growing timestamp index only creates hotspots; nothing queries it.
          indexConfig: {},
        },
        opts,
      ),
  );
  return { database, ttlFields };
}
