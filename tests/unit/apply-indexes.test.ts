import { describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import { applyIndexes } from '../../infra/store/apply-indexes.ts';
import { INDEXES } from '../../shared/indexes.ts';

/** Lookups that happen before a tenant is known; anything else must start with tenant_id. */
const GLOBAL_LOOKUPS = ['users email_1', 'invites email_1_status_1', 'follow_ups done_1_overdue_notified_at_1_due_at_1', 'phone_numbers one_tenant_per_number'];

describe('index declarations', () => {
  it('start with tenant_id, except the global lookups', () => {
    const offenders = Object.entries(INDEXES).flatMap(([collection, specs]) =>
      specs
        .filter((spec) => Object.keys(spec.keys)[0] !== 'tenant_id')
        .map((spec) => `${collection} ${spec.name ?? Object.entries(spec.keys).map(([field, direction]) => `${field}_${direction}`).join('_')}`)
        .filter((name) => !GLOBAL_LOOKUPS.includes(name)),
    );
    expect(offenders).toEqual([]);
  });

  it('are applied idempotently, each under its MongoDB name', async () => {
    const db = await openEmbeddedDatabase();
    const first = await applyIndexes(db, INDEXES);
    expect(first).toEqual(
      expect.arrayContaining([
        { collection: 'users', name: 'email_1' },
        { collection: 'users', name: 'tenant_id_1_role_1' },
        { collection: 'invites', name: 'email_1_status_1' },
        { collection: 'invites', name: 'tenant_id_1_created_at_-1' },
      ]),
    );
    expect(await applyIndexes(db, INDEXES)).toEqual(first);
    await db.close();
  });

  it('refuse to silently keep an index whose declaration changed', async () => {
    const db = await openEmbeddedDatabase();
    await applyIndexes(db, { users: [{ keys: { email: 1 } }] });
    await expect(applyIndexes(db, { users: [{ keys: { email: 1 }, unique: true }] })).rejects.toMatchObject({ code: 85 });
    await db.close();
  });
});
