import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { TPlatform } from '../platform/platform.ts';

/**
 * Checks `X-Twilio-Signature`: HMAC-SHA1, keyed with the account's auth token, over the URL
 * Twilio requested followed by every POST field sorted by name, base64
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security). The URL is the public one
 * (PUBLIC_URL + path + query, `request.publicUrl`), not what reached the function behind
 * Hosting. The sandbox signs with the same token and the same library function, so this one
 * check serves both. Only the helper library's small webhooks module is loaded, not its client.
 */
export async function verifyTwilioSignature(platform: TPlatform, input: { url: string; signature: string | string[] | undefined; params: Record<string, string> }): Promise<boolean> {
  const signature = Array.isArray(input.signature) ? input.signature[0] : input.signature;
  if (!signature) return false;
  const token = await authToken(platform);
  return Boolean(token) && validateRequest(token as string, signature, input.url, input.params);
}

const tokens = new WeakMap<TPlatform, Promise<string | undefined>>();

/** Twilio's auth token through the secrets port (cached per platform), or the sandbox's. */
export function authToken(platform: TPlatform): Promise<string | undefined> {
  let token = tokens.get(platform);
  if (!token) {
    token =
      platform.config.telephony.provider === 'twilio'
        ? platform.secrets().then((secrets) => secrets.get('TWILIO_AUTH_TOKEN'))
        : Promise.resolve(platform.config.telephony.sandboxAuthToken);
    token.catch(() => tokens.delete(platform));
    tokens.set(platform, token);
  }
  return token;
}
