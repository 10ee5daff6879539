import { useEffect, useRef, useState } from 'react';
import type { TDealBlast } from '../../../../shared/communications/blast.schemas.ts';
import type { TMessagePreview } from '../../../../shared/communications/communication.schemas.ts';
import type { TTemplate } from '../../../../shared/communications/template.schemas.ts';
import type { TBuyerMatches } from '../../../../shared/matching/match.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { smsCounter, statusTone, threadHref } from '../../lib/comms-compose.ts';
import { dateTime, label, plural } from '../../lib/format.ts';

export interface DealBlastProps {
  dealId: string;
  /** The deal is on the market and the viewer may blast it. */
  canSend: boolean;
  /** A blast went out: the deal's timeline refreshes. */
  onSent?: () => void;
}

const RESPONSE_TONE = { none: 'neutral', replied: 'primary', interested: 'success', not_interested: 'warning' } as const;

/**
 * "Send to matched buyers" on a deal: the text and/or email (a template, your own words or the
 * standard blast), a preview rendered for the best-matched buyer, then each buyer's delivery,
 * skips with their reasons and replies (linked to the buyer's thread).
 */
export function DealBlast({ dealId, canSend, onSent }: DealBlastProps) {
  const [blasts, setBlasts] = useState<TDealBlast[] | null>(null);
  const [composing, setComposing] = useState(false);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api()
      .get<{ items: TDealBlast[] }>('/api/communications/blasts', { query: { deal_id: dealId, limit: 5 }, signal: controller.signal })
      .then((page) => setBlasts(page.items))
      .catch(() => !controller.signal.aborted && setBlasts([]));
    // Deliveries and replies come in over the next minutes.
    const timer = setTimeout(() => document.visibilityState === 'visible' && setRefresh((value) => value + 1), 10_000);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [dealId, refresh]);

  if (!canSend && (blasts === null || blasts.length === 0)) return null;
  const latest = blasts?.[0];
  return (
    <Card
      title="Buyer blasts"
      description={latest ? `Last sent ${dateTime(latest.created_at)} · ${plural(latest.counts.recipients, 'buyer')}` : 'Send this deal to the buyers whose buy box it fits.'}
      actions={
        canSend ? (
          <Button size="sm" variant="primary" onClick={() => setComposing(true)}>
            Send to matched buyers
          </Button>
        ) : undefined
      }
    >
      {latest ? <BlastResult blast={latest} /> : <p className="muted">{blasts === null ? 'Loading…' : 'Not sent to buyers yet.'}</p>}
      {composing && (
        <BlastDialog
          dealId={dealId}
          onClose={() => setComposing(false)}
          onSent={(blast) => {
            setComposing(false);
            setBlasts((current) => [blast, ...(current ?? [])]);
            toast(`Sent to ${plural(blast.counts.recipients - blast.recipients.filter((entry) => !entry.sms && !entry.email).length, 'buyer')}`, { tone: 'success' });
            onSent?.();
          }}
        />
      )}
    </Card>
  );
}

/** Buyers listed before "Show all": a blast to 50 buyers would otherwise bury the timeline. */
const FIRST_RECIPIENTS = 8;

function BlastResult({ blast }: { blast: TDealBlast }) {
  const counts = blast.counts;
  const [all, setAll] = useState(false);
  // Replies and skips first: they are what needs attention.
  const ordered = [...blast.recipients].sort((a, b) => rank(b) - rank(a));
  const shown = all ? ordered : ordered.slice(0, FIRST_RECIPIENTS);
  return (
    <div className="stack">
      <dl className="dc-figures dc-figures--compact">
        {(
          [
            ['Messages', counts.messages],
            ['Delivered', counts.delivered],
            ['Failed', counts.failed],
            ['Skipped', counts.skipped],
            ['Replied', counts.replied],
            ['Interested', counts.interested],
          ] as const
        ).map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ul className="dc-blast-list" aria-label="Buyers in this blast">
        {shown.map((recipient) => (
          <li key={recipient.buyer_id}>
            <div className="dc-blast-who">
              <a href={threadHref({ kind: 'buyer', id: recipient.buyer_id })}>{recipient.name}</a>
              {recipient.score !== null && <span className="muted"> · score {recipient.score}</span>}
            </div>
            <div className="cluster">
              {recipient.sms && <Badge tone={statusTone(recipient.sms.status)}>Text {label(recipient.sms.status).toLowerCase()}</Badge>}
              {recipient.email && <Badge tone={statusTone(recipient.email.status)}>Email {label(recipient.email.status).toLowerCase()}</Badge>}
              {recipient.response !== 'none' && <Badge tone={RESPONSE_TONE[recipient.response]}>{label(recipient.response)}</Badge>}
            </div>
            {recipient.skipped.map((skip) => (
              <p key={skip.channel} className="dc-hint">
                {skip.channel === 'sms' ? 'Text' : 'Email'} skipped: {skip.reason}
              </p>
            ))}
            {recipient.reply_preview && <p className="dc-blast-reply">“{recipient.reply_preview}”</p>}
          </li>
        ))}
      </ul>
      {ordered.length > FIRST_RECIPIENTS && (
        <div>
          <Button size="sm" variant="ghost" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${ordered.length} buyers`}
          </Button>
        </div>
      )}
    </div>
  );
}

const rank = (recipient: TDealBlast['recipients'][number]): number => (recipient.response !== 'none' ? 2 : recipient.skipped.length > 0 ? 1 : 0);

function BlastDialog({ dealId, onClose, onSent }: { dealId: string; onClose: () => void; onSent: (blast: TDealBlast) => void }) {
  const [sms, setSms] = useState(true);
  const [email, setEmail] = useState(false);
  const [templates, setTemplates] = useState<TTemplate[]>([]);
  const [templateId, setTemplateId] = useState('');
  const [body, setBody] = useState('');
  const typed = useRef(false);
  const [topBuyer, setTopBuyer] = useState<{ id: string; name: string } | null>(null);
  const [matched, setMatched] = useState<number | null>(null);
  const [preview, setPreview] = useState<TMessagePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api()
      .get<{ items: TTemplate[] }>('/api/communications/templates', { query: { channel: 'sms', limit: 100 } })
      .then((page) => {
        const forBuyers = page.items.filter((template) => template.audience !== 'lead');
        setTemplates(forBuyers);
        const blastTemplate = forBuyers.find((template) => /blast/i.test(template.name));
        // A suggestion only: what the user wrote while the templates loaded stays.
        if (blastTemplate && !typed.current) {
          setTemplateId(blastTemplate.id);
          setBody(blastTemplate.body);
        }
      })
      .catch(() => setTemplates([]));
    api()
      .get<TBuyerMatches>(`/api/deals/${encodeURIComponent(dealId)}/buyers`, { query: { limit: 50 } })
      .then((matches) => {
        const first = matches.items[0];
        setMatched(matches.items.filter((item) => item.score >= 50).length);
        setTopBuyer(first ? { id: first.buyer.id, name: first.buyer.full_name } : null);
      })
      .catch(() => setMatched(0));
  }, [dealId]);

  // The text as the best-matched buyer would read it.
  useEffect(() => {
    if (!topBuyer || !body.trim()) return setPreview(null);
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api()
        .post<TMessagePreview>('/api/communications/messages/preview', { channel: 'sms', to: { buyer_id: topBuyer.id }, deal_id: dealId, body }, { signal: controller.signal, idempotent: true })
        .then(setPreview)
        .catch(() => setPreview(null));
    }, 400);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [topBuyer?.id, body, dealId]);

  const send = async () => {
    setError(null);
    if (!sms && !email) return setError('Choose text, email or both.');
    setBusy(true);
    try {
      const chosen = templates.find((template) => template.id === templateId);
      // A template left unchanged goes as the template; edited words go as the text.
      const smsPart = chosen && chosen.body === body ? { template_id: chosen.id } : body.trim() ? { body } : {};
      onSent(await api().post<TDealBlast>('/api/communications/blasts', { deal_id: dealId, ...(sms ? { sms: smsPart } : {}), ...(email ? { email: {} } : {}) }));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Not sent.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title="Send to matched buyers"
      description={matched === null ? 'Finding matched buyers…' : `${plural(matched, 'buyer')} scoring 50 or more. Opted-out and unreachable buyers are skipped, with the reason.`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={busy} onClick={() => void send()} disabled={matched === 0}>
            Send blast
          </Button>
        </>
      }
    >
      <div className="stack">
        <div className="cluster" role="group" aria-label="Channels">
          <label className="dc-checkbox">
            <input type="checkbox" checked={sms} onChange={(event) => setSms(event.currentTarget.checked)} /> Text
          </label>
          <label className="dc-checkbox">
            <input type="checkbox" checked={email} onChange={(event) => setEmail(event.currentTarget.checked)} /> Email (the standard deal email)
          </label>
        </div>
        {sms && (
          <>
            <label className="dc-field">
              <span className="dc-label">Template</span>
              <select
                className="dc-input dc-select"
                value={templateId}
                onChange={(event) => {
                  const id = event.currentTarget.value;
                  setTemplateId(id);
                  setBody(templates.find((template) => template.id === id)?.body ?? '');
                }}
              >
                <option value="">Your own words (or the standard text when empty)</option>
                {templates.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="dc-field">
              <span className="dc-label">Text message</span>
              <textarea
                className="dc-input"
                rows={4}
                maxLength={1600}
                value={body}
                onInput={(event) => {
                  typed.current = true;
                  setBody(event.currentTarget.value);
                }}
              />
            </label>
            <p className="dc-hint">{smsCounter(body).text}</p>
            {preview && topBuyer && (
              <div className="dc-blast-preview">
                <p className="dc-label">Preview for {topBuyer.name}</p>
                <p className="dc-prewrap">{preview.body}</p>
                {preview.missing_fields.length > 0 && <p className="dc-error">No value for {preview.missing_fields.join(', ')}</p>}
              </div>
            )}
          </>
        )}
        <FormAlert message={error} />
      </div>
    </Dialog>
  );
}
