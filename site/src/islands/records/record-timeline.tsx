import { useEffect, useState } from 'react';
import type { ZodType } from 'zod';
import type { TTimelineEntry } from '../../../../shared/leads/lead.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert, Textarea } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api } from '../../lib/api-client.ts';
import { dateTime, relativeTime } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';

/** Timeline filters: what a person looks for on a record's history. */
const FILTERS = [
  { id: 'all', label: 'All', types: [] },
  { id: 'note', label: 'Notes', types: ['note'] },
  { id: 'communication', label: 'Messages and calls', types: ['communication'] },
  { id: 'status', label: 'Status', types: ['created', 'status_changed', 'assigned', 'deal'] },
  { id: 'tasks', label: 'Follow-ups, appointments, offers', types: ['follow_up', 'appointment', 'offer'] },
] as const;

const MARKS: Record<TTimelineEntry['type'], string> = {
  created: 'plus',
  updated: 'edit',
  status_changed: 'status',
  assigned: 'person',
  note: 'note',
  follow_up: 'task',
  appointment: 'calendar',
  offer: 'money',
  communication: 'message',
  deal: 'deal',
  ai: 'ai',
  import: 'import',
  workflow: 'bolt',
};

export interface RecordTimelineProps {
  /** `GET` path of the timeline, e.g. `/api/leads/ld_1/timeline`. */
  path: string;
  /** `POST` path for notes; omit when the viewer cannot add notes. */
  notePath?: string;
  /** Loads the request schema for a note (zod loads with the composer's first submit). */
  noteSchema?: () => Promise<ZodType>;
  /** Changes when something else on the page wrote to the timeline (status, offer…): reload. */
  refreshKey?: number;
}

/**
 * A record's timeline (leads, deals, buyers): newest first, filtered by kind, older entries a
 * page at a time, and a note composer for those who may write.
 */
export function RecordTimeline({ path, notePath, noteSchema, refreshKey = 0 }: RecordTimelineProps) {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]['id']>('all');
  const [entries, setEntries] = useState<TTimelineEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const types = FILTERS.find((entry) => entry.id === filter)?.types ?? [];

  const load = (after: string | null, signal?: AbortSignal) =>
    api().get<{ items: TTimelineEntry[]; nextCursor: string | null }>(path, { query: { limit: 25, cursor: after ?? undefined, type: types.length > 0 ? types.join(',') : undefined }, signal });

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    load(null, controller.signal)
      .then((page) => {
        setEntries(page.items);
        setCursor(page.nextCursor);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : 'Could not load the timeline.');
      });
    return () => controller.abort();
  }, [path, filter, refreshKey]);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await load(cursor);
      setEntries((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not load older entries.');
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Card title="Timeline" description="Calls, texts, notes and every change, newest first." className="dc-record-timeline">
      <div className="stack">
        {notePath && noteSchema && <NoteComposer path={notePath} schema={noteSchema} onAdded={(entry) => (filter === 'all' || filter === 'note' ? setEntries((current) => [entry, ...(current ?? [])]) : setFilter('note'))} />}
        <div className="dc-chip-row" role="group" aria-label="Show in the timeline">
          {FILTERS.map((entry) => (
            <button key={entry.id} type="button" className="dc-chip" aria-pressed={filter === entry.id} onClick={() => setFilter(entry.id)}>
              {entry.label}
            </button>
          ))}
        </div>
        {error && <FormAlert message={error} />}
        {entries === null && !error && <Skeleton lines={5} label="Loading the timeline" />}
        {entries?.length === 0 && <p className="muted">Nothing here yet.</p>}
        {entries && entries.length > 0 && (
          <ol className="dc-timeline">
            {entries.map((entry) => (
              <li key={entry.id} className={`dc-timeline-item dc-timeline-item--${MARKS[entry.type]}`}>
                <span className="dc-timeline-mark" aria-hidden="true" />
                <div className="dc-timeline-body">
                  <p className={entry.type === 'note' ? 'dc-timeline-note' : 'dc-timeline-summary'}>{entry.type === 'note' && typeof entry.data.body === 'string' ? entry.data.body : entry.summary}</p>
                  <p className="dc-timeline-meta">
                    {entry.actor_name} · <time dateTime={entry.at} title={dateTime(entry.at)}>{relativeTime(entry.at)}</time>
                  </p>
                </div>
              </li>
            ))}
          </ol>
        )}
        {cursor && (
          <Button size="sm" loading={loadingMore} onClick={more}>
            Show older entries
          </Button>
        )}
      </div>
    </Card>
  );
}

function NoteComposer({ path, schema, onAdded }: { path: string; schema: () => Promise<ZodType>; onAdded: (entry: TTimelineEntry) => void }) {
  const [body, setBody] = useState('');
  const form = useApiForm({
    schema,
    send: (value) => api().post<TTimelineEntry>(path, value),
    onDone: (entry) => {
      setBody('');
      onAdded(entry);
    },
  });
  return (
    <form
      className="dc-note-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit({ body: body.trim() });
      }}
    >
      <Textarea label="Add a note" rows={3} maxLength={5000} value={body} onValue={setBody} error={form.errors.body} placeholder="What did you learn? (only your team sees notes)" />
      <FormAlert message={form.message} />
      <div className="dc-form-actions">
        <Button type="submit" size="sm" variant="primary" loading={form.busy} disabled={body.trim() === ''}>
          Add note
        </Button>
      </div>
    </form>
  );
}
