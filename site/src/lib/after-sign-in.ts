import { api } from './api-client.ts';
import { checkMe, type TMeOutcome } from './me.ts';
import { HOME_BY_ROLE, safeNext } from './navigation.ts';

/** Where someone goes once we know who they are: their page (or `next`), onboarding, or the deactivated notice. */
export function destinationFor(outcome: TMeOutcome, next: string | null): string {
  if (outcome.kind === 'onboarding') return `/auth/onboarding${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  if (outcome.kind === 'deactivated') return '/auth/deactivated';
  if (outcome.kind === 'member' && outcome.me.user) return safeNext(next, HOME_BY_ROLE[outcome.me.user.role]);
  return safeNext(next, '/dashboard');
}

/** Asks `/api/users/me` who the freshly signed-in person is, then where they go. */
export async function destinationAfterSignIn(next: string | null): Promise<string> {
  return destinationFor(await checkMe(api()), next);
}
