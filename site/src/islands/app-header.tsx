import { useEffect, useState } from 'react';
import { Toaster } from '../components/toast.tsx';
import { api, confirmMembership } from '../lib/api-client.ts';
import { useInboxUnreadBadge } from '../lib/inbox-badge.ts';
import { checkMe } from '../lib/me.ts';
import { readProfile, type TProfileCache } from '../lib/session.ts';
import { GlobalSearch } from './global-search.tsx';
import { NotificationBell } from './notification-bell.tsx';
import { UserMenu } from './user-menu.tsx';

/**
 * The signed-in chrome of every app page, hydrated as one island: global search, notification
 * bell, user menu, the unread count on the inbox links and the page's toaster. On load it asks `/api/users/me` once and sends people
 * who still need onboarding, or whose account was deactivated, to the page that explains it.
 */
export function AppHeader() {
  const [profile, setProfile] = useState<TProfileCache | null>(null);
  const [member, setMember] = useState(false);
  useEffect(() => {
    setProfile(readProfile());
    checkMe(api())
      .then((outcome) => {
        if (outcome.kind === 'onboarding') location.assign('/auth/onboarding');
        else if (outcome.kind === 'deactivated') location.assign('/auth/deactivated');
        else if (outcome.kind === 'member') {
          setProfile(readProfile());
          setMember(true);
          confirmMembership();
        } else confirmMembership();
      })
      .catch(() => {
        // 401 after a failed refresh: the client already sent the person to sign in.
      });
  }, []);
  useInboxUnreadBadge(member);
  return (
    <>
      <GlobalSearch />
      <div className="dc-header-actions">
        {/* Notifications belong to a membership: asked for once /api/users/me confirms one. */}
        <NotificationBell enabled={member} />
        <UserMenu profile={profile} />
      </div>
      <Toaster />
    </>
  );
}
