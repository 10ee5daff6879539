import { GoogleAuth, OAuth2Client } from 'google-auth-library';

/**
 * A real `GoogleAuth` whose client holds a fixed, unexpired access token: requests carry
 * `Authorization: Bearer <token>` and nothing looks for Application Default Credentials.
 */
export function createTestGoogleAuth(accessToken = 'test-access-token'): GoogleAuth {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 24 * 3600_000 });
  return new GoogleAuth({ authClient: client });
}
