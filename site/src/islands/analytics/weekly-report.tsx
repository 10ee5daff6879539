import { useEffect, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { dateTime, plural } from '../../lib/format.ts';
import { useViewer } from '../../lib/use-role.ts';

interface TOutboxItem {
  id: string;
  subject: string;
  to: string;
  from: string;
  date: string | null;
  bytes: number;
}
interface TOutboxMessage extends TOutboxItem {
  text: string;
  html: string | null;
  attachments: { filename: string; content_type: string; cid: string | null; bytes: number }[];
}
interface TMe {
  user: { weekly_report: boolean } | null;
}
interface TSendResult {
  week: { from: string; to: string };
  sent: string[];
  skipped: string[];
  failed: { email: string; error: string }[];
}

/**
 * The weekly executive email: subscribe or unsubscribe yourself, send it now (admins), and —
 * where email goes to the local outbox rather than SMTP — read what was sent, rendered.
 */
export function WeeklyReport() {
  const viewer = useViewer();
  const reader = viewer.role === 'admin' || viewer.role === 'executive';
  const [busy, setBusy] = useState<'subscribe' | 'unsubscribe' | 'send' | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<TOutboxItem[] | null | 'absent'>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [message, setMessage] = useState<TOutboxMessage | null>(null);
  /** Whether the viewer gets the email; null until known. */
  const [subscribed, setSubscribed] = useState<boolean | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api()
      .get<TMe>('/api/users/me', { signal: controller.signal })
      .then((me) => setSubscribed(me.user?.weekly_report ?? false))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  const loadOutbox = async (): Promise<TOutboxItem[]> => {
    try {
      const page = await api().get<{ items: TOutboxItem[] }>('/api/analytics/outbox', { query: { limit: 20 } });
      setOutbox(page.items);
      return page.items;
    } catch (failure) {
      setOutbox(failure instanceof ApiError && failure.status === 404 ? 'absent' : []);
      return [];
    }
  };
  useEffect(() => {
    if (reader) void loadOutbox();
  }, [reader]);

  useEffect(() => {
    if (!openId) return setMessage(null);
    const controller = new AbortController();
    api()
      .get<TOutboxMessage>(`/api/analytics/outbox/${encodeURIComponent(openId)}`, { signal: controller.signal })
      .then(setMessage)
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not open the email.'));
    return () => controller.abort();
  }, [openId]);

  const subscribe = async (on: boolean) => {
    setBusy(on ? 'subscribe' : 'unsubscribe');
    setError(null);
    try {
      const user = await api().patch<{ weekly_report: boolean }>('/api/users/me', { weekly_report: on });
      setSubscribed(user.weekly_report);
      setStatus(user.weekly_report ? 'You will get the weekly report every Monday.' : 'You will no longer get the weekly report.');
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not change your subscription.');
    } finally {
      setBusy(null);
    }
  };

  const sendNow = async () => {
    setBusy('send');
    setError(null);
    try {
      const result = await api().post<TSendResult>('/api/analytics/reports/weekly/send', {});
      const summary = `Week ${result.week.from} – ${result.week.to}: sent to ${plural(result.sent.length, 'subscriber')}${result.failed.length ? `, ${result.failed.length} failed` : ''}.`;
      setStatus(summary);
      toast('Weekly report sent', { body: summary, tone: 'success' });
      const items = await loadOutbox();
      if (items[0]) setOpenId(items[0].id);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not send the report.');
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title="Weekly report" description="Last week’s figures, charts and what changed, emailed every Monday morning.">
      <div className="stack">
        {subscribed !== null && (
          <p className="dc-hint" data-testid="weekly-subscription">
            {subscribed ? 'You get this email every Monday from 7:00, your organisation’s time.' : 'You do not get this email.'}
          </p>
        )}
        <div className="cluster">
          {subscribed === false && (
            <Button onClick={() => void subscribe(true)} loading={busy === 'subscribe'}>
              Email it to me
            </Button>
          )}
          {subscribed === true && (
            <Button variant="ghost" onClick={() => void subscribe(false)} loading={busy === 'unsubscribe'}>
              Stop emailing me
            </Button>
          )}
          {viewer.role === 'admin' && (
            <Button variant="primary" onClick={() => void sendNow()} loading={busy === 'send'}>
              Send now
            </Button>
          )}
        </div>
        {status && (
          <p className="dc-alert dc-alert--success" role="status">
            {status}
          </p>
        )}
        <FormAlert message={error} />
        {reader && outbox === 'absent' && <p className="dc-hint">Sent emails are delivered by the mail server; the outbox viewer exists only on a local install.</p>}
        {reader && Array.isArray(outbox) && (
          <section className="stack" aria-labelledby="outbox-title">
            <h3 id="outbox-title" className="dc-card-title">
              Local outbox
            </h3>
            {outbox.length === 0 ? (
              <p className="muted">No email sent yet.</p>
            ) : (
              <div className="an-outbox">
                <ul className="dc-list" aria-label="Sent emails">
                  {outbox.map((item) => (
                    <li key={item.id}>
                      <button type="button" className="an-outbox-item" aria-current={item.id === openId ? 'true' : undefined} onClick={() => setOpenId(item.id)}>
                        <p className="an-drill-title">{item.subject}</p>
                        <p className="dc-hint">
                          To {item.to} · {dateTime(item.date)}
                        </p>
                      </button>
                    </li>
                  ))}
                </ul>
                <div>
                  {message ? (
                    message.html ? (
                      <iframe className="an-email-frame" title={`Email: ${message.subject}`} sandbox="" srcDoc={message.html} />
                    ) : (
                      <pre className="an-email-text">{message.text}</pre>
                    )
                  ) : (
                    <p className="muted">Choose an email to read it as it was sent.</p>
                  )}
                </div>
              </div>
            )}
          </section>
        )}
      </div>
    </Card>
  );
}
