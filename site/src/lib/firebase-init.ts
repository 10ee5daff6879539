/**
 * Firebase web configuration served at `/__/firebase/init.json` (Firebase Hosting's reserved URL in
 * production; the local host serves the same document). Fields:
 * - `apiKey`: the Web API key, also the `key` parameter of the Secure Token REST API.
 * - `authDomain`: `<project>.firebaseapp.com`, host of the popup/redirect auth handler.
 * - `projectId`: the Firebase project.
 * - `emulatorHost`: only locally, e.g. `http://127.0.0.1:9099` — the Auth emulator to connect to.
 * @see https://firebase.google.com/docs/hosting/reserved-urls
 */
export interface TFirebaseInit {
  apiKey: string;
  authDomain: string;
  projectId: string;
  emulatorHost?: string;
}

const CACHE_KEY = 'dc.firebase-init';

export function parseFirebaseInit(value: unknown): TFirebaseInit {
  const record = (value ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string) : '');
  const init: TFirebaseInit = { apiKey: text('apiKey'), authDomain: text('authDomain'), projectId: text('projectId') };
  if (!init.apiKey || !init.projectId) throw new Error('Firebase configuration is incomplete (apiKey, projectId)');
  const emulatorHost = text('emulatorHost');
  if (emulatorHost) init.emulatorHost = emulatorHost.replace(/\/$/, '');
  return init;
}

/** Reads the configuration once per browser session (cached in sessionStorage: it changes only with a deploy). */
export async function loadFirebaseInit(fetcher: typeof fetch = fetch, storage: Storage | undefined = globalThis.sessionStorage): Promise<TFirebaseInit> {
  const cached = storage?.getItem(CACHE_KEY);
  if (cached) {
    try {
      return parseFirebaseInit(JSON.parse(cached));
    } catch {
      storage?.removeItem(CACHE_KEY);
    }
  }
  const response = await fetcher('/__/firebase/init.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Could not load the sign-in configuration (HTTP ${response.status})`);
  const init = parseFirebaseInit(await response.json());
  storage?.setItem(CACHE_KEY, JSON.stringify(init));
  return init;
}

/** Base URL of the Secure Token API: Google's, or the emulator's mirror of it. */
export function secureTokenBase(init: Pick<TFirebaseInit, 'emulatorHost'>): string {
  return init.emulatorHost ? `${init.emulatorHost}/securetoken.googleapis.com` : 'https://securetoken.googleapis.com';
}
