import { useEffect, useRef, useState } from 'react';
import { BUYER_FINANCING, BUYER_STRATEGIES } from '../../../../shared/buyers/buyer.constants.ts';
import type { TBuyer } from '../../../../shared/buyers/buyer.schemas.ts';
import { PROPERTY_TYPES } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert, Input, Select, Textarea } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { buyerDraft, createBuyerBody, updateBuyerBody, type TBuyerDraft } from '../../lib/buyer-draft.ts';
import { canWriteBuyers } from '../../lib/deal-rules.ts';
import { label } from '../../lib/format.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';

const loadSchemas = () => import('../../../../shared/buyers/buyer.schemas.ts');

const toggle = (values: readonly string[], value: string) => (values.includes(value) ? values.filter((entry) => entry !== value) : [...values, value]);

/** The first error under a list's path (`buy_box.locations.zips.2` → shown under ZIP codes). */
const firstUnder = (errors: Record<string, string>, path: string) => errors[path] ?? Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1];

/**
 * New and edit forms for a cash buyer and their buy box, checked with the API's schemas
 * (ZCreateBuyerRequest, ZUpdateBuyerRequest). A phone or email another buyer has offers to open
 * that buyer or save anyway.
 */
export function BuyerForm({ mode }: { mode: 'create' | 'edit' }) {
  const viewer = useViewer();
  const [buyer, setBuyer] = useState<TBuyer | null>(null);
  const [missing, setMissing] = useState(false);
  const [draft, setDraft] = useState<TBuyerDraft>(() => buyerDraft(null));
  const [original, setOriginal] = useState<TBuyerDraft | null>(null);
  const [duplicate, setDuplicate] = useState<{ id: string; field: string } | null>(null);
  const allowDuplicate = useRef(false);

  useEffect(() => {
    if (mode === 'create') return;
    const id = recordIdFromLocation();
    if (!id) return setMissing(true);
    api()
      .get<TBuyer>(`/api/buyers/${encodeURIComponent(id)}`)
      .then((found) => {
        setBuyer(found);
        const initial = buyerDraft(found);
        setDraft(initial);
        setOriginal(initial);
        setPageHeading(`Edit ${found.full_name}`);
      })
      .catch(() => setMissing(true));
  }, []);

  const form = useApiForm({
    schema: async () => (mode === 'create' ? (await loadSchemas()).ZCreateBuyerRequest : (await loadSchemas()).ZUpdateBuyerRequest),
    send: (value) => {
      const query = allowDuplicate.current ? { allow_duplicate: true } : undefined;
      return mode === 'create' ? api().post<TBuyer>('/api/buyers', value, { query }) : api().patch<TBuyer>(`/api/buyers/${encodeURIComponent(buyer?.id ?? '')}`, value, { query });
    },
    onDone: (saved) => {
      toast(mode === 'create' ? `${saved.full_name} added` : 'Buyer saved', { tone: 'success' });
      location.assign(`/buyers/detail?id=${encodeURIComponent(saved.id)}`);
    },
    describe: (error) => {
      if (error instanceof ApiError && error.status === 409 && typeof error.problem.existing_id === 'string') {
        const field = typeof error.problem.duplicate_field === 'string' ? error.problem.duplicate_field : 'phone or email';
        setDuplicate({ id: error.problem.existing_id, field });
        return `Another buyer already has this ${field}.`;
      }
      return null;
    },
  });

  if (viewer.role && !canWriteBuyers(viewer.role))
    return (
      <Card>
        <EmptyState level={2} icon="users" title="Your role reads buyers" description="Admins and disposition managers keep the buyers list." action={<Button href="/buyers">Back to buyers</Button>} />
      </Card>
    );
  if (missing)
    return (
      <Card>
        <EmptyState level={2} icon="users" title="Buyer not found" action={<Button href="/buyers">Back to buyers</Button>} />
      </Card>
    );
  if (mode === 'edit' && !original) return <Skeleton height="32rem" label="Loading the buyer" />;

  const set = (patch: Partial<TBuyerDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    loadSchemas().catch(() => undefined);
  };
  const errors = form.errors;
  const body = () => (mode === 'create' ? createBuyerBody(draft) : updateBuyerBody(original ?? draft, draft));
  const submit = (event: Event) => {
    event.preventDefault();
    setDuplicate(null);
    const value = body();
    if (mode === 'edit' && Object.keys(value).length === 0) return location.assign(`/buyers/detail?id=${encodeURIComponent(buyer?.id ?? '')}`);
    void form.submit(value);
  };
  const cancelHref = buyer ? `/buyers/detail?id=${encodeURIComponent(buyer.id)}` : '/buyers';

  return (
    <Card className="dc-form-card">
      <form className="dc-form" onSubmit={submit} noValidate>
        <section className="dc-form-section" aria-labelledby="buyer-form-who">
          <h2 id="buyer-form-who">Buyer</h2>
          <div className="dc-form-row">
            <Input label="First name" required maxLength={80} value={draft.first_name} onValue={(first_name) => set({ first_name })} error={errors.first_name} />
            <Input label="Last name" maxLength={80} value={draft.last_name} onValue={(last_name) => set({ last_name })} error={errors.last_name} />
          </div>
          <Input label="Company" maxLength={120} value={draft.company} onValue={(company) => set({ company })} error={errors.company} />
          <div className="dc-form-row">
            <Input label="Phone" type="tel" maxLength={40} value={draft.phone} onValue={(phone) => set({ phone })} error={errors.phone} />
            <Input label="Email" type="email" maxLength={254} value={draft.email} onValue={(email) => set({ email })} error={errors.email} />
          </div>
          {mode === 'edit' && <Select label="Status" options={[{ value: 'active', label: 'Active: matched to deals' }, { value: 'inactive', label: 'Inactive: left out of matching' }]} value={draft.status} onValue={(status) => set({ status: status as TBuyerDraft['status'] })} error={errors.status} />}
        </section>
        <section className="dc-form-section" aria-labelledby="buyer-form-box">
          <h2 id="buyer-form-box">Buy box</h2>
          <fieldset className="dc-fieldset">
            <legend className="dc-label">Property types (none: any)</legend>
            <div className="dc-check-grid">
              {PROPERTY_TYPES.map((type) => (
                <label key={type} className="dc-check">
                  <input type="checkbox" checked={draft.property_types.includes(type)} onChange={() => set({ property_types: toggle(draft.property_types, type) })} />
                  {label(type)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="dc-form-row">
            <Input label="Price from ($)" inputMode="numeric" value={draft.price_min} onValue={(price_min) => set({ price_min })} error={errors['buy_box.price_min']} />
            <Input label="Price to ($)" inputMode="numeric" value={draft.price_max} onValue={(price_max) => set({ price_max })} error={errors['buy_box.price_max']} />
          </div>
          <Input label="Cities" value={draft.cities} onValue={(cities) => set({ cities })} error={firstUnder(errors, 'buy_box.locations.cities')} hint="Comma-separated, e.g. Austin, Round Rock" />
          <div className="dc-form-row">
            <Input label="States" value={draft.states} onValue={(states) => set({ states })} error={firstUnder(errors, 'buy_box.locations.states')} hint="Two-letter codes, comma-separated" />
            <Input label="ZIP codes" inputMode="numeric" value={draft.zips} onValue={(zips) => set({ zips })} error={firstUnder(errors, 'buy_box.locations.zips')} hint="Comma-separated" />
          </div>
          <fieldset className="dc-fieldset">
            <legend className="dc-label">Strategies</legend>
            <div className="dc-check-grid">
              {BUYER_STRATEGIES.map((strategy) => (
                <label key={strategy} className="dc-check">
                  <input type="checkbox" checked={draft.strategies.includes(strategy)} onChange={() => set({ strategies: toggle(draft.strategies, strategy) })} />
                  {strategy === 'brrrr' ? 'BRRRR' : label(strategy)}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="dc-form-row">
            <Select label="Financing" options={BUYER_FINANCING.map((value) => ({ value, label: label(value) }))} value={draft.financing} onValue={(financing) => set({ financing })} error={errors['buy_box.criteria.financing']} />
            <Input label="Max repairs ($)" inputMode="numeric" value={draft.max_repairs} onValue={(max_repairs) => set({ max_repairs })} error={errors['buy_box.criteria.max_repairs']} />
            <Input label="Min bedrooms" inputMode="numeric" value={draft.min_bedrooms} onValue={(min_bedrooms) => set({ min_bedrooms })} error={errors['buy_box.criteria.min_bedrooms']} />
          </div>
          <Textarea label="What else they look for" rows={2} maxLength={2000} value={draft.criteria_notes} onValue={(criteria_notes) => set({ criteria_notes })} error={errors['buy_box.criteria.notes']} />
        </section>
        <section className="dc-form-section" aria-labelledby="buyer-form-more">
          <h2 id="buyer-form-more">Tags and notes</h2>
          <Input label="Tags" value={draft.tags} onValue={(tags) => set({ tags })} error={firstUnder(errors, 'tags')} hint="Comma-separated, e.g. vip, fast closer" />
          <Textarea label="Notes" rows={3} maxLength={10_000} value={draft.notes} onValue={(notes) => set({ notes })} error={errors.notes} />
        </section>
        <FormAlert message={form.message ?? errors._ ?? firstUnder(errors, 'buy_box')} />
        {duplicate && (
          <div className="dc-alert dc-alert--info cluster" role="group" aria-label="Possible duplicate">
            <Button size="sm" href={`/buyers/detail?id=${encodeURIComponent(duplicate.id)}`}>
              Open that buyer
            </Button>
            <Button
              size="sm"
              variant="primary"
              onClick={() => {
                allowDuplicate.current = true;
                setDuplicate(null);
                void form.submit(body());
              }}
            >
              Save anyway
            </Button>
          </div>
        )}
        <div className="dc-form-actions">
          <Button href={cancelHref}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            {mode === 'create' ? 'Create buyer' : 'Save changes'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
