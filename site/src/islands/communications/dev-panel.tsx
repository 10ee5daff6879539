import { useEffect, useState } from 'react';
import { Button } from '../../components/button.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { dateTime, phone } from '../../lib/format.ts';

type TSandbox = { test_numbers: Record<string, string>; sent: Record<string, unknown>[] };

export interface DevPanelProps {
  /** The number a simulated text or call comes from (the contact's), editable. */
  defaultFrom?: string | null;
  /** Something was simulated: refetch what shows it. */
  onSimulated?: () => void;
  /** Open by default (the communication center's tab). */
  open?: boolean;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/**
 * The local sandbox's developer panel: play the other side — a text or call arriving from a
 * number — and see what the sandbox "sent". Delivery statuses advance by themselves (sent, then
 * delivered, as Twilio's callbacks would). Renders nothing when the API answers 404 (Twilio is live).
 */
export function DevPanel({ defaultFrom, onSimulated, open = false }: DevPanelProps) {
  const [sandbox, setSandbox] = useState<TSandbox | null>(null);
  const [from, setFrom] = useState(defaultFrom ?? '');
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState<'answered' | 'no_answer' | 'busy'>('answered');
  const [busy, setBusy] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    api()
      .get<TSandbox>('/api/communications/sandbox')
      .then(setSandbox)
      .catch(() => setSandbox(null));
  }, [refresh]);
  useEffect(() => setFrom(defaultFrom ?? ''), [defaultFrom]);
  if (!sandbox) return null;

  const simulate = async (kind: 'sms' | 'call') => {
    setBusy(kind);
    try {
      if (kind === 'sms') await api().post('/api/communications/sandbox/inbound-sms', { from, body });
      else await api().post('/api/communications/sandbox/inbound-call', { from, outcome, duration_seconds: 95 });
      toast(kind === 'sms' ? 'Inbound text simulated' : 'Inbound call simulated', { tone: 'success' });
      if (kind === 'sms') setBody('');
      setRefresh((value) => value + 1);
      onSimulated?.();
    } catch (error) {
      toast('Simulation failed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <details className="dc-dev-panel" open={open}>
      <summary>Developer panel (sandbox)</summary>
      <p className="muted">Nothing leaves this machine. Play the contact's side; statuses advance to delivered within seconds.</p>
      <div className="dc-dev-grid">
        <label className="dc-field">
          <span className="dc-label">From number</span>
          <input className="dc-input" value={from} maxLength={40} onInput={(event) => setFrom(event.currentTarget.value)} placeholder="+15125550142" />
        </label>
        <label className="dc-field">
          <span className="dc-label">Inbound text</span>
          <input className="dc-input" value={body} maxLength={1600} onInput={(event) => setBody(event.currentTarget.value)} placeholder="Yes, I'm interested. Or STOP" />
        </label>
        <div className="cluster">
          <Button size="sm" loading={busy === 'sms'} disabled={!from} onClick={() => void simulate('sms')}>
            Simulate inbound text
          </Button>
        </div>
        <label className="dc-field">
          <span className="dc-label">Inbound call outcome</span>
          <select className="dc-input dc-select" value={outcome} onChange={(event) => setOutcome(event.currentTarget.value as typeof outcome)}>
            <option value="answered">Answered</option>
            <option value="no_answer">Missed (voicemail)</option>
            <option value="busy">Busy</option>
          </select>
        </label>
        <div className="cluster">
          <Button size="sm" loading={busy === 'call'} disabled={!from} onClick={() => void simulate('call')}>
            Simulate inbound call
          </Button>
        </div>
      </div>
      <details className="dc-dev-sub">
        <summary>Test numbers</summary>
        <ul className="dc-plain-list">
          {Object.entries(sandbox.test_numbers).map(([behaviour, number]) => (
            <li key={number}>
              <code>{number}</code> {behaviour.replace(/_/g, ' ')}
            </li>
          ))}
        </ul>
      </details>
      <details className="dc-dev-sub">
        <summary>What the sandbox sent ({sandbox.sent.length})</summary>
        <ul className="dc-plain-list">
          {sandbox.sent.slice(0, 20).map((entry, index) => (
            <li key={text(entry._id) || index}>
              {dateTime(text(entry.created_at) || null)} · {text(entry.kind) === 'call' ? 'call' : 'text'} to {phone(text(entry.to))}: {text(entry.body).slice(0, 120)}
            </li>
          ))}
        </ul>
      </details>
    </details>
  );
}
