import { useEffect, useState } from 'react';
import type { TFollowUp, TFollowUpSummary } from '../../../../shared/follow-ups/follow-up.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { plural } from '../../lib/format.ts';
import { canKeepFollowUps } from '../../lib/lead-rules.ts';
import { useViewer } from '../../lib/use-role.ts';
import { FollowUpDialog } from './follow-up-dialog.tsx';
import { FollowUpItem } from './follow-up-item.tsx';
import { canEditFollowUp } from './follow-up-panel.tsx';

export type TMyFollowUpsView = 'today' | 'upcoming' | 'done';

const VIEWS: { id: TMyFollowUpsView; label: string; empty: string }[] = [
  { id: 'today', label: 'Today', empty: 'Nothing due today. Nice work.' },
  { id: 'upcoming', label: 'Upcoming', empty: 'Nothing scheduled after today.' },
  { id: 'done', label: 'Done', empty: 'Nothing completed yet.' },
];

export interface MyFollowUpsProps {
  /** The view shown first (`today` includes overdue ones). */
  view?: TMyFollowUpsView;
  /** Page size; the dashboard card shows a few and links to the page. */
  limit?: number;
  /**
   * Dashboard card: today's follow-ups only, with the overdue and due-today counts and a link to
   * /follow-ups. The page shows every view with paging and a "New follow-up" button.
   */
  compact?: boolean;
  title?: string;
}

/**
 * "My follow-ups": the signed-in person's tasks, overdue first, each with what it is about;
 * tick one off, edit it, or add one. A reusable island: the follow-ups page mounts it whole and
 * the acquisitions and mobile dashboards mount it compact
 * (`<MyFollowUps client:visible compact limit={5} />`).
 */
export function MyFollowUps({ view: initialView = 'today', limit = 25, compact = false, title = 'My follow-ups' }: MyFollowUpsProps) {
  const viewer = useViewer();
  const [view, setView] = useState<TMyFollowUpsView>(compact ? 'today' : initialView);
  const [items, setItems] = useState<TFollowUp[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [summary, setSummary] = useState<TFollowUpSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ editing: TFollowUp | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reload, setReload] = useState(0);

  const fetchPage = (after: string | null, signal?: AbortSignal) => api().get<{ items: TFollowUp[]; nextCursor: string | null }>('/api/follow-ups', { query: { mine: true, view, limit, cursor: after ?? undefined }, signal });

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    setError(null);
    fetchPage(null, controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      })
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not load your follow-ups.'));
    api()
      .get<TFollowUpSummary>('/api/follow-ups/summary', { signal: controller.signal })
      .then(setSummary)
      .catch(() => undefined);
    return () => controller.abort();
  }, [view, reload]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      toast('Could not load more follow-ups', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    } finally {
      setLoadingMore(false);
    }
  };

  const toggle = async (followUp: TFollowUp) => {
    setBusy(followUp.id);
    try {
      const saved = await api().patch<TFollowUp>(`/api/follow-ups/${encodeURIComponent(followUp.id)}`, { done: !followUp.done });
      // A ticked-off task stays in place (struck through) until the next load, so a mis-tap is easy to undo.
      setItems((current) => current?.map((entry) => (entry.id === saved.id ? saved : entry)) ?? null);
      setSummary((current) => (current && followUp.overdue ? { ...current, overdue: Math.max(0, current.overdue + (saved.done ? -1 : 1)) } : current));
      if (saved.done) toast('Follow-up done', { tone: 'success' });
    } catch (failure) {
      toast('Follow-up not updated', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  const canKeep = canKeepFollowUps(viewer.role);
  if (viewer.role === 'executive')
    return (
      <Card title={title}>
        <EmptyState icon="check" title="Executives have no follow-ups" description="Follow-ups belong to admins, acquisition reps and disposition managers." />
      </Card>
    );

  const current = VIEWS.find((entry) => entry.id === view) ?? VIEWS[0];
  const counts = summary ? (
    <p className="dc-task-summary" aria-live="polite">
      {summary.overdue > 0 ? <strong className="dc-text-danger">{plural(summary.overdue, 'overdue follow-up')}</strong> : 'None overdue'}
      {' · '}
      {plural(summary.due_today, 'more', 'more')} due today
    </p>
  ) : null;

  const list = (
    <>
      {error && <FormAlert message={error} />}
      {items === null && !error && <Skeleton lines={3} label="Loading your follow-ups" />}
      {items?.length === 0 && <p className="muted">{current?.empty}</p>}
      {items && items.length > 0 && (
        <ul className="dc-tasks">
          {items.map((followUp) => (
            <FollowUpItem
              key={followUp.id}
              followUp={followUp}
              editable={canEditFollowUp(followUp, viewer.role, viewer.uid)}
              busy={busy === followUp.id}
              onToggle={() => void toggle(followUp)}
              onEdit={() => setDialog({ editing: followUp })}
              showSubject
            />
          ))}
        </ul>
      )}
      {cursor &&
        (compact ? (
          <a className="dc-card-link" href="/follow-ups">
            See all your follow-ups
          </a>
        ) : (
          <Button size="sm" loading={loadingMore} onClick={() => void more()}>
            Show more
          </Button>
        ))}
    </>
  );

  return (
    <Card
      title={title}
      actions={
        <>
          {compact && (
            <Button size="sm" variant="ghost" href="/follow-ups">
              All
            </Button>
          )}
          {canKeep && (
            <Button size="sm" variant={compact ? 'secondary' : 'primary'} onClick={() => setDialog({ editing: null })}>
              New follow-up
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        {counts}
        {!compact && (
          <div className="dc-chip-row" role="group" aria-label="Which follow-ups">
            {VIEWS.map((entry) => (
              <button key={entry.id} type="button" className="dc-chip" aria-pressed={view === entry.id} onClick={() => setView(entry.id)}>
                {entry.label}
              </button>
            ))}
          </div>
        )}
        {list}
      </div>
      <FollowUpDialog
        open={dialog !== null}
        editing={dialog?.editing ?? null}
        role={viewer.role}
        uid={viewer.uid}
        onClose={() => setDialog(null)}
        onSaved={() => {
          toast(dialog?.editing ? 'Follow-up saved' : 'Follow-up added', { tone: 'success' });
          setDialog(null);
          setReload((value) => value + 1);
        }}
      />
    </Card>
  );
}
