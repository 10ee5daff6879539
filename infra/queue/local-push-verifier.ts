import { createHash, timingSafeEqual } from 'node:crypto';
import type { TPushVerifier } from '../../shared/ports/queue.ts';

/**
 * The local counterpart of Google's OIDC check: the embedded queue sends
 * `Authorization: Bearer <secret>` and the receiver compares it in constant time (both sides
 * hashed first, so neither the secret's length nor its prefix leaks through timing).
 */
export function createLocalPushVerifier(secret: string): TPushVerifier {
  if (!secret) throw new Error('The local push secret must not be empty');
  const expected = digest(`Bearer ${secret}`);
  return {
    async verify(authorizationHeader) {
      return authorizationHeader !== undefined && timingSafeEqual(digest(authorizationHeader), expected);
    },
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
