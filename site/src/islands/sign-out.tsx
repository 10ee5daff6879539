import { useEffect, useState } from 'react';
import { clearSession } from '../lib/session.ts';

/** Forgets the session on this device, then offers to sign in again. */
export function SignOut() {
  const [done, setDone] = useState(false);
  useEffect(() => {
    clearSession();
    sessionStorage.clear();
    delete document.documentElement.dataset.role;
    setDone(true);
  }, []);
  return (
    <p role="status" className={done ? 'dc-alert dc-alert--success' : 'muted'}>
      {done ? 'You have signed out of DealCycle on this device.' : 'Signing out…'}
    </p>
  );
}
