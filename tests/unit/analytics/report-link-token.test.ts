import { describe, expect, it } from 'vitest';
import { createReportLinkToken, verifyReportLinkToken } from '../../../shared/analytics/weekly-report/report-link-token.ts';
import { bindTenant } from '../../../shared/tenancy/tenant-database.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';

describe('report link tokens', () => {
  it('verify only what was signed with the organisation’s own key', async () => {
    const db = await openEmbeddedDatabase();
    const now = new Date('2026-03-16T12:00:00Z');
    const token = await createReportLinkToken(bindTenant(db, 'tnt_a'), { t: 'tnt_a', u: 'user-1', a: 'unsubscribe_weekly' }, now);
    expect(await verifyReportLinkToken(db, token)).toEqual({ t: 'tnt_a', u: 'user-1', a: 'unsubscribe_weekly' });
    // The same key is reused for the organisation's next links.
    const again = await createReportLinkToken(db, { t: 'tnt_a', u: 'user-2', a: 'unsubscribe_weekly' }, now);
    expect(await verifyReportLinkToken(db, again)).toMatchObject({ u: 'user-2' });

    const [, signature] = token.split('.');
    const edited = `${Buffer.from(JSON.stringify({ t: 'tnt_a', u: 'user-9', a: 'unsubscribe_weekly' })).toString('base64url')}.${signature}`;
    await createReportLinkToken(db, { t: 'tnt_b', u: 'user-1', a: 'unsubscribe_weekly' }, now);
    const otherTenant = `${Buffer.from(JSON.stringify({ t: 'tnt_b', u: 'user-1', a: 'unsubscribe_weekly' })).toString('base64url')}.${signature}`;
    for (const bad of [edited, otherTenant, `${token}x`, token.replace('.', ''), '', 'a.b.c', `${Buffer.from('{"t":"tnt_zzz","u":"x","a":"unsubscribe_weekly"}').toString('base64url')}.${signature}`]) {
      expect(await verifyReportLinkToken(db, bad), bad).toBeNull();
    }
  });
});
