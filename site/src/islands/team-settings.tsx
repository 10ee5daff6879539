import { useEffect, useState } from 'react';
import { ROLES, type TRole } from '../../../shared/auth/principal.ts';
import type { TInvite, TMeResponse, TUser } from '../../../shared/users/user.schemas.ts';
import { Badge } from '../components/badge.tsx';
import { Button } from '../components/button.tsx';
import { Card } from '../components/card.tsx';
import { Dialog } from '../components/dialog.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { FormAlert, Input, Select } from '../components/field.tsx';
import { Skeleton } from '../components/skeleton.tsx';
import { Table, type TColumn } from '../components/table.tsx';
import { toast } from '../components/toast.tsx';
import { act } from '../lib/act.ts';
import { api, ApiError } from '../lib/api-client.ts';
import { ROLE_LABELS } from '../lib/navigation.ts';
import { readProfile } from '../lib/session.ts';
import { useApiForm } from '../lib/use-api-form.ts';
import { useDialogOpening } from '../lib/use-dialog-opening.ts';

const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const ROW = 52;

type TConfirm = { user: TUser; status: TUser['status'] } | null;

const message = (error: unknown) => (error instanceof Error ? error.message : 'Something went wrong.');

/**
 * Team settings for admins: members with their role and status, pending invitations, inviting
 * someone by email. Non-admins see why the page is not for them.
 */
export function TeamSettings() {
  const [me, setMe] = useState<TMeResponse | null>(null);
  const [users, setUsers] = useState<TUser[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [invites, setInvites] = useState<TInvite[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [inviting, setInviting] = useState(false);
  const [confirm, setConfirm] = useState<TConfirm>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const loadUsers = async (after: string | null) => {
    const page = await api().get<{ items: TUser[]; nextCursor: string | null }>('/api/users', { query: { cursor: after ?? undefined, limit: 100 } });
    setUsers((current) => (after && current ? [...current, ...page.items] : page.items));
    setCursor(page.nextCursor);
  };
  const loadInvites = async () => setInvites((await api().get<{ items: TInvite[] }>('/api/users/invites')).items.filter((invite) => invite.status === 'pending'));

  useEffect(() => {
    // An admin's lists load alongside `/api/users/me` (the cached role says who is likely an admin);
    // anyone else only asks who they are, so they never meet a 403.
    const likelyAdmin = readProfile()?.role === 'admin';
    const lists = likelyAdmin ? Promise.all([loadUsers(null), loadInvites()]) : null;
    api()
      .get<TMeResponse>('/api/users/me')
      .then(async (who) => {
        setMe(who);
        if (who.user?.role !== 'admin') return;
        await (lists ?? Promise.all([loadUsers(null), loadInvites()]));
      })
      .catch((error: unknown) => setFailure(message(error)));
    lists?.catch(() => undefined);
  }, []);

  const update = async (user: TUser, change: { role?: TRole; status?: TUser['status'] }) => {
    setBusy(user.id);
    try {
      const updated = await api().patch<TUser>(`/api/users/${encodeURIComponent(user.id)}`, change);
      setUsers((current) => current?.map((entry) => (entry.id === updated.id ? updated : entry)) ?? null);
      toast(change.status ? `${updated.name || updated.email} ${change.status === 'active' ? 'reactivated' : 'deactivated'}` : `${updated.name || updated.email} is now ${ROLE_LABELS[updated.role]}`, { tone: 'success' });
    } catch (error) {
      toast('Change not saved', { body: message(error), tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  const revoke = async (invite: TInvite) => {
    setBusy(invite.id);
    const revoked = await act(() => api().delete(`/api/users/invites/${encodeURIComponent(invite.id)}`, { idempotent: true }), {
      done: `Invitation for ${invite.email} revoked`,
      failed: 'Could not revoke the invitation',
    });
    if (revoked) setInvites((current) => current?.filter((entry) => entry.id !== invite.id) ?? null);
    setBusy(null);
  };

  if (failure)
    return (
      <p className="dc-alert" role="alert">
        {failure}
      </p>
    );
  if (!me) return <Skeleton height="20rem" label="Loading your team" />;
  if (me.user?.role !== 'admin') {
    return (
      <Card>
        <EmptyState level={2} icon="users" title="Only administrators manage the team" description="Ask an administrator of your organisation to invite people or change roles." />
      </Card>
    );
  }

  const self = me.user.id;
  const columns: TColumn<TUser>[] = [
    { key: 'name', header: 'Name', width: 'minmax(10rem, 1.2fr)', sortValue: (user) => user.name || user.email, cell: (user) => user.name || '—' },
    { key: 'email', header: 'Email', width: 'minmax(12rem, 1.5fr)', sortValue: (user) => user.email },
    {
      key: 'role',
      header: 'Role',
      width: 'minmax(12rem, 1fr)',
      sortValue: (user) => user.role,
      cell: (user) =>
        user.id === self ? (
          <Badge tone="primary">{ROLE_LABELS[user.role]}</Badge>
        ) : (
          <select
            className="dc-input"
            aria-label={`Role of ${user.name || user.email}`}
            value={user.role}
            disabled={busy === user.id}
            onChange={(event) => update(user, { role: event.currentTarget.value as TRole })}
          >
            {ROLE_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        ),
    },
    { key: 'status', header: 'Status', width: 'minmax(7rem, 0.6fr)', sortValue: (user) => user.status, cell: (user) => <Badge tone={user.status === 'active' ? 'success' : 'danger'}>{user.status === 'active' ? 'Active' : 'Deactivated'}</Badge> },
    { key: 'last_seen_at', header: 'Last seen', width: 'minmax(8rem, 0.8fr)', sortValue: (user) => user.last_seen_at ?? '', cell: (user) => (user.last_seen_at ? new Date(user.last_seen_at).toLocaleDateString() : 'Never') },
    {
      key: 'actions',
      header: 'Actions',
      width: 'minmax(9.5rem, 0.7fr)',
      align: 'end',
      cell: (user) =>
        user.id === self ? (
          <span className="muted">You</span>
        ) : (
          <Button size="sm" variant={user.status === 'active' ? 'secondary' : 'primary'} loading={busy === user.id} onClick={() => setConfirm({ user, status: user.status === 'active' ? 'deactivated' : 'active' })}>
            {user.status === 'active' ? 'Deactivate' : 'Reactivate'}
          </Button>
        ),
    },
  ];

  return (
    <div className="stack">
      <Card
        title="Members"
        description="Everyone in your organisation. Deactivated members cannot sign in or see any data."
        flush
        actions={
          <Button variant="primary" onClick={() => setInviting(true)}>
            Invite someone
          </Button>
        }
      >
        {users ? (
          <Table label="Members" columns={columns} rows={users} rowKey={(user) => user.id} rowHeight={ROW} height={Math.min(480, (users.length + 1) * ROW + 2)} minWidth="52rem" />
        ) : (
          <Skeleton lines={4} label="Loading members" />
        )}
        {cursor && (
          <div className="dc-pagination">
            <span />
            <Button size="sm" onClick={() => loadUsers(cursor).catch((error: unknown) => toast('Could not load more members', { body: message(error), tone: 'danger' }))}>
              Load more
            </Button>
          </div>
        )}
      </Card>
      <Card title="Pending invitations" description="People invited by email join with the role you chose when they first sign in with Google.">
        {invites === null && <Skeleton lines={2} label="Loading invitations" />}
        {invites?.length === 0 && <p className="muted">No pending invitations.</p>}
        {invites && invites.length > 0 && (
          <ul className="dc-list">
            {invites.map((invite) => (
              <li key={invite.id} className="dc-list-item">
                <div>
                  <strong>{invite.email}</strong> <Badge>{ROLE_LABELS[invite.role]}</Badge>
                  <p className="dc-hint">Expires {new Date(invite.expires_at).toLocaleDateString()}</p>
                </div>
                <Button size="sm" variant="ghost" loading={busy === invite.id} onClick={() => revoke(invite)} aria-label={`Revoke the invitation for ${invite.email}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <InviteDialog
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={(invite) => {
          setInvites((current) => [invite, ...(current ?? [])]);
          setInviting(false);
          toast(`Invitation sent to ${invite.email}`, { tone: 'success' });
        }}
      />
      <Dialog
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        size="sm"
        title={confirm?.status === 'deactivated' ? 'Deactivate this member?' : 'Reactivate this member?'}
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button
              variant={confirm?.status === 'deactivated' ? 'danger' : 'primary'}
              onClick={() => {
                if (confirm) update(confirm.user, { status: confirm.status });
                setConfirm(null);
              }}
            >
              {confirm?.status === 'deactivated' ? 'Deactivate' : 'Reactivate'}
            </Button>
          </>
        }
      >
        <p>
          {confirm?.status === 'deactivated'
            ? `${confirm.user.name || confirm.user.email} will be signed out everywhere and lose access to your organisation's data. Their records stay.`
            : `${confirm?.user.name || confirm?.user.email} will be able to sign in again with their previous role.`}
        </p>
      </Dialog>
    </div>
  );
}

/** The API's schemas (and zod with them) load when the invite form opens, not with the page. */
const loadSchemas = () => import('../../../shared/users/user.schemas.ts');

interface InviteDialogProps {
  open: boolean;
  onClose: () => void;
  onInvited: (invite: TInvite) => void;
}

function InviteDialog({ open, onClose, onInvited }: InviteDialogProps) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('acquisition_rep');
  const form = useApiForm({
    schema: async () => (await loadSchemas()).ZCreateInviteRequest,
    send: (value) => api().post<TInvite>('/api/users/invites', value),
    onDone: onInvited,
    describe: (error) => (error instanceof ApiError && error.status === 409 ? `${email} already has an invitation or an account.` : null),
  });

  useDialogOpening(() => {
    if (!open) return;
    // Warm up the validation schemas (zod) now, so submitting does not wait for them.
    loadSchemas().catch(() => undefined);
    setEmail('');
    form.reset();
  }, [open]);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void form.submit({ email: email.trim(), role });
  };

  return (
    <Dialog open={open} onClose={onClose} title="Invite someone" description="They join your organisation when they sign in with this Google account.">
      <form className="dc-form" onSubmit={onSubmit} noValidate>
        <Input label="Email" type="email" name="email" required autoComplete="off" value={email} onValue={setEmail} error={form.errors.email} />
        <Select label="Role" name="role" options={ROLE_OPTIONS} value={role} onValue={setRole} error={form.errors.role} hint="Executives can read dashboards and reports only." />
        <FormAlert message={form.message} />
        <div className="dc-form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" loading={form.busy}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
