import { describe, expect, it } from 'vitest';
import { parseFirebaseInit, secureTokenBase } from '../../site/src/lib/firebase-init.ts';
import { needsRefresh, refreshSession, SessionExpiredError, type TSession } from '../../site/src/lib/session.ts';

const session: TSession = { idToken: 'old', refreshToken: 'refresh-1', expiresAt: 0, uid: 'u1', email: 'rep@sunrise.test' };
const NOW = Date.parse('2026-11-02T15:00:00Z');

function recordingFetch(response: Response) {
  const requests: { url: string; init: RequestInit | undefined }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), init });
    return response;
  };
  return { fetch, requests };
}

describe('portal session', () => {
  it('refreshes through the Secure Token REST API with the refresh_token grant', async () => {
    const { fetch, requests } = recordingFetch(Response.json({ id_token: 'new', refresh_token: 'refresh-2', expires_in: '3600', user_id: 'u1' }));
    const fresh = await refreshSession(session, { fetch, now: () => NOW, init: { apiKey: 'key 1', authDomain: 'x.firebaseapp.com', projectId: 'x' } });
    expect(requests[0]?.url).toBe('https://securetoken.googleapis.com/v1/token?key=key%201');
    expect(requests[0]?.init?.method).toBe('POST');
    expect(String(requests[0]?.init?.body)).toBe('grant_type=refresh_token&refresh_token=refresh-1');
    expect(fresh).toEqual({ idToken: 'new', refreshToken: 'refresh-2', expiresAt: NOW + 3_600_000, uid: 'u1', email: 'rep@sunrise.test' });
  });

  it('sends the refresh to the Auth emulator when one is configured', async () => {
    const { fetch, requests } = recordingFetch(Response.json({ id_token: 'new', refresh_token: 'r', expires_in: '3600' }));
    await refreshSession(session, { fetch, now: () => NOW, init: { apiKey: 'demo', authDomain: '', projectId: 'demo', emulatorHost: 'http://127.0.0.1:9099' } });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9099/securetoken.googleapis.com/v1/token?key=demo');
  });

  it('ends the session when Google rejects the refresh token', async () => {
    const { fetch } = recordingFetch(Response.json({ error: { message: 'TOKEN_EXPIRED' } }, { status: 400 }));
    await expect(refreshSession(session, { fetch, init: { apiKey: 'k', authDomain: '', projectId: 'p' } })).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it.each([
    [NOW + 61_000, false],
    [NOW + 60_000, true],
    [NOW - 1, true],
  ])('a token expiring at %i needs a refresh: %s', (expiresAt, expected) => {
    expect(needsRefresh({ ...session, expiresAt }, NOW)).toBe(expected);
  });

  it('reads the Hosting init.json and keeps the emulator host only when given', () => {
    expect(parseFirebaseInit({ apiKey: 'k', authDomain: 'p.firebaseapp.com', projectId: 'p', storageBucket: 'x' })).toEqual({ apiKey: 'k', authDomain: 'p.firebaseapp.com', projectId: 'p' });
    expect(parseFirebaseInit({ apiKey: 'k', authDomain: 'd', projectId: 'p', emulatorHost: 'http://127.0.0.1:9099/' }).emulatorHost).toBe('http://127.0.0.1:9099');
    expect(() => parseFirebaseInit({ authDomain: 'd' })).toThrow(/incomplete/);
    expect(secureTokenBase({})).toBe('https://securetoken.googleapis.com');
  });
});
