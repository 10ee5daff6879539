import { api } from './api-client.ts';
import { checkMe } from './me.ts';
import { HOME_BY_ROLE, safeNext } from './navigation.ts';

/** Where a freshly signed-in person goes: their page (or `next`), onboarding, or the deactivated notice. */
export async function destinationAfterSignIn(next: string | null): Promise<string> {
  const outcome = await checkMe(api());
  if (outcome.kind === 'onboarding') return `/auth/onboarding${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  if (outcome.kind === 'deactivated') return '/auth/deactivated';
  if (outcome.kind === 'member') return safeNext(next, outcome.me.user ? HOME_BY_ROLE[outcome.me.user.role] : '/dashboard');
  return safeNext(next, '/dashboard');
}
