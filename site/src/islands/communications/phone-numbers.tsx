import { useEffect, useState } from 'react';
import type { TPhoneNumber } from '../../../../shared/communications/phone-number.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { Checkbox, FormAlert, Input, Select } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { act } from '../../lib/act.ts';
import { api } from '../../lib/api-client.ts';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { phone } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';

const loadSchemas = () => import('../../../../shared/communications/phone-number.schemas.ts');
/** The form of one number; `id` null while connecting a new one. */
type TDraft = { id: string | null; number: string; label: string; throughput: string; owner_id: string; is_default: boolean };

const describeCapabilities = (number: TPhoneNumber) =>
  [number.capabilities.sms ? 'SMS' : null, number.capabilities.mms ? 'MMS' : null, number.capabilities.voice ? 'Voice' : null].filter(Boolean).join(' · ');

/**
 * The organisation's Twilio numbers. Admins connect one (the API checks the account owns it and
 * points its webhooks here), label it, give it to a rep, set its throughput, make it the
 * default sender, or disconnect it; everyone else sees the list.
 */
export function PhoneNumbersCard() {
  const viewer = useViewer();
  const admin = viewer.role === 'admin';
  const [numbers, setNumbers] = useState<TPhoneNumber[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [people, setPeople] = useState<TAssignee[]>([]);
  const [draft, setDraft] = useState<TDraft | null>(null);
  const load = () =>
    api()
      .get<{ items: TPhoneNumber[] }>('/api/communications/numbers')
      .then((answer) => setNumbers(answer.items))
      .catch((failure: unknown) => {
        setNumbers([]);
        setError(failure instanceof Error ? failure.message : 'Could not load the numbers.');
      });
  useEffect(() => {
    void load();
    loadAssignees()
      .then(setPeople)
      .catch(() => setPeople([]));
  }, []);
  const ownerName = (id: string | null) => (id ? (people.find((person) => person.id === id)?.name ?? 'A former member') : null);
  const makeDefault = async (number: TPhoneNumber) => {
    if (await act(() => api().patch(`/api/communications/numbers/${encodeURIComponent(number.id)}`, { is_default: true }), { done: `${phone(number.number)} is the default sender`, failed: 'Not changed' })) await load();
  };
  const disconnect = async (number: TPhoneNumber) => {
    if (!confirm(`Disconnect ${phone(number.number)}? Its conversations stay; texts and calls to it stop reaching the CRM.`)) return;
    if (await act(() => api().delete(`/api/communications/numbers/${encodeURIComponent(number.id)}`), { done: 'Number disconnected', failed: 'Not disconnected' })) await load();
  };
  return (
    <Card
      title="Phone numbers"
      description="The organisation's Twilio numbers. A text goes out from the number last used with that contact, else from the default."
      actions={
        admin ? (
          <Button size="sm" variant="primary" onClick={() => setDraft({ id: null, number: '', label: '', throughput: '1', owner_id: '', is_default: numbers?.length === 0 })}>
            Connect a number
          </Button>
        ) : undefined
      }
    >
      <FormAlert message={error} />
      {numbers === null ? (
        <Skeleton lines={2} label="Loading numbers" />
      ) : numbers.length === 0 ? (
        <p className="muted">No number connected yet{admin ? ': connect one to text and call from the CRM.' : '. An admin connects them.'}</p>
      ) : (
        <ul className="dc-template-list" aria-label="Phone numbers">
          {numbers.map((number) => (
            <li key={number.id}>
              <div className="dc-template-head">
                <strong>{phone(number.number)}</strong>
                {number.label && <span>{number.label}</span>}
                {number.is_default && <Badge tone="primary">Default</Badge>}
              </div>
              <p className="dc-hint">
                {[describeCapabilities(number), `${number.throughput_per_second} segment${number.throughput_per_second === 1 ? '' : 's'}/s`, ownerName(number.owner_id) ? `${ownerName(number.owner_id)}'s line` : 'Shared line']
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              {admin && (
                <div className="cluster">
                  <Button
                    size="sm"
                    onClick={() =>
                      setDraft({ id: number.id, number: number.number, label: number.label, throughput: String(number.throughput_per_second), owner_id: number.owner_id ?? '', is_default: number.is_default })
                    }
                    aria-label={`Edit ${phone(number.number)}`}
                  >
                    Edit
                  </Button>
                  {!number.is_default && (
                    <Button size="sm" variant="ghost" onClick={() => void makeDefault(number)} aria-label={`Make default: ${phone(number.number)}`}>
                      Make default
                    </Button>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => void disconnect(number)} aria-label={`Disconnect ${phone(number.number)}`}>
                    Disconnect
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {draft && (
        <NumberDialog
          draft={draft}
          people={people}
          onClose={() => setDraft(null)}
          onSaved={() => {
            setDraft(null);
            void load();
          }}
        />
      )}
    </Card>
  );
}

function NumberDialog({ draft: initial, people, onClose, onSaved }: { draft: TDraft; people: TAssignee[]; onClose: () => void; onSaved: () => void }) {
  const [draft, setDraft] = useState(initial);
  const set = (patch: Partial<TDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const connecting = draft.id === null;
  const form = useApiForm({
    schema: async () => (connecting ? (await loadSchemas()).ZConnectNumberRequest : (await loadSchemas()).ZUpdateNumberRequest),
    send: (value) => (connecting ? api().post('/api/communications/numbers', value) : api().patch(`/api/communications/numbers/${encodeURIComponent(draft.id ?? '')}`, value)),
    onDone: () => {
      toast(connecting ? 'Number connected' : 'Number saved', { tone: 'success' });
      onSaved();
    },
  });
  const save = () =>
    void form.submit({
      ...(connecting ? { number: draft.number } : {}),
      label: draft.label,
      throughput_per_second: Number(draft.throughput),
      owner_id: draft.owner_id || null,
      // Only ever made the default here; another number taking over is what unsets it.
      ...(connecting || draft.is_default ? { is_default: draft.is_default } : {}),
    });
  return (
    <Dialog
      open
      onClose={onClose}
      title={connecting ? 'Connect a number' : `Edit ${phone(draft.number)}`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={form.busy} onClick={save}>
            {connecting ? 'Connect number' : 'Save number'}
          </Button>
        </>
      }
    >
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        {connecting && (
          <Input
            label="Twilio number"
            hint="A number your Twilio account owns, in any format: (512) 555-0100 or +15125550100."
            type="tel"
            autoComplete="off"
            required
            maxLength={40}
            value={draft.number}
            error={form.errors.number}
            onValue={(number) => set({ number })}
          />
        )}
        <Input label="Label" hint="What the team calls it, such as “Direct mail line”." maxLength={60} value={draft.label} error={form.errors.label} onValue={(label) => set({ label })} />
        <Select
          label="Whose line"
          hint="A rep's own line: new leads who text it become theirs, and callers without a rep ring them."
          options={people.map((person) => ({ value: person.id, label: person.name }))}
          placeholder="Shared (nobody's)"
          value={draft.owner_id}
          error={form.errors.owner_id}
          onValue={(owner_id) => set({ owner_id })}
        />
        <Input
          label="Throughput (segments per second)"
          hint="1 for a local number; higher on an A2P 10DLC tier or a toll-free number."
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          required
          value={draft.throughput}
          error={form.errors.throughput_per_second}
          onValue={(throughput) => set({ throughput })}
        />
        {(connecting || !initial.is_default) && (
          <Checkbox label="Default sender" hint="Used when nothing else picks a number." checked={draft.is_default} onChecked={(is_default) => set({ is_default })} />
        )}
        <FormAlert message={form.message} />
      </form>
    </Dialog>
  );
}
