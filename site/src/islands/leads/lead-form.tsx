import { useEffect, useRef, useState } from 'react';
import { LEAD_SOURCES, PROPERTY_TYPES } from '../../../../shared/leads/lead.constants.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert, Input, Select, Textarea } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { label } from '../../lib/format.ts';
import { canWriteLeads } from '../../lib/lead-rules.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';
import { BLANK_ADDRESS } from '../../lib/address-draft.ts';
import { createLeadBody, leadDraft, updateLeadBody, type TLeadDraft } from '../../lib/lead-draft.ts';
import { AddressFields } from '../records/address-fields.tsx';

/** The API's schemas (and zod) load when the form is first submitted, or warm up while it is filled in. */
const loadSchemas = () => import('../../../../shared/leads/lead.schemas.ts');

type TDuplicate = { id: string; on: string };

/**
 * New and edit forms for a lead, checked with the API's own schemas (ZCreateLeadRequest,
 * ZUpdateLeadRequest) before sending; the API's field errors land under the same fields. A new
 * lead whose phone, email or address is already known offers to open that lead or create anyway.
 */
export function LeadForm({ mode }: { mode: 'create' | 'edit' }) {
  const viewer = useViewer();
  const [lead, setLead] = useState<TLead | null>(null);
  const [missing, setMissing] = useState(false);
  const [draft, setDraft] = useState<TLeadDraft>(() => leadDraft(null, ''));
  const [original, setOriginal] = useState<TLeadDraft | null>(null);
  const [assignees, setAssignees] = useState<TAssignee[]>([]);
  const [duplicate, setDuplicate] = useState<TDuplicate | null>(null);
  // Read when the request leaves, so "Create anyway" can resubmit at once.
  const allowDuplicate = useRef(false);

  useEffect(() => {
    loadAssignees()
      .then(setAssignees)
      .catch(() => undefined);
    if (mode === 'create') return;
    const id = recordIdFromLocation();
    if (!id) return setMissing(true);
    api()
      .get<TLead>(`/api/leads/${encodeURIComponent(id)}`)
      .then((found) => {
        setLead(found);
        const initial = leadDraft(found, '');
        setDraft(initial);
        setOriginal(initial);
        setPageHeading(`Edit ${found.full_name}`);
      })
      .catch(() => setMissing(true));
  }, []);

  // A rep's new lead is theirs unless they say otherwise (the API's default too).
  useEffect(() => {
    if (mode === 'create' && viewer.role === 'acquisition_rep' && viewer.uid) setDraft((current) => (current.assigned_to ? current : { ...current, assigned_to: viewer.uid ?? '' }));
  }, [viewer.role, viewer.uid]);

  const form = useApiForm({
    schema: async () => (mode === 'create' ? (await loadSchemas()).ZCreateLeadRequest : (await loadSchemas()).ZUpdateLeadRequest),
    send: (value) =>
      mode === 'create'
        ? api().post<TLead>('/api/leads', value, { query: allowDuplicate.current ? { allow_duplicate: true } : undefined })
        : api().patch<TLead>(`/api/leads/${encodeURIComponent(lead?.id ?? '')}`, value),
    onDone: (saved) => {
      toast(mode === 'create' ? `${saved.full_name} added` : 'Lead saved', { tone: 'success' });
      location.assign(`/leads/detail?id=${encodeURIComponent(saved.id)}`);
    },
    describe: (error) => {
      if (error instanceof ApiError && error.status === 409 && typeof error.problem.existing_lead_id === 'string') {
        const on = Array.isArray(error.problem.matched_on) ? error.problem.matched_on.join(' and ') : 'details';
        setDuplicate({ id: error.problem.existing_lead_id, on });
        return `A lead with this ${on} already exists.`;
      }
      if (error instanceof ApiError && error.code === 'plan_limit') return `${error.message} Ask an admin about a larger plan.`;
      return null;
    },
  });

  if (viewer.role && !canWriteLeads(viewer.role))
    return (
      <Card>
        <EmptyState level={2} icon="home" title="Your role reads leads" description="Admins and acquisition reps add and edit leads." action={<Button href="/leads">Back to leads</Button>} />
      </Card>
    );
  if (missing)
    return (
      <Card>
        <EmptyState level={2} icon="home" title="Lead not found" description="It may have been deleted, or it is assigned to someone else." action={<Button href="/leads">Back to leads</Button>} />
      </Card>
    );
  if (mode === 'edit' && !original) return <Skeleton height="32rem" label="Loading the lead" />;

  const set = (patch: Partial<TLeadDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    // Warm up validation while the person types.
    loadSchemas().catch(() => undefined);
  };
  const errors = form.errors;
  const submit = (event: Event) => {
    event.preventDefault();
    setDuplicate(null);
    if (mode === 'create') return void form.submit(createLeadBody(draft));
    const body = updateLeadBody(original ?? draft, draft);
    if (Object.keys(body).length === 0) return location.assign(`/leads/detail?id=${encodeURIComponent(lead?.id ?? '')}`);
    void form.submit(body);
  };
  const assigneeOptions =
    viewer.role === 'admin'
      ? assignees.map((person) => ({ value: person.id, label: person.id === viewer.uid ? `${person.name || 'You'} (you)` : person.name || 'Teammate' }))
      : viewer.uid
        ? [{ value: viewer.uid, label: 'Me' }]
        : [];
  const cancelHref = lead ? `/leads/detail?id=${encodeURIComponent(lead.id)}` : '/leads';

  return (
    <Card className="dc-form-card">
      <form className="dc-form" onSubmit={submit} noValidate>
        <section className="dc-form-section" aria-labelledby="lead-form-seller">
          <h2 id="lead-form-seller">Seller</h2>
          <div className="dc-form-row">
            <Input label="First name" required autoComplete="off" maxLength={80} value={draft.first_name} onValue={(first_name) => set({ first_name })} error={errors.first_name} />
            <Input label="Last name" autoComplete="off" maxLength={80} value={draft.last_name} onValue={(last_name) => set({ last_name })} error={errors.last_name} />
          </div>
          <div className="dc-form-row">
            <Input label="Phone" type="tel" autoComplete="off" maxLength={40} value={draft.phone} onValue={(phone) => set({ phone })} error={errors.phone} hint="Any US format: (512) 555-0142" />
            <Input label="Email" type="email" autoComplete="off" maxLength={254} value={draft.email} onValue={(email) => set({ email })} error={errors.email} />
          </div>
          <Input label="Other phones" autoComplete="off" value={draft.other_phones} onValue={(other_phones) => set({ other_phones })} error={errors.other_phones ?? errors['other_phones.0']} hint="Comma-separated" />
        </section>
        <section className="dc-form-section" aria-labelledby="lead-form-property">
          <h2 id="lead-form-property">Property</h2>
          <AddressFields legend="Property address" name="address" value={draft.address} onChange={(address) => set({ address })} errors={errors} />
          <div className="dc-form-row">
            <Select label="Property type" options={PROPERTY_TYPES.map((value) => ({ value, label: label(value) }))} placeholder="Not known" value={draft.property_type} onValue={(property_type) => set({ property_type })} error={errors.property_type} />
            <Input label="Estimated value ($)" inputMode="numeric" value={draft.estimated_value} onValue={(estimated_value) => set({ estimated_value })} error={errors.estimated_value} />
          </div>
          <label className="dc-check">
            <input type="checkbox" checked={draft.has_mailing} onChange={(event) => set({ has_mailing: event.currentTarget.checked, mailing_address: draft.has_mailing ? draft.mailing_address : { ...BLANK_ADDRESS } })} />
            The owner's mailing address is different
          </label>
          {draft.has_mailing && <AddressFields legend="Mailing address" name="mailing_address" value={draft.mailing_address} onChange={(mailing_address) => set({ mailing_address })} errors={errors} />}
        </section>
        <section className="dc-form-section" aria-labelledby="lead-form-pipeline">
          <h2 id="lead-form-pipeline">Pipeline</h2>
          <div className="dc-form-row">
            <Select label="Source" options={LEAD_SOURCES.map((value) => ({ value, label: label(value) }))} value={draft.source} onValue={(source) => set({ source })} error={errors.source} />
            <Select
              label="Assigned to"
              options={assigneeOptions}
              placeholder="Unassigned"
              value={draft.assigned_to}
              onValue={(assigned_to) => set({ assigned_to })}
              error={errors.assigned_to}
              hint={viewer.role === 'acquisition_rep' ? 'Reps take a lead or leave it unassigned.' : undefined}
            />
          </div>
          <Input label="Tags" value={draft.tags} onValue={(tags) => set({ tags })} error={errors.tags ?? Object.entries(errors).find(([key]) => key.startsWith('tags.'))?.[1]} hint="Comma-separated, e.g. probate, vacant" />
          <Textarea label="Notes" rows={4} maxLength={10_000} value={draft.notes} onValue={(notes) => set({ notes })} error={errors.notes} hint="Motivation, condition, timeline: the AI reads these too." />
        </section>
        <FormAlert message={form.message ?? errors._} />
        {duplicate && (
          <div className="dc-alert dc-alert--info cluster" role="group" aria-label="Possible duplicate">
            <Button size="sm" href={`/leads/detail?id=${encodeURIComponent(duplicate.id)}`}>
              Open the existing lead
            </Button>
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                allowDuplicate.current = true;
                setDuplicate(null);
                void form.submit(createLeadBody(draft));
              }}
            >
              Create anyway
            </Button>
          </div>
        )}
        <div className="dc-form-actions">
          <Button href={cancelHref}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            {mode === 'create' ? 'Create lead' : 'Save changes'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
