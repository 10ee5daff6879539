import type { TRole } from '../../../shared/auth/principal.ts';

export type TIconName =
  | 'home'
  | 'chart'
  | 'users'
  | 'building'
  | 'handshake'
  | 'message'
  | 'bolt'
  | 'settings'
  | 'phone'
  | 'search'
  | 'bell'
  | 'plus'
  | 'upload'
  | 'check';

export interface TNavItem {
  href: string;
  label: string;
  icon: TIconName;
  /** Roles that see the item; the API enforces access, this only keeps the menu relevant. */
  roles: readonly TRole[] | 'all';
}

export interface TNavSection {
  title: string;
  items: TNavItem[];
}

const everyone = 'all' as const;

/** The sidebar, by section. Every route of the portal is reachable from here or from its section's page. */
export const NAV_SECTIONS: TNavSection[] = [
  {
    title: 'Dashboards',
    items: [
      { href: '/dashboard/executive', label: 'Executive', icon: 'chart', roles: ['admin', 'executive'] },
      { href: '/dashboard/acquisitions', label: 'Acquisitions', icon: 'home', roles: ['admin', 'acquisition_rep'] },
      { href: '/dashboard/disposition', label: 'Disposition', icon: 'handshake', roles: ['admin', 'disposition_manager'] },
      { href: '/dashboard/mobile', label: 'On the road', icon: 'phone', roles: ['admin', 'acquisition_rep', 'disposition_manager'] },
    ],
  },
  {
    title: 'Pipeline',
    items: [
      { href: '/leads', label: 'Leads', icon: 'home', roles: ['admin', 'acquisition_rep', 'executive'] },
      { href: '/leads/call-queue', label: 'Call next', icon: 'phone', roles: ['admin', 'acquisition_rep'] },
      { href: '/buyers', label: 'Buyers', icon: 'users', roles: ['admin', 'disposition_manager', 'executive'] },
      { href: '/deals', label: 'Deals', icon: 'building', roles: everyone },
      { href: '/follow-ups', label: 'Follow-ups', icon: 'check', roles: ['admin', 'acquisition_rep', 'disposition_manager'] },
      { href: '/communications', label: 'Communications', icon: 'message', roles: ['admin', 'acquisition_rep', 'disposition_manager'] },
    ],
  },
  {
    title: 'Insight',
    items: [
      { href: '/analytics', label: 'Analytics', icon: 'chart', roles: everyone },
      { href: '/automation', label: 'Automation', icon: 'bolt', roles: ['admin'] },
    ],
  },
  {
    title: 'Settings',
    items: [
      { href: '/settings/profile', label: 'Profile', icon: 'settings', roles: everyone },
      { href: '/settings/team', label: 'Team', icon: 'users', roles: ['admin'] },
      { href: '/settings/integrations', label: 'Integrations', icon: 'bolt', roles: ['admin'] },
    ],
  },
];

/** The phone's bottom bar: the four places a person on the road needs. */
export const BOTTOM_NAV: TNavItem[] = [
  { href: '/dashboard/mobile', label: 'Today', icon: 'phone', roles: everyone },
  { href: '/leads', label: 'Leads', icon: 'home', roles: everyone },
  { href: '/deals', label: 'Deals', icon: 'building', roles: everyone },
  { href: '/communications', label: 'Inbox', icon: 'message', roles: everyone },
];

/** The dashboard each role lands on after sign-in. */
export const HOME_BY_ROLE: Record<TRole, string> = {
  admin: '/dashboard/executive',
  acquisition_rep: '/dashboard/acquisitions',
  disposition_manager: '/dashboard/disposition',
  executive: '/dashboard/executive',
};

export const ROLE_LABELS: Record<TRole, string> = {
  admin: 'Admin',
  acquisition_rep: 'Acquisition rep',
  disposition_manager: 'Disposition manager',
  executive: 'Executive (read-only)',
};

/** The nav item a path belongs to: the longest href that prefixes it. */
export function activeHref(pathname: string, items: readonly TNavItem[]): string | undefined {
  const path = pathname.replace(/\.html$/, '').replace(/\/$/, '') || '/';
  let best: string | undefined;
  for (const item of items) {
    if ((path === item.href || path.startsWith(`${item.href}/`)) && (!best || item.href.length > best.length)) best = item.href;
  }
  return best;
}

export const rolesAttribute = (roles: TNavItem['roles']): string => (roles === 'all' ? 'all' : roles.join(' '));

/** A safe in-app destination from a `?next=` parameter (never another origin, never back into /auth). */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/auth/')) return fallback;
  return next;
}

/** Where to send someone who has no session: the sign-in page, remembering where they were going. */
export function signInUrl(from: string): string {
  return `/auth/login?next=${encodeURIComponent(safeNext(from, '/dashboard'))}`;
}

/** An in-app link from API data (search results, notifications): same-origin paths only, never `javascript:` or another site. */
export function safeHref(href: string | null | undefined): string | undefined {
  return href && href.startsWith('/') && !href.startsWith('//') ? href : undefined;
}
