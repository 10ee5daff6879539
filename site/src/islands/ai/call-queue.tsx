import { useCallback, useEffect, useState } from 'react';
import type { TCallQueue } from '../../../../shared/ai/call-queue.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api } from '../../lib/api-client.ts';
import { phone } from '../../lib/format.ts';

/** How often the queue re-reads while the page is open (calls and texts logged elsewhere move it). */
const REFRESH_MS = 60_000;

/**
 * "Call next": the caller's open leads ranked (qualification, motivation, speed to lead, due
 * follow-ups, unread texts, last contact) with the main reason, a tap-to-call link and the
 * other reasons on demand. Re-reads after a call or text (focus, and every minute).
 */
export function CallQueue({ limit = 10, title = 'Call next' }: { limit?: number; title?: string }) {
  const [queue, setQueue] = useState<TCallQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api()
      .get<TCallQueue>('/api/leads/call-queue', { query: { limit } })
      .then((next) => {
        setQueue(next);
        setError(null);
      })
      .catch((problem: unknown) => setError(problem instanceof Error ? problem.message : 'Could not load the call queue.'));
  }, [limit]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    // Back from the phone app or the composer: the last call or text has moved the queue.
    const onFocus = () => load();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [load]);

  return (
    <Card title={title} description="Ranked for you: score, motivation, speed to lead, follow-ups and last contact." actions={<Button size="sm" variant="ghost" onClick={load}>Refresh</Button>}>
      {error && <FormAlert message={error} />}
      {!queue && !error && <Skeleton height="12rem" label="Loading the call queue" />}
      {queue && queue.items.length === 0 && <EmptyState level={3} icon="phone" title="Nobody to call" description="No open leads are waiting on you." />}
      {queue && queue.items.length > 0 && (
        <ol className="dc-list dc-call-queue" aria-label="Leads to call, best first">
          {queue.items.map((item, index) => (
            <li key={item.lead_id} className="dc-list-item dc-call-queue-item">
              <div className="dc-call-queue-who">
                <a href={`/leads/detail?id=${encodeURIComponent(item.lead_id)}`}>
                  <span className="muted">{index + 1}.</span> {item.name}
                </a>
                <span className="dc-call-queue-reason">{item.reason}</span>
                <details>
                  <summary className="muted">Why ({item.priority} pts)</summary>
                  <ul>
                    {item.reasons.map((reason) => (
                      <li key={reason.detail}>
                        {reason.detail} ({reason.points > 0 ? '+' : ''}
                        {reason.points})
                      </li>
                    ))}
                  </ul>
                </details>
              </div>
              {item.phone ? (
                <Button size="sm" variant="primary" href={`tel:${item.phone}`}>
                  Call {phone(item.phone)}
                </Button>
              ) : (
                <span className="muted">No phone</span>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
