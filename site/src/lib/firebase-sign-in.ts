/**
 * Google sign-in with the Firebase web SDK — imported only by the sign-in and callback pages.
 * The SDK keeps its state in sessionStorage just long enough to finish a redirect; once we hold
 * the tokens we store our own session and sign the SDK out, so no other page needs it.
 */
import { initializeApp, type FirebaseApp } from 'firebase/app';
import {
  browserPopupRedirectResolver,
  browserSessionPersistence,
  connectAuthEmulator,
  getRedirectResult,
  GoogleAuthProvider,
  initializeAuth,
  signInWithPopup,
  signInWithRedirect,
  signOut,
  type Auth,
  type User,
} from 'firebase/auth';
import { loadFirebaseInit } from './firebase-init.ts';
import { writeSession, type TSession } from './session.ts';

let cached: Promise<Auth> | undefined;

/** The page's Auth instance, connected to the emulator when `/__/firebase/init.json` names one. */
export function firebaseAuth(): Promise<Auth> {
  cached ??= loadFirebaseInit().then((init) => {
    const app: FirebaseApp = initializeApp({ apiKey: init.apiKey, authDomain: init.authDomain, projectId: init.projectId });
    const auth = initializeAuth(app, { persistence: browserSessionPersistence, popupRedirectResolver: browserPopupRedirectResolver });
    if (init.emulatorHost) connectAuthEmulator(auth, init.emulatorHost, { disableWarnings: true });
    return auth;
  });
  return cached;
}

const provider = () => {
  const google = new GoogleAuthProvider();
  google.setCustomParameters({ prompt: 'select_account' });
  return google;
};

/** Phones and small touch screens handle popups badly: they use the redirect flow. */
export const prefersRedirect = (): boolean => matchMedia('(pointer: coarse) and (max-width: 56rem)').matches;

async function keep(auth: Auth, user: User): Promise<TSession> {
  const result = await user.getIdTokenResult();
  const session: TSession = {
    idToken: result.token,
    refreshToken: user.refreshToken,
    expiresAt: Date.parse(result.expirationTime),
    uid: user.uid,
    email: user.email ?? '',
  };
  writeSession(session);
  await signOut(auth);
  return session;
}

/**
 * Popup first; on phones, or when the popup is blocked, the redirect flow, which returns to
 * `/auth/callback?next=…` (the URL is switched before leaving so Firebase brings the person back there).
 * Resolves with the session (popup) or never (redirect: the page unloads).
 */
export async function signInWithGoogle(next: string): Promise<TSession> {
  const auth = await firebaseAuth();
  if (!prefersRedirect()) {
    try {
      const credential = await signInWithPopup(auth, provider());
      return await keep(auth, credential.user);
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code !== 'auth/popup-blocked' && code !== 'auth/operation-not-supported-in-environment') throw error;
    }
  }
  history.replaceState(null, '', `/auth/callback?next=${encodeURIComponent(next)}`);
  return signInWithRedirect(auth, provider());
}

/** On `/auth/callback`: the result of the redirect flow, or null when there was none. */
export async function completeRedirect(): Promise<TSession | null> {
  const auth = await firebaseAuth();
  const credential = await getRedirectResult(auth);
  return credential ? keep(auth, credential.user) : null;
}

/** Human text for the SDK's error codes a person can meet. */
export function signInErrorMessage(error: unknown): string | null {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'auth/popup-closed-by-user' || code === 'auth/cancelled-popup-request') return null;
  // internal-error: the SDK could not load Google's sign-in helper (apis.google.com), e.g. offline or blocked.
  if (code === 'auth/network-request-failed' || code === 'auth/internal-error') return 'Could not reach Google sign-in. Check your connection and try again.';
  if (code === 'auth/popup-blocked') return 'Your browser blocked the sign-in window. Allow pop-ups for this site and try again.';
  if (code === 'auth/user-disabled') return 'This Google account has been disabled.';
  if (code === 'auth/unauthorized-domain') return 'This address is not authorised for sign-in. Contact your administrator.';
  return error instanceof Error ? `Sign-in failed: ${error.message}` : 'Sign-in failed. Please try again.';
}
