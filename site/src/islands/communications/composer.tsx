import { useEffect, useRef, useState } from 'react';
import type { TCommunication, TMessagePreview } from '../../../../shared/communications/communication.schemas.ts';
import type { TTemplate } from '../../../../shared/communications/template.schemas.ts';
import { Button } from '../../components/button.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { insertAt, REFUSAL_TITLE, refusalOf, smsCounter, threadQuery, type TRefusal, type TThreadRef } from '../../lib/comms-compose.ts';
import { dateTime, fromLocalInput, toLocalInput } from '../../lib/format.ts';

export interface ComposerProps {
  contact: TThreadRef;
  /** The contact has an email address (the Email tab is offered). */
  hasEmail: boolean;
  /** A message was sent or scheduled: the thread refetches. */
  onSent: (message: TCommunication) => void;
}

type TMergeField = { name: string; placeholder: string; description: string };
/** `POST /api/communications/suggest-reply` (shared/ai/README.md, branch `ai`): the fields the composer uses. */
type TSuggestions = { replies: { text: string; intent: string; segments: number; compliance: { ok: boolean; issues: string[] } }[] };

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * The reply box: a text (with the carriers' segment count) or an email (subject and body),
 * templates and merge fields, sending now or at a time in the viewer's zone. Before sending it
 * asks the API for a preview (rendered text, opt-out/DNC block, quiet hours); the API's refusals
 * are shown in the box with what can be done (send anyway in quiet hours, or schedule).
 */
export function Composer({ contact, hasEmail, onSent }: ComposerProps) {
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');
  const [later, setLater] = useState(false);
  const [at, setAt] = useState(() => toLocalInput(new Date(Date.now() + 3_600_000)));
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<TRefusal | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<TMessagePreview | null>(null);
  const [templates, setTemplates] = useState<TTemplate[]>([]);
  const [fields, setFields] = useState<TMergeField[]>([]);
  const box = useRef<HTMLTextAreaElement>(null);
  const [suggestions, setSuggestions] = useState<TSuggestions['replies'] | null>(null);
  // Null until asked; false once the API says it has no suggestions (route absent, or no AI in the plan).
  const [canSuggest, setCanSuggest] = useState<boolean | null>(null);
  const [suggesting, setSuggesting] = useState(false);

  useEffect(() => {
    api()
      .get<{ items: TTemplate[] }>('/api/communications/templates', { query: { limit: 100 } })
      .then((page) => setTemplates(page.items))
      .catch(() => setTemplates([]));
    api()
      .get<{ items: TMergeField[] }>('/api/communications/templates/fields')
      .then((list) => setFields(list.items))
      .catch(() => setFields([]));
  }, []);

  // The preview follows the draft once typing pauses: the rendered text, and a block before the person presses send.
  useEffect(() => {
    if (!body.trim()) return setPreview(null);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api()
        .post<TMessagePreview>('/api/communications/messages/preview', request(false), { signal: controller.signal, idempotent: true })
        .then(setPreview)
        .catch(() => undefined);
    }, 500);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [body, subject, channel, contact.id]);

  const request = (force: boolean, when?: string) => ({
    channel,
    to: threadQuery(contact),
    body,
    ...(channel === 'email' ? { subject } : {}),
    ...(when ? { at: when } : {}),
    ...(force ? { force: true } : {}),
  });

  const send = async (options: { force?: boolean; at?: string } = {}) => {
    setError(null);
    setRefusal(null);
    if (!body.trim()) return setError('Write a message first.');
    if (channel === 'email' && !subject.trim()) return setError('An email needs a subject.');
    const when = options.at ?? (later ? fromLocalInput(at) : undefined);
    if (later && !options.at && (!when || Date.parse(when) <= Date.now())) return setError('Choose a time in the future to send later.');
    setBusy(true);
    try {
      const message = await api().post<TCommunication>('/api/communications/messages', request(options.force ?? false, when));
      setBody('');
      setSubject('');
      setPreview(null);
      setLater(false);
      toast(message.status === 'scheduled' ? `Scheduled for ${dateTime(message.scheduled_for)}` : channel === 'sms' ? 'Text sent' : 'Email sent', { tone: 'success' });
      onSent(message);
    } catch (failure) {
      const refused = refusalOf(failure);
      if (refused) setRefusal(refused);
      else setError(failure instanceof ApiError ? failure.message : 'Could not send. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const insert = (text: string) => {
    const element = box.current;
    const next = insertAt(body, text, element?.selectionStart ?? body.length, element?.selectionEnd ?? body.length);
    setBody(next.value);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(next.caret, next.caret);
    });
  };

  const suggest = async () => {
    setSuggesting(true);
    try {
      const answer = await api().post<TSuggestions>('/api/communications/suggest-reply', { to: threadQuery(contact), ...(body.trim() ? { draft: body } : {}) }, { idempotent: true });
      setSuggestions(answer.replies);
      setCanSuggest(true);
    } catch (failure) {
      const unavailable = failure instanceof ApiError && (failure.status === 404 || failure.code === 'feature_disabled');
      if (unavailable) setCanSuggest(false);
      toast(unavailable ? 'Suggested replies are not available here' : 'No suggestions', { body: unavailable ? undefined : failure instanceof Error ? failure.message : undefined, tone: unavailable ? 'info' : 'danger' });
    } finally {
      setSuggesting(false);
    }
  };

  const counter = smsCounter(body);
  const usable = templates.filter((template) => template.channel === channel && (template.audience === 'any' || template.audience === contact.kind));
  const blocked = preview?.blocked;

  return (
    <form
      className="dc-composer"
      aria-label="Reply"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="dc-composer-row">
        <div className="dc-segmented" role="group" aria-label="Channel">
          <button type="button" aria-pressed={channel === 'sms'} onClick={() => setChannel('sms')}>
            Text
          </button>
          {hasEmail && (
            <button type="button" aria-pressed={channel === 'email'} onClick={() => setChannel('email')}>
              Email
            </button>
          )}
        </div>
        <label className="dc-inline-select">
          <span className="visually-hidden">Template</span>
          <select
            className="dc-input dc-select"
            value=""
            onChange={(event) => {
              const template = usable.find((entry) => entry.id === event.currentTarget.value);
              if (!template) return;
              setBody(template.body);
              if (template.subject) setSubject(template.subject);
            }}
          >
            <option value="">Use a template…</option>
            {usable.map((template) => (
              <option key={template.id} value={template.id}>
                {template.name}
              </option>
            ))}
          </select>
        </label>
        <label className="dc-inline-select">
          <span className="visually-hidden">Insert a merge field</span>
          <select
            className="dc-input dc-select"
            value=""
            onChange={(event) => {
              if (event.currentTarget.value) insert(event.currentTarget.value);
            }}
          >
            <option value="">Insert field…</option>
            {fields.map((field) => (
              <option key={field.name} value={field.placeholder} title={field.description}>
                {field.placeholder}
              </option>
            ))}
          </select>
        </label>
        {channel === 'sms' && canSuggest !== false && (
          <Button size="sm" variant="ghost" loading={suggesting} onClick={() => void suggest()}>
            Suggest replies
          </Button>
        )}
      </div>
      {suggestions && channel === 'sms' && (
        <ul className="dc-suggestions" aria-label="Suggested replies">
          {suggestions.map((reply) => (
            <li key={reply.text}>
              <button
                type="button"
                className="dc-suggestion"
                onClick={() => {
                  setBody(reply.text);
                  setSuggestions(null);
                }}
              >
                {reply.text}
                {!reply.compliance.ok && <span className="dc-error"> {reply.compliance.issues.join('; ')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {channel === 'email' && (
        <label className="dc-field">
          <span className="dc-label">Subject</span>
          <input className="dc-input" value={subject} maxLength={200} onInput={(event) => setSubject(event.currentTarget.value)} />
        </label>
      )}
      <label className="dc-field">
        <span className="dc-label">{channel === 'sms' ? 'Text message' : 'Email'}</span>
        <textarea
          ref={box}
          className="dc-input dc-composer-box"
          rows={channel === 'sms' ? 3 : 6}
          value={body}
          maxLength={channel === 'sms' ? 1600 : 10_000}
          placeholder={channel === 'sms' ? 'Hi {{first_name|there}}, …' : 'Write your email'}
          aria-describedby="composer-counter"
          onInput={(event) => setBody(event.currentTarget.value)}
        />
      </label>
      <p id="composer-counter" className={counter.tooLong ? 'dc-composer-counter is-over' : 'dc-composer-counter'} aria-live="polite">
        {channel === 'sms' ? counter.text : `${body.length} characters`}
        {preview?.segments && body.includes('{{') ? ` · ${preview.segments.segments} after merge fields` : ''}
        {preview && preview.missing_fields.length > 0 ? ` · No value for ${preview.missing_fields.map((field) => `{{${field}}}`).join(', ')}` : ''}
      </p>
      {blocked && !refusal && (
        <p className="dc-alert" role="note">
          {blocked.reason === 'opted_out' ? 'This contact opted out: ' : 'On the do-not-contact list: '}
          {blocked.detail}
        </p>
      )}
      {preview?.quiet_hours && !preview.quiet_hours.allowed && !refusal && (
        <p className="dc-alert dc-alert--info" role="note">
          It is {preview.quiet_hours.local_time} for them ({preview.quiet_hours.time_zone}). Texts are allowed again {dateTime(preview.quiet_hours.next_allowed_at)}.
        </p>
      )}
      {refusal && (
        <div className="dc-alert dc-composer-refusal" role="alert">
          <strong>{REFUSAL_TITLE[refusal.reason]}</strong>
          <p>{refusal.message}</p>
          {refusal.reason === 'quiet_hours' && (
            <div className="cluster">
              <Button size="sm" onClick={() => void send({ force: true })}>
                Send anyway
              </Button>
              {refusal.nextAllowedAt && (
                <Button size="sm" onClick={() => void send({ at: refusal.nextAllowedAt ?? undefined })}>
                  Schedule for {dateTime(refusal.nextAllowedAt)}
                </Button>
              )}
            </div>
          )}
        </div>
      )}
      {error && (
        <p className="dc-alert" role="alert">
          {error}
        </p>
      )}
      <div className="dc-composer-row dc-composer-actions">
        <label className="dc-checkbox">
          <input type="checkbox" checked={later} onChange={(event) => setLater(event.currentTarget.checked)} /> Send later
        </label>
        {later && (
          <label className="dc-composer-when">
            <span className="visually-hidden">Send at ({ZONE})</span>
            <input className="dc-input" type="datetime-local" value={at} onInput={(event) => setAt(event.currentTarget.value)} />
            <span className="muted">{ZONE}</span>
          </label>
        )}
        <Button type="submit" variant="primary" loading={busy} disabled={counter.tooLong && channel === 'sms'}>
          {later ? 'Schedule' : channel === 'sms' ? 'Send text' : 'Send email'}
        </Button>
      </div>
    </form>
  );
}
