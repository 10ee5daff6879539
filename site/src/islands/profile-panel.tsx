import { useEffect, useState } from 'react';
import type { TMeResponse } from '../../../shared/users/user.schemas.ts';
import { Badge } from '../components/badge.tsx';
import { Button } from '../components/button.tsx';
import { Card } from '../components/card.tsx';
import { ProgressBar } from '../components/progress-bar.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { api, ApiError } from '../lib/api-client.ts';
import { ROLE_LABELS } from '../lib/navigation.ts';

const FEATURE_LABELS: Record<string, string> = { sms: 'SMS', calls: 'Calls', ai: 'AI assistant', automation: 'Automation', advanced_analytics: 'Advanced analytics' };

/** Who you are in DealCycle: account, role, organisation and its plan. */
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
          <dt>Name</dt>
          <dd>{user?.name || identity.name || '—'}</dd>
          <dt>Email</dt>
          <dd>{identity.email}</dd>
          <dt>Role</dt>
          <dd>{user ? <Badge tone="primary">{ROLE_LABELS[user.role]}</Badge> : '—'}</dd>
          <dt>Member since</dt>
          <dd>{user ? new Date(user.created_at).toLocaleDateString() : '—'}</dd>
        </dl>
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
          </dl>
          <ProgressBar label="Lead limit" value={0} max={tenant.plan.limits.max_leads} valueText={`up to ${tenant.plan.limits.max_leads.toLocaleString()} leads`} />
        </Card>
      )}
    </div>
  );
}
