import { useEffect, useState } from 'react';
import type { TCommunicationSettings } from '../../../../shared/communications/settings.schemas.ts';
import type { TTemplate } from '../../../../shared/communications/template.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Checkbox, FormAlert, Input } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { act } from '../../lib/act.ts';
import { api, ApiError } from '../../lib/api-client.ts';
import { smsCounter } from '../../lib/comms-compose.ts';
import { phone, shortDate } from '../../lib/format.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';
import { PhoneNumbersCard } from './phone-numbers.tsx';

const WRITERS = new Set(['admin', 'acquisition_rep', 'disposition_manager']);
type TMergeField = { name: string; placeholder: string; description: string };
type TDraft = { id: string | null; name: string; channel: 'sms' | 'email'; subject: string; body: string; audience: 'lead' | 'buyer' | 'any' };
const EMPTY_DRAFT: TDraft = { id: null, name: '', channel: 'sms', subject: '', body: '', audience: 'any' };

/** Message templates: list, create, edit, delete, with the merge fields they may use. */
export function TemplatesSection() {
  const viewer = useViewer();
  const list = useCursorList<TTemplate>('/api/communications/templates', { limit: 100 });
  const [draft, setDraft] = useState<TDraft | null>(null);
  const [fields, setFields] = useState<TMergeField[]>([]);
  useEffect(() => {
    api()
      .get<{ items: TMergeField[] }>('/api/communications/templates/fields')
      .then((answer) => setFields(answer.items))
      .catch(() => setFields([]));
  }, []);
  const writer = viewer.role !== null && WRITERS.has(viewer.role);
  const remove = async (template: TTemplate) => {
    if (!confirm(`Delete the template “${template.name}”?`)) return;
    if (await act(() => api().delete(`/api/communications/templates/${encodeURIComponent(template.id)}`), { done: 'Template deleted', failed: 'Not deleted' })) list.reload();
  };
  return (
    <Card
      title="Templates"
      description="Reusable texts and emails. Merge fields such as {{first_name|there}} are filled for each recipient."
      actions={
        writer ? (
          <Button size="sm" variant="primary" onClick={() => setDraft(EMPTY_DRAFT)}>
            New template
          </Button>
        ) : undefined
      }
    >
      <FormAlert message={list.error} />
      {list.loading && list.items.length === 0 ? (
        <Skeleton lines={4} label="Loading templates" />
      ) : (
        <ul className="dc-template-list" aria-label="Templates">
          {list.items.map((template) => (
            <li key={template.id}>
              <div className="dc-template-head">
                <strong>{template.name}</strong>
                <Badge>{template.channel === 'sms' ? 'Text' : 'Email'}</Badge>
                <Badge tone="secondary">{template.audience === 'any' ? 'Anyone' : template.audience === 'lead' ? 'Sellers' : 'Buyers'}</Badge>
                {template.segments !== null && <span className="muted">{template.segments} segment(s)</span>}
              </div>
              {template.subject && <p className="dc-hint">Subject: {template.subject}</p>}
              <p className="dc-template-body">{template.body}</p>
              {writer && (
                <div className="cluster">
                  <Button size="sm" onClick={() => setDraft({ id: template.id, name: template.name, channel: template.channel, subject: template.subject, body: template.body, audience: template.audience })}>
                    Edit
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void remove(template)} aria-label={`Delete ${template.name}`}>
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <details className="dc-disclosure">
        <summary>Merge fields</summary>
        <dl className="dc-details">
          {fields.flatMap((field) => [
            <dt key={`${field.name}-t`}>
              <code>{field.placeholder}</code>
            </dt>,
            <dd key={`${field.name}-d`}>{field.description}</dd>,
          ])}
        </dl>
        <p className="dc-hint">Add a fallback after a bar for recipients without the value: {'{{first_name|there}}'}.</p>
      </details>
      {draft && (
        <TemplateDialog
          draft={draft}
          onClose={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}

function TemplateDialog({ draft: initial, onClose, onSaved }: { draft: TDraft; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<TDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const save = async () => {
    setBusy(true);
    setMessage(null);
    setErrors({});
    const body = { name: draft.name, channel: draft.channel, body: draft.body, audience: draft.audience, ...(draft.channel === 'email' ? { subject: draft.subject } : {}) };
    try {
      if (draft.id) await api().patch(`/api/communications/templates/${encodeURIComponent(draft.id)}`, body);
      else await api().post('/api/communications/templates', body);
      toast(draft.id ? 'Template saved' : 'Template created', { tone: 'success' });
      onSaved();
    } catch (error) {
      if (error instanceof ApiError) setErrors(error.fieldErrors);
      setMessage(error instanceof Error ? error.message : 'Not saved.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={draft.id ? 'Edit template' : 'New template'}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void save()}>
            Save template
          </Button>
        </>
      }
    >
      <div className="stack">
        <label className="dc-field">
          <span className="dc-label">Name</span>
          <input className="dc-input" value={draft.name} maxLength={100} onInput={(event) => set({ name: event.currentTarget.value })} />
          {errors.name && <span className="dc-error">{errors.name}</span>}
        </label>
        <div className="cluster">
          <label className="dc-field">
            <span className="dc-label">Channel</span>
            <select className="dc-input dc-select" value={draft.channel} onChange={(event) => set({ channel: event.currentTarget.value as TDraft['channel'] })}>
              <option value="sms">Text</option>
              <option value="email">Email</option>
            </select>
          </label>
          <label className="dc-field">
            <span className="dc-label">For</span>
            <select className="dc-input dc-select" value={draft.audience} onChange={(event) => set({ audience: event.currentTarget.value as TDraft['audience'] })}>
              <option value="any">Anyone</option>
              <option value="lead">Sellers</option>
              <option value="buyer">Buyers</option>
            </select>
          </label>
        </div>
        {draft.channel === 'email' && (
          <label className="dc-field">
            <span className="dc-label">Subject</span>
            <input className="dc-input" value={draft.subject} maxLength={200} onInput={(event) => set({ subject: event.currentTarget.value })} />
          </label>
        )}
        <label className="dc-field">
          <span className="dc-label">Message text</span>
          <textarea className="dc-input" rows={5} maxLength={1600} value={draft.body} onInput={(event) => set({ body: event.currentTarget.value })} />
          {errors.body && <span className="dc-error">{errors.body}</span>}
        </label>
        {draft.channel === 'sms' && <p className="dc-hint">{smsCounter(draft.body).text} before merge fields</p>}
        <FormAlert message={message} />
      </div>
    </Dialog>
  );
}

type TDnc = { id: string; value: string; kind: 'phone' | 'email'; reason: string; added_by: string; created_at: string };

/** The do-not-contact list: add a phone or email (writers), remove (admins). */
export function ComplianceSection() {
  const viewer = useViewer();
  const [q, setQ] = useState('');
  const list = useCursorList<TDnc>('/api/communications/do-not-contact', { limit: 50, q: q.trim() || undefined });
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const writer = viewer.role !== null && WRITERS.has(viewer.role);
  const add = async () => {
    setError(null);
    setBusy(true);
    try {
      await api().post('/api/communications/do-not-contact', { value, ...(reason.trim() ? { reason } : {}) });
      setValue('');
      setReason('');
      toast('Added to the do-not-contact list', { tone: 'success' });
      list.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Not added.');
    } finally {
      setBusy(false);
    }
  };
  const remove = async (entry: TDnc) => {
    if (await act(() => api().delete(`/api/communications/do-not-contact/${encodeURIComponent(entry.id)}`), { done: 'Removed from the do-not-contact list', failed: 'Not removed' })) list.reload();
  };
  return (
    <Card title="Do not contact" description="Numbers and emails that get no texts, emails or calls from anyone in the organisation.">
      <div className="stack">
        {writer && (
          <form
            className="dc-toolbar-row dc-dnc-form"
            onSubmit={(event) => {
              event.preventDefault();
              void add();
            }}
          >
            <label className="dc-field">
              <span className="dc-label">Phone or email</span>
              <input className="dc-input" value={value} maxLength={254} onInput={(event) => setValue(event.currentTarget.value)} required />
            </label>
            <label className="dc-field">
              <span className="dc-label">Reason</span>
              <input className="dc-input" value={reason} maxLength={300} onInput={(event) => setReason(event.currentTarget.value)} />
            </label>
            <Button type="submit" variant="primary" loading={busy}>
              Add
            </Button>
          </form>
        )}
        <FormAlert message={error ?? list.error} />
        <div className="dc-toolbar-row">
          <label className="dc-search-field">
            <span className="visually-hidden">Search the list</span>
            <input className="dc-input" type="search" placeholder="Search by number or email" value={q} maxLength={100} onInput={(event) => setQ(event.currentTarget.value)} />
          </label>
        </div>
        {list.items.length === 0 && !list.loading ? (
          <p className="muted">Nobody is on the list.</p>
        ) : (
          <ul className="dc-call-log" aria-label="Do-not-contact list">
            {list.items.map((entry) => (
              <li key={entry.id}>
                <span className="dc-call-who">{entry.kind === 'phone' ? phone(entry.value) : entry.value}</span>
                <span className="muted">{entry.reason || 'No reason given'}</span>
                <span>{shortDate(entry.created_at)}</span>
                {viewer.role === 'admin' && (
                  <Button size="sm" variant="ghost" onClick={() => void remove(entry)} aria-label={`Remove ${entry.value}`}>
                    Remove
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

/** The organisation's numbers and its messaging settings (quiet hours, calls, keyword replies; admins change them). */
export function SettingsSection() {
  const viewer = useViewer();
  const [settings, setSettings] = useState<TCommunicationSettings | null>(null);
  const [values, setValues] = useState({ from: '09:00', until: '20:00', record_calls: false, keyword_replies: true, ring_seconds: '20' });
  const [error, setError] = useState<string | null>(null);
  const show = (answer: TCommunicationSettings) => {
    setSettings(answer);
    setValues({ from: answer.quiet_hours.send_from, until: answer.quiet_hours.send_until, record_calls: answer.record_calls, keyword_replies: answer.keyword_replies, ring_seconds: String(answer.ring_seconds) });
  };
  useEffect(() => {
    api()
      .get<TCommunicationSettings>('/api/communications/settings')
      .then(show)
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'Could not load the settings.'));
  }, []);
  const admin = viewer.role === 'admin';
  const set = (patch: Partial<typeof values>) => setValues((current) => ({ ...current, ...patch }));
  const form = useApiForm({
    schema: async () => (await import('../../../../shared/communications/settings.schemas.ts')).ZUpdateCommunicationSettingsRequest,
    send: (value) => api().patch<TCommunicationSettings>('/api/communications/settings', value),
    onDone: (answer) => {
      show(answer);
      toast('Messaging settings saved', { tone: 'success' });
    },
  });
  const save = () =>
    void form.submit({
      quiet_hours: { send_from: values.from, send_until: values.until },
      record_calls: values.record_calls,
      keyword_replies: values.keyword_replies,
      ring_seconds: Number(values.ring_seconds),
    });
  return (
    <div className="grid-wide">
      <PhoneNumbersCard />
      <Card title="Messaging and calls" description="How the organisation's texts and calls behave. Only admins change these.">
        {settings && (
          <form
            className="stack"
            // Checked with the API's schema; each problem shows under its control.
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <fieldset className="dc-fieldset" disabled={!admin}>
              <legend className="dc-label">Quiet hours</legend>
              <p className="dc-hint">Texts go out only in this window, in the recipient's time zone. Outside it, automated texts wait and people are asked to confirm.</p>
              <div className="cluster">
                <Input label="Send from" type="time" required value={values.from} error={form.errors['quiet_hours.send_from']} onValue={(from) => set({ from })} />
                <Input label="Send until" type="time" required value={values.until} error={form.errors['quiet_hours.send_until']} onValue={(until) => set({ until })} />
              </div>
            </fieldset>
            <fieldset className="dc-fieldset" disabled={!admin}>
              <legend className="dc-label">Calls and replies</legend>
              <Checkbox label="Record calls" hint="Click-to-call recordings appear in the call log. Tell callers where the law asks you to." checked={values.record_calls} onChecked={(record_calls) => set({ record_calls })} />
              <Checkbox
                label="Answer STOP, START and HELP"
                hint="Turn off only when Twilio's Advanced Opt-Out already replies; opt-outs are honoured either way."
                checked={values.keyword_replies}
                onChecked={(keyword_replies) => set({ keyword_replies })}
              />
              <Input
                label="Ring the rep for (seconds)"
                hint="How long a click-to-call rings the rep's phone before giving up."
                type="number"
                inputMode="numeric"
                min={5}
                max={60}
                required
                value={values.ring_seconds}
                error={form.errors.ring_seconds}
                onValue={(ring_seconds) => set({ ring_seconds })}
              />
            </fieldset>
            {admin && (
              <div>
                <Button type="submit" variant="primary" loading={form.busy}>
                  Save settings
                </Button>
              </div>
            )}
          </form>
        )}
        <FormAlert message={error ?? form.message} />
        {!settings && !error && <Skeleton lines={2} />}
      </Card>
    </div>
  );
}
