import { useState } from 'react';
import { APPOINTMENT_OUTCOMES } from '../../../../shared/leads/lead.constants.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { Badge, type TBadgeTone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { FormAlert, Input, Textarea } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { dateTime, fromLocalInput, label, oneLineAddress } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { defaultDue } from '../follow-ups/follow-up-dialog.tsx';
import { useDialogOpening } from '../../lib/use-dialog-opening.ts';

type TAppointment = TLead['appointments'][number];

const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

const OUTCOME_TONE: Record<TAppointment['outcome'], TBadgeTone> = { scheduled: 'primary', completed: 'success', no_show: 'danger', rescheduled: 'warning', cancelled: 'neutral' };
const OUTCOME_OPTIONS = APPOINTMENT_OUTCOMES.map((value) => ({ value, label: label(value) }));

export interface LeadAppointmentsProps {
  lead: TLead;
  writable: boolean;
  onChanged: (lead: TLead) => void;
}

/** Walk-throughs with the seller: upcoming first, with their outcome; record one or its outcome. */
export function LeadAppointments({ lead, writable, onChanged }: LeadAppointmentsProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const appointments = [...lead.appointments].sort((a, b) => b.scheduled_at.localeCompare(a.scheduled_at));

  const setOutcome = async (appointment: TAppointment, outcome: string) => {
    setBusy(appointment.id);
    try {
      onChanged(await api().patch<TLead>(`/api/leads/${encodeURIComponent(lead.id)}/appointments/${encodeURIComponent(appointment.id)}`, { outcome }));
      toast(`Appointment marked ${label(outcome).toLowerCase()}`, { tone: 'success' });
    } catch (failure) {
      toast('Appointment not updated', { body: failure instanceof Error ? failure.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card
      title="Appointments"
      actions={
        writable ? (
          <Button size="sm" onClick={() => setOpen(true)}>
            Book
          </Button>
        ) : undefined
      }
    >
      {appointments.length === 0 && <p className="muted">No appointments yet.</p>}
      {appointments.length > 0 && (
        <ul className="dc-list">
          {appointments.map((appointment) => (
            <li key={appointment.id} className="dc-list-item dc-list-item--wrap">
              <div>
                <strong>{dateTime(appointment.scheduled_at)}</strong> <Badge tone={OUTCOME_TONE[appointment.outcome]}>{label(appointment.outcome)}</Badge>
                {appointment.location && <p className="dc-hint">{appointment.location}</p>}
                {appointment.notes && <p className="dc-hint">{appointment.notes}</p>}
              </div>
              {writable && (
                <label className="dc-inline-select dc-inline-select--small">
                  <span className="visually-hidden">Outcome of the appointment on {dateTime(appointment.scheduled_at)}</span>
                  <select className="dc-input dc-select" value={appointment.outcome} disabled={busy === appointment.id} onChange={(event) => void setOutcome(appointment, event.currentTarget.value)}>
                    {OUTCOME_OPTIONS.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      <AppointmentDialog
        open={open}
        lead={lead}
        onClose={() => setOpen(false)}
        onSaved={(updated) => {
          setOpen(false);
          toast('Appointment booked', { tone: 'success' });
          onChanged(updated);
        }}
      />
    </Card>
  );
}

function AppointmentDialog({ open, lead, onClose, onSaved }: { open: boolean; lead: TLead; onClose: () => void; onSaved: (lead: TLead) => void }) {
  const [when, setWhen] = useState('');
  const [where, setWhere] = useState('');
  const [notes, setNotes] = useState('');
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZAppointmentRequest,
    send: (value) => api().post<TLead>(`/api/leads/${encodeURIComponent(lead.id)}/appointments`, value),
    onDone: onSaved,
  });
  useDialogOpening(() => {
    if (!open) return;
    loadSchemas().catch(() => undefined);
    form.reset();
    setWhen(defaultDue());
    setWhere(oneLineAddress(lead.address));
    setNotes('');
  }, [open]);
  return (
    <Dialog open={open} onClose={onClose} title="Book an appointment" description={`With ${lead.full_name}.`}>
      <form
        className="dc-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void form.submit({ scheduled_at: fromLocalInput(when) ?? '', ...(where.trim() ? { location: where.trim() } : {}), ...(notes.trim() ? { notes: notes.trim() } : {}) });
        }}
      >
        <Input label="When" type="datetime-local" required value={when} onValue={setWhen} error={form.errors.scheduled_at} />
        <Input label="Where" value={where} maxLength={300} onValue={setWhere} error={form.errors.location} hint="The property unless you say otherwise" />
        <Textarea label="Notes" rows={3} maxLength={2000} value={notes} onValue={setNotes} error={form.errors.notes} />
        <FormAlert message={form.message} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            Book appointment
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
