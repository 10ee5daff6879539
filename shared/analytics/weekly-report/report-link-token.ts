import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TDatabase } from '../../ports/document-store.ts';

/**
 * Signed links in report emails (unsubscribe) that work without signing in. A token is
 * `<base64url payload>.<base64url HMAC-SHA256>`; the key is random per organisation, created on
 * first use and kept in `report_keys` (the database is already the secret store of record for
 * what it protects; deleting the key voids every link of that organisation). The payload names
 * the organisation, the member and the action.
 */
export type TReportLinkPayload = { t: string; u: string; a: 'unsubscribe_weekly' };

type TReportKeyRecord = { _id: string; tenant_id: string; key: string; created_at: Date };

/** The raw database (public routes) or a tenant-bound one (services): both give collections. */
type TCollections = Pick<TDatabase, 'collection'>;

async function tenantKey(db: TCollections, tenantId: string, create: boolean, now: Date): Promise<Buffer | null> {
  const keys = db.collection<TReportKeyRecord>('report_keys');
  const _id = `${tenantId}:report-links`;
  let record = await keys.findOne({ _id, tenant_id: tenantId });
  if (!record && create) {
    // Two first uses at once converge on one key: the upsert keeps whichever was inserted first.
    record = await keys.findOneAndUpdate(
      { _id, tenant_id: tenantId },
      { $setOnInsert: { key: randomBytes(32).toString('base64url'), created_at: now } },
      { upsert: true, returnDocument: 'after' },
    );
  }
  return record ? Buffer.from(record.key, 'base64url') : null;
}

const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest();

export async function createReportLinkToken(db: TCollections, payload: TReportLinkPayload, now: Date): Promise<string> {
  const key = await tenantKey(db, payload.t, true, now);
  if (!key) throw new Error('No report link key');
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${encoded}.${sign(key, encoded).toString('base64url')}`;
}

/** The payload of a genuine token, or null (malformed, unknown organisation, wrong signature). */
export async function verifyReportLinkToken(db: TCollections, token: string): Promise<TReportLinkPayload | null> {
  const [encoded, signature, extra] = token.split('.');
  if (!encoded || !signature || extra !== undefined) return null;
  let payload: TReportLinkPayload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as TReportLinkPayload;
  } catch {
    return null;
  }
  if (typeof payload?.t !== 'string' || typeof payload.u !== 'string' || payload.a !== 'unsubscribe_weekly') return null;
  const key = await tenantKey(db, payload.t, false, new Date());
  if (!key) return null;
  const expected = sign(key, encoded);
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}
