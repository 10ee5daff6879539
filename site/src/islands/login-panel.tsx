import { useEffect, useState } from 'react';
import { Button } from '../components/button.tsx';
import { destinationAfterSignIn } from '../lib/after-sign-in.ts';
import { firebaseAuth, signInErrorMessage, signInWithGoogle } from '../lib/firebase-sign-in.ts';
import { readSession } from '../lib/session.ts';

/** "Sign in with Google": the only place, with the callback page, that loads the Firebase SDK. */
export function LoginPanel() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const params = new URLSearchParams(location.search);
    if (params.has('signedOut')) setNotice('You have signed out.');
    else if (readSession()) {
      // Already signed in on this device: skip the button.
      setBusy(true);
      destinationAfterSignIn(params.get('next')).then((url) => location.replace(url), () => setBusy(false));
      return;
    }
    // Warm up the SDK and configuration so the popup opens within the click's user activation.
    firebaseAuth().catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'Sign-in is unavailable.'));
  }, []);

  const onClick = async () => {
    setBusy(true);
    setError(null);
    const next = new URLSearchParams(location.search).get('next');
    try {
      await signInWithGoogle(next ?? '');
      location.assign(await destinationAfterSignIn(next));
    } catch (failure) {
      setError(signInErrorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <div className="stack">
      {notice && (
        <p className="dc-alert dc-alert--success" role="status">
          {notice}
        </p>
      )}
      <Button variant="primary" loading={busy} onClick={onClick} className="dc-button--block">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
          <path fill="#fff" d="M21.6 12.2c0-.7-.1-1.4-.2-2H12v3.8h5.4a4.6 4.6 0 0 1-2 3v2.5h3.2c1.9-1.7 3-4.3 3-7.3" />
          <path fill="#fff" d="M12 22c2.7 0 5-.9 6.6-2.4l-3.2-2.5c-.9.6-2 1-3.4 1-2.6 0-4.8-1.8-5.6-4.1H3.1v2.6A10 10 0 0 0 12 22" opacity=".85" />
          <path fill="#fff" d="M6.4 14a6 6 0 0 1 0-3.9V7.4H3.1a10 10 0 0 0 0 9.1z" opacity=".7" />
          <path fill="#fff" d="M12 6c1.5 0 2.8.5 3.8 1.5l2.9-2.9A10 10 0 0 0 3.1 7.4L6.4 10C7.2 7.7 9.4 6 12 6" opacity=".55" />
        </svg>
        Sign in with Google
      </Button>
      {error && (
        <p className="dc-alert" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
