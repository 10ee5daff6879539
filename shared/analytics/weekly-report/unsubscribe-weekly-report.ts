import type { TSystemContext } from '../../context/service-context.ts';
import type { TUserRecord } from '../../users/user-record.ts';
import { verifyReportLinkToken } from './report-link-token.ts';

export interface TUnsubscribePage {
  status: 200 | 400;
  html: string;
}

const page = (title: string, message: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
  `<style>body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;background:#eef2f7;color:#0f172a;margin:0;padding:48px 16px}` +
  `main{max-width:480px;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:24px}h1{font-size:20px;margin:0 0 8px}p{line-height:1.5;margin:0}</style></head>` +
  `<body><main><h1>${title}</h1><p>${message}</p></main></body></html>`;

/**
 * The unsubscribe link of the weekly report (public: the signed token is the authority). Turns
 * the member's `weekly_report` off and answers a small confirmation page; repeating it is harmless.
 */
export async function unsubscribeWeeklyReport(system: TSystemContext, token: string | undefined): Promise<TUnsubscribePage> {
  const payload = token ? await verifyReportLinkToken(system.db, token) : null;
  if (!payload) return { status: 400, html: page('This link does not work', 'The unsubscribe link is incomplete or no longer valid. You can turn the weekly report off in your profile in DealCycle.') };
  const updated = await system.db
    .collection<TUserRecord>('users')
    .findOneAndUpdate({ _id: payload.u, tenant_id: payload.t }, { $set: { weekly_report: false, updated_at: system.ports.clock.now() } }, { returnDocument: 'after' });
  if (!updated) return { status: 400, html: page('This link does not work', 'The account this link was sent to no longer exists.') };
  system.log.info({ tenant_id: payload.t, uid: payload.u }, 'Unsubscribed from the weekly report');
  const email = updated.email.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character] ?? character);
  return { status: 200, html: page('You are unsubscribed', `${email} will no longer receive the weekly executive report. You can turn it back on in your profile in DealCycle.`) };
}
