import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { TCommunication } from '../../../../shared/communications/communication.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { act } from '../../lib/act.ts';
import { api, ApiError } from '../../lib/api-client.ts';
import { threadQuery, threadRefFrom, type TThreadRef } from '../../lib/comms-compose.ts';
import { phone } from '../../lib/format.ts';
import { INBOX_READ_EVENT } from '../../lib/inbox-badge.ts';
import { setPageHeading } from '../../lib/page-heading.ts';
import { useViewer } from '../../lib/use-role.ts';
import { Composer } from './composer.tsx';
import { MessageTimeline } from './message-timeline.tsx';

// Developers' tool, sandbox only: loaded when the thread is open, not with the page.
/** Marks the thread read, then tells the navigation's unread badge. */
async function markRead(contact: TThreadRef): Promise<void> {
  await api().post('/api/communications/read', threadQuery(contact), { idempotent: true });
  window.dispatchEvent(new Event(INBOX_READ_EVENT));
}

const DevPanel = lazy(() => import('./dev-panel.tsx').then((module) => ({ default: module.DevPanel })));

/** New messages (replies, delivery receipts) show within this long while the thread is open. */
const POLL_MS = 4000;
const WRITERS = new Set(['admin', 'acquisition_rep', 'disposition_manager']);

type TContact = { name: string; phone: string | null; email: string | null };

export interface ThreadViewProps {
  contact: TThreadRef;
  /** In the inbox's side pane (no page heading change, a close link on phones). */
  embedded?: boolean;
  /** The thread was read or changed: the inbox refreshes its row. */
  onChanged?: () => void;
}

/**
 * One lead's or buyer's conversation: the timeline (refetched every few seconds while the tab is
 * visible), click-to-call, the composer and — when the API runs the sandbox — the developer panel.
 * Opening it marks the thread read.
 */
export function ThreadView({ contact, embedded = false, onChanged }: ThreadViewProps) {
  const viewer = useViewer();
  const [person, setPerson] = useState<TContact | null>(null);
  const [items, setItems] = useState<TCommunication[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [calling, setCalling] = useState(false);
  const [tick, setTick] = useState(0);
  const refetch = useCallback(() => setTick((value) => value + 1), []);

  useEffect(() => {
    setPerson(null);
    setItems(null);
    setMissing(false);
    const path = contact.kind === 'lead' ? `/api/leads/${encodeURIComponent(contact.id)}` : `/api/buyers/${encodeURIComponent(contact.id)}`;
    api()
      .get<{ full_name: string; phone: string | null; email: string | null }>(path)
      .then((record) => {
        setPerson({ name: record.full_name, phone: record.phone, email: record.email });
        if (!embedded) setPageHeading(record.full_name);
      })
      .catch((failure: unknown) => (failure instanceof ApiError && (failure.status === 404 || failure.status === 400) ? setMissing(true) : setError(failure instanceof Error ? failure.message : 'Could not load the contact.')));
    markRead(contact)
      .then(() => onChanged?.())
      .catch(() => undefined);
  }, [contact.kind, contact.id]);

  useEffect(() => {
    const controller = new AbortController();
    // The newest 100, shown oldest first.
    api()
      .get<{ items: TCommunication[] }>('/api/communications', { query: { ...threadQuery(contact), limit: 100 }, signal: controller.signal })
      .then((page) => {
        setItems((current) => {
          const next = [...page.items].reverse();
          // Replies that arrived while the thread is open are read by being seen.
          if (current && next.some((message) => message.direction === 'inbound' && !message.read)) void markRead(contact).catch(() => undefined);
          return next;
        });
        setError(null);
      })
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not load the messages.'));
    const timer = setTimeout(() => document.visibilityState === 'visible' && refetch(), POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [contact.kind, contact.id, tick]);

  if (missing)
    return (
      <Card>
        <EmptyState level={2} icon="message" title="Conversation not found" description="The contact may have been deleted, or you cannot see it." action={<Button href="/communications">Back to the inbox</Button>} />
      </Card>
    );

  const writer = viewer.role !== null && WRITERS.has(viewer.role);
  const call = async () => {
    setCalling(true);
    try {
      await api().post('/api/communications/calls', { to: threadQuery(contact) });
      toast('Calling: your phone rings first, then we connect them', { tone: 'success' });
      refetch();
    } catch (failure) {
      toast('Call not started', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    } finally {
      setCalling(false);
    }
  };
  const cancel = async (message: TCommunication) => {
    if (await act(() => api().post(`/api/communications/messages/${encodeURIComponent(message.id)}/cancel`), { done: 'Scheduled message cancelled', failed: 'Not cancelled' })) refetch();
  };
  const recordHref = contact.kind === 'lead' ? `/leads/detail?id=${encodeURIComponent(contact.id)}` : `/buyers/detail?id=${encodeURIComponent(contact.id)}`;

  return (
    <section className="dc-thread-view" aria-label={person ? `Conversation with ${person.name}` : 'Conversation'}>
      <header className="dc-thread-header">
        <div>
          {embedded ? <h2 className="dc-card-title">{person?.name ?? 'Loading…'}</h2> : null}
          <p className="muted">
            {person ? [person.phone ? phone(person.phone) : null, person.email].filter(Boolean).join(' · ') || 'No phone or email' : ''} ·{' '}
            <a href={recordHref}>{contact.kind === 'lead' ? 'Open lead' : 'Open buyer'}</a>
          </p>
        </div>
        <div className="cluster">
          {embedded && (
            <Button size="sm" variant="ghost" href="/communications" className="dc-thread-back">
              Back
            </Button>
          )}
          {writer && person?.phone && (
            <Button size="sm" loading={calling} onClick={() => void call()}>
              Call {phone(person.phone)}
            </Button>
          )}
        </div>
      </header>
      {error && <FormAlert message={error} />}
      <div className="dc-thread-scroll" tabIndex={0} role="region" aria-label="Message history">{items === null ? <Skeleton lines={4} label="Loading messages" /> : <MessageTimeline items={items} onCancel={writer ? cancel : undefined} />}</div>
      {writer && person && (
        <Composer
          contact={contact}
          hasEmail={Boolean(person.email)}
          onSent={() => {
            refetch();
            onChanged?.();
          }}
        />
      )}
      {writer && person && (
        <Suspense fallback={null}>
          <DevPanel defaultFrom={person.phone} onSimulated={refetch} />
        </Suspense>
      )}
    </section>
  );
}

/** The phone's thread page (`/communications/thread?lead_id=…`). */
export function ThreadPage() {
  const [ref, setRef] = useState<TThreadRef | null | undefined>(undefined);
  useEffect(() => setRef(threadRefFrom(location.search)), []);
  if (ref === undefined) return <Skeleton height="20rem" label="Loading the conversation" />;
  if (ref === null)
    return (
      <Card>
        <EmptyState level={2} icon="message" title="No conversation chosen" description="Open one from the inbox." action={<Button href="/communications">Inbox</Button>} />
      </Card>
    );
  return (
    <div className="stack">
      <p>
        <a href="/communications">← Inbox</a>
      </p>
      <Card>
        <ThreadView contact={ref} />
      </Card>
    </div>
  );
}
