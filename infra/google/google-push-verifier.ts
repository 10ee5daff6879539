import type { OAuth2Client } from 'google-auth-library';
import type { TPushVerifier } from '../../shared/ports/queue.ts';

/**
 * Verifies the OIDC token Pub/Sub push and Cloud Tasks attach (`Authorization: Bearer <jwt>`):
 * Google's signature, issuer, expiry and our audience through `OAuth2Client.verifyIdToken`,
 * then that the token speaks for one of our push service accounts with a verified email.
 * https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions
 */
export interface TGooglePushVerifierOptions {
  /** The audience configured on the push subscription and on every task's `oidcToken`. */
  audience: string;
  /** Service accounts allowed to push (the Pub/Sub push account and the Cloud Tasks one). */
  serviceAccountEmails: readonly string[];
  /** Google's PEM certificates endpoint; tests point it at a local server. */
  certsUrl?: string;
}

export function createGooglePushVerifier(options: TGooglePushVerifierOptions): TPushVerifier {
  const allowed = new Set(options.serviceAccountEmails.filter(Boolean));
  let client: Promise<OAuth2Client> | undefined;
  // One client per instance: it caches Google's certificates for as long as their Cache-Control allows.
  const getClient = () =>
    (client ??= import('google-auth-library').then(
      ({ OAuth2Client: Client }) => new Client(options.certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: options.certsUrl } } : {}),
    ));

  return {
    async verify(authorizationHeader) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorizationHeader ?? '');
      if (!match?.[1] || allowed.size === 0) return false;
      try {
        const ticket = await (await getClient()).verifyIdToken({ idToken: match[1], audience: options.audience });
        const payload = ticket.getPayload();
        return payload?.email_verified === true && payload.email !== undefined && allowed.has(payload.email);
      } catch {
        // Bad signature, wrong audience or issuer, expired: not from our queue.
        return false;
      }
    },
  };
}
