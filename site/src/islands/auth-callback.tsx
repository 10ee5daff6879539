import { useEffect, useState } from 'react';
import { Button } from '../components/button.tsx';
import { destinationAfterSignIn } from '../lib/after-sign-in.ts';
import { completeRedirect, signInErrorMessage } from '../lib/firebase-sign-in.ts';
import { readSession } from '../lib/session.ts';

/** Finishes the redirect flow (phones), then sends the person on like the popup flow does. */
export function AuthCallback() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const next = new URLSearchParams(location.search).get('next');
    completeRedirect()
      .then(async (session) => {
        if (!session && !readSession()) {
          location.replace(`/auth/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
          return;
        }
        location.replace(await destinationAfterSignIn(next));
      })
      .catch((failure: unknown) => setError(signInErrorMessage(failure) ?? 'Sign-in was cancelled.'));
  }, []);
  if (error) {
    return (
      <div className="stack">
        <p className="dc-alert" role="alert">
          {error}
        </p>
        <Button href="/auth/login" variant="primary">
          Back to sign-in
        </Button>
      </div>
    );
  }
  return (
    <p role="status" className="muted">
      Finishing sign-in…
    </p>
  );
}
