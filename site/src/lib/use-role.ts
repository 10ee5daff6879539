import { useEffect, useState } from 'react';
import { ROLES, type TRole } from '../../../shared/auth/principal.ts';
import { PROFILE_EVENT, readProfile, readSession } from './session.ts';

export interface TViewer {
  /** Null until known: the cached profile gives it at once on every visit after the first. */
  role: TRole | null;
  /** The signed-in person's user id (the Firebase uid). */
  uid: string | null;
}

const roleOf = (value: string | null | undefined): TRole | null => (ROLES as readonly string[]).includes(value ?? '') ? (value as TRole) : null;

/**
 * Who is looking, for tailoring a page to the role (no button the API would refuse). Reads the
 * profile the header cached and follows it when `/api/users/me` confirms or changes it.
 */
export function useViewer(): TViewer {
  const [viewer, setViewer] = useState<TViewer>({ role: null, uid: null });
  useEffect(() => {
    const read = () => setViewer({ role: roleOf(readProfile()?.role), uid: readSession()?.uid || null });
    read();
    window.addEventListener(PROFILE_EVENT, read);
    return () => window.removeEventListener(PROFILE_EVENT, read);
  }, []);
  return viewer;
}
