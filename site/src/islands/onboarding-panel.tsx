import { useEffect, useMemo, useState } from 'react';
import type { TTenant } from '../../../shared/tenants/tenant.schemas.ts';
import { Button } from '../components/button.tsx';
import { FormAlert, Input, Select } from '../components/field.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { destinationAfterSignIn, destinationFor } from '../lib/after-sign-in.ts';
import { api } from '../lib/api-client.ts';
import { checkMe } from '../lib/me.ts';
import { readSession } from '../lib/session.ts';
import { timezoneOptions } from '../lib/timezones.ts';
import { useApiForm } from '../lib/use-api-form.ts';

type TStage = { kind: 'checking' } | { kind: 'choose'; email: string; name: string } | { kind: 'unavailable' };

/**
 * For a signed-in person without an organisation: create one (they become its admin), or wait
 * for an invitation — an invited person is joined as soon as `GET /api/users/me` sees them.
 */
export function OnboardingPanel() {
  const [stage, setStage] = useState<TStage>({ kind: 'checking' });
  const [name, setName] = useState('');
  const [timezone, setTimezone] = useState('UTC');
  const zones = useMemo(() => timezoneOptions(), []);
  const next = () => new URLSearchParams(location.search).get('next');
  const form = useApiForm({
    // zod and the API's schema load with the first submit, not with the page.
    schema: async () => (await import('../../../shared/tenants/tenant.schemas.ts')).ZCreateTenantRequest,
    send: async (value) => {
      await api().post<TTenant>('/api/tenants', value);
      // The new tenant and the admin role arrive in the token's claims after a refresh.
      await api().refreshToken();
      return destinationAfterSignIn(next());
    },
    onDone: (destination) => location.replace(destination),
  });

  const check = async () => {
    if (!readSession()) return location.replace('/auth/login');
    setStage({ kind: 'checking' });
    const outcome = await checkMe(api());
    if (outcome.kind === 'onboarding') setStage({ kind: 'choose', email: outcome.me.identity.email, name: outcome.me.identity.name });
    else if (outcome.kind === 'unavailable') setStage({ kind: 'unavailable' });
    else location.replace(destinationFor(outcome, next()));
  };

  useEffect(() => {
    setTimezone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
    check().catch(() => setStage({ kind: 'unavailable' }));
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit({ name, timezone });
  };

  if (stage.kind === 'checking') return <Skeleton lines={4} label="Checking your account" />;
  if (stage.kind === 'unavailable') {
    return (
      <div className="stack">
        <p className="dc-alert" role="alert">
          DealCycle could not be reached. Please try again in a moment.
        </p>
        <Button variant="primary" onClick={() => check()}>
          Try again
        </Button>
      </div>
    );
  }
  return (
    <div className="stack">
      <p>
        You are signed in as <strong>{stage.email}</strong>, but you do not belong to an organisation yet.
      </p>
      <section className="dc-card">
        <div className="dc-card-body stack">
          <h2>Waiting for an invitation?</h2>
          <p className="muted">Ask an administrator of your organisation to invite {stage.email} in Settings → Team. You join as soon as you check again.</p>
          <Button variant="secondary" onClick={() => check()}>
            I have been invited — check again
          </Button>
        </div>
      </section>
      <section className="dc-card">
        <form className="dc-card-body dc-form" onSubmit={onSubmit} noValidate>
          <h2>Start a new organisation</h2>
          <p className="muted">You become its administrator and can invite your team. New organisations start on the trial plan.</p>
          <Input label="Organisation name" name="name" required autoComplete="organization" maxLength={120} value={name} onValue={setName} error={form.errors.name} />
          <Select label="Timezone" name="timezone" options={zones} value={timezone} onValue={setTimezone} error={form.errors.timezone} hint="Used for reports, schedules and quiet hours." />
          <FormAlert message={form.message} />
          <div className="dc-form-actions">
            <Button type="submit" variant="primary" loading={form.busy}>
              Create organisation
            </Button>
          </div>
        </form>
      </section>
      <a href="/auth/sign-out">Use another account</a>
    </div>
  );
}
