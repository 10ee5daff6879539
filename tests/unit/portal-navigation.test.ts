import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/auth/principal.ts';
import { ZCreateInviteRequest } from '../../shared/users/user.schemas.ts';
import { destinationFor } from '../../site/src/lib/after-sign-in.ts';
import { ApiError } from '../../site/src/lib/api-client.ts';
import { problemToForm, validate } from '../../site/src/lib/form-errors.ts';
import { activeHref, HOME_BY_ROLE, NAV_SECTIONS, safeHref, safeNext, signInUrl } from '../../site/src/lib/navigation.ts';

const items = NAV_SECTIONS.flatMap((section) => section.items);

describe('portal navigation', () => {
  it.each([
    ['/leads', '/leads'],
    ['/leads/detail', '/leads'],
    ['/leads.html', '/leads'],
    ['/settings/team', '/settings/team'],
    ['/dashboard/executive', '/dashboard/executive'],
    ['/nowhere', undefined],
  ])('marks %s as belonging to %s', (path, expected) => {
    expect(activeHref(path, items)).toBe(expected);
  });

  it('gives every role a home dashboard that its sidebar shows', () => {
    for (const role of ROLES) {
      const home = items.find((item) => item.href === HOME_BY_ROLE[role]);
      expect(home && (home.roles === 'all' || home.roles.includes(role))).toBe(true);
    }
  });

  it.each([
    ['/leads?status=new', '/leads?status=new'],
    ['https://evil.test/', '/dashboard'],
    ['//evil.test/', '/dashboard'],
    ['/auth/login', '/dashboard'],
    [null, '/dashboard'],
  ])('only follows in-app next=%s', (next, expected) => {
    expect(safeNext(next, '/dashboard')).toBe(expected);
  });

  it.each([
    ['/leads/detail?id=lead_1', '/leads/detail?id=lead_1'],
    ['javascript:alert(1)', undefined],
    ['https://evil.test/x', undefined],
    ['//evil.test/x', undefined],
    [null, undefined],
  ])('links API-provided href %s only when it stays in the portal', (href, expected) => {
    expect(safeHref(href)).toBe(expected);
  });

  it('remembers where the person was going when sending them to sign in', () => {
    expect(signInUrl('/leads/detail?id=lead_1')).toBe('/auth/login?next=%2Fleads%2Fdetail%3Fid%3Dlead_1');
  });
});

describe('after sign-in', () => {
  const me = (role: 'admin' | 'executive' | null) => ({
    identity: { uid: 'u', email: 'e@x.test', name: 'E' },
    user: role ? { id: 'u', email: 'e@x.test', name: 'E', role, status: 'active' as const, weekly_report: true, created_at: '', last_seen_at: null } : null,
    tenant: null,
    claimsChanged: false,
  });

  it.each([
    [{ kind: 'member' as const, me: me('executive') }, null, '/dashboard/executive'],
    [{ kind: 'member' as const, me: me('admin') }, '/leads?status=new', '/leads?status=new'],
    [{ kind: 'onboarding' as const, me: me(null) }, '/deals', '/auth/onboarding?next=%2Fdeals'],
    [{ kind: 'deactivated' as const }, '/deals', '/auth/deactivated'],
    [{ kind: 'unavailable' as const }, null, '/dashboard'],
  ])('sends %o with next=%s to %s', (outcome, next, expected) => {
    expect(destinationFor(outcome, next)).toBe(expected);
  });
});

describe('portal forms', () => {
  it('validates with the API schema and reports errors by field', () => {
    expect(validate(ZCreateInviteRequest, { email: 'not-an-email', role: 'admin' })).toEqual({ ok: false, errors: { email: expect.any(String) } });
    expect(validate(ZCreateInviteRequest, { email: 'Casey@Sunrise.test', role: 'executive' })).toEqual({ ok: true, value: { email: 'casey@sunrise.test', role: 'executive' } });
  });

  it('shows server field errors by their fields and other failures as one message', () => {
    const invalid = new ApiError({ type: 'about:blank', title: 'Invalid', status: 400, code: 'invalid', errors: [{ location: 'body', field: 'email', detail: 'Already invited' }] });
    expect(problemToForm(invalid)).toEqual({ fields: { email: 'Already invited' }, message: null });
    const limit = new ApiError({ type: 'about:blank', title: 'Plan limit', status: 403, code: 'plan_limit', detail: 'Your plan allows 5 users' });
    expect(problemToForm(limit)).toEqual({ fields: {}, message: 'Your plan allows 5 users' });
  });
});
