import { useEffect, useMemo, useState } from 'react';
import type { TTenant } from '../../../shared/tenants/tenant.schemas.ts';
import type { TMeResponse, TUser } from '../../../shared/users/user.schemas.ts';
import { Badge } from '../components/badge.tsx';
import { Button } from '../components/button.tsx';
import { Card } from '../components/card.tsx';
import { FormAlert, Input, Select } from '../components/field.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { toast } from '../components/toast.tsx';
import { api, ApiError } from '../lib/api-client.ts';
import { ROLE_LABELS } from '../lib/navigation.ts';
import { timezoneOptions } from '../lib/timezones.ts';
import { useApiForm } from '../lib/use-api-form.ts';
import { writeProfile } from '../lib/session.ts';

const FEATURE_LABELS: Record<string, string> = { sms: 'SMS', calls: 'Calls', ai: 'AI assistant', automation: 'Automation', advanced_analytics: 'Advanced analytics' };

/** The API's schemas (and zod with them) load when a form is submitted, not with the page. */
const loadUserSchemas = () => import('../../../shared/users/user.schemas.ts');
const loadTenantSchemas = () => import('../../../shared/tenants/tenant.schemas.ts');

/** Who you are in DealCycle: account, role, organisation and its plan; your name, and the organisation's settings for admins. */
export function ProfilePanel() {
  const [me, setMe] = useState<TMeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .get<TMeResponse>('/api/users/me')
      .then(setMe)
      .catch((failure: unknown) => setError(failure instanceof ApiError && failure.status === 404 ? 'Your profile is not available yet.' : failure instanceof Error ? failure.message : 'Could not load your profile.'));
  }, []);

  if (error)
    return (
      <p className="dc-alert" role="alert">
        {error}
      </p>
    );
  if (!me) return <Skeleton height="14rem" label="Loading your profile" />;
  const { user, tenant, identity } = me;
  return (
    <div className="grid-wide">
      <Card title="Account">
        <dl className="dc-details">
          <dt>Email</dt>
          <dd>{identity.email}</dd>
          <dt>Role</dt>
          <dd>{user ? <Badge tone="primary">{ROLE_LABELS[user.role]}</Badge> : '—'}</dd>
          <dt>Member since</dt>
          <dd>{user ? new Date(user.created_at).toLocaleDateString() : '—'}</dd>
        </dl>
        {user && (
          <NameForm
            user={user}
            onSaved={(saved) => {
              setMe({ ...me, user: saved });
              writeProfile({ name: saved.name, email: saved.email, role: saved.role, tenantName: tenant?.name ?? null });
            }}
          />
        )}
        <div className="dc-form-actions">
          <Button href="/auth/sign-out" variant="secondary">
            Sign out
          </Button>
        </div>
      </Card>
      {tenant && (
        <Card title="Organisation">
          <dl className="dc-details">
            <dt>Name</dt>
            <dd>{tenant.name}</dd>
            <dt>Timezone</dt>
            <dd>{tenant.timezone}</dd>
            <dt>Plan</dt>
            <dd>
              <Badge tone="secondary">{tenant.plan.name}</Badge>
            </dd>
            <dt>Features</dt>
            <dd className="cluster">
              {Object.entries(tenant.plan.features).map(([feature, on]) => (
                <Badge key={feature} tone={on ? 'success' : 'neutral'}>
                  {`${FEATURE_LABELS[feature] ?? feature}: ${on ? 'on' : 'off'}`}
                </Badge>
              ))}
            </dd>
            <dt>Limits</dt>
            <dd>
              {[
                `${tenant.plan.limits.max_leads.toLocaleString('en-US')} leads`,
                `${tenant.plan.limits.max_users.toLocaleString('en-US')} members`,
                `${tenant.plan.limits.ai_model_calls_per_day.toLocaleString('en-US')} AI model calls a day (then the built-in rules answer)`,
              ].join(' · ')}
            </dd>
          </dl>
          <ProgressBar label="Team seats" value={0} max={tenant.plan.limits.max_users} valueText={`up to ${tenant.plan.limits.max_users} members`} />
          {user?.role === 'admin' && <OrganisationForm tenant={tenant} onSaved={(saved) => setMe({ ...me, tenant: saved })} />}
        </Card>
      )}
    </div>
  );
}

function NameForm({ user, onSaved }: { user: TUser; onSaved: (user: TUser) => void }) {
  const [name, setName] = useState(user.name);
  const form = useApiForm({
    schema: async () => (await loadUserSchemas()).ZUpdateProfileRequest,
    send: (value) => api().patch<TUser>('/api/users/me', value),
    onDone: (saved) => {
      onSaved(saved);
      toast('Your name was saved', { tone: 'success' });
    },
  });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit({ name });
  };
  return (
    <form className="dc-form" onSubmit={onSubmit} noValidate>
      <Input label="Your name" name="name" autoComplete="name" maxLength={120} value={name} onValue={setName} error={form.errors.name} hint="Shown to your team and on messages you send." />
      <FormAlert message={form.message} />
      <div className="dc-form-actions">
        <Button type="submit" loading={form.busy} disabled={name.trim() === user.name}>
          Save name
        </Button>
      </div>
    </form>
  );
}

function OrganisationForm({ tenant, onSaved }: { tenant: TTenant; onSaved: (tenant: TTenant) => void }) {
  const [name, setName] = useState(tenant.name);
  const [timezone, setTimezone] = useState(tenant.timezone);
  const [mao, setMao] = useState(String(tenant.settings.mao_factor));
  const zones = useMemo(() => timezoneOptions([tenant.timezone]), [tenant.timezone]);
  const form = useApiForm({
    schema: async () => (await loadTenantSchemas()).ZUpdateTenantRequest,
    send: (value) => api().patch<TTenant>('/api/tenants/current', value),
    onDone: (saved) => {
      onSaved(saved);
      toast('Organisation settings saved', { tone: 'success' });
    },
  });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit({ name, timezone, settings: { mao_factor: Number(mao) } });
  };
  return (
    <form className="dc-form dc-form--spaced" onSubmit={onSubmit} noValidate>
      <h3>Organisation settings</h3>
      <Input label="Organisation name" name="name" maxLength={120} value={name} onValue={setName} error={form.errors.name} />
      <Select label="Timezone" name="timezone" options={zones} value={timezone} onValue={setTimezone} error={form.errors.timezone} hint="Reports, schedules and quiet hours follow it." />
      <Input
        label="Maximum allowable offer factor"
        name="mao_factor"
        type="number"
        inputMode="decimal"
        min={0.4}
        max={0.95}
        step={0.01}
        value={mao}
        onValue={setMao}
        error={form.errors['settings.mao_factor']}
        hint="MAO = ARV × factor − repairs. Between 0.40 and 0.95; 0.70 is the common rule."
      />
      <FormAlert message={form.message} />
      <div className="dc-form-actions">
        <Button type="submit" variant="primary" loading={form.busy}>
          Save organisation
        </Button>
      </div>
    </form>
  );
}
