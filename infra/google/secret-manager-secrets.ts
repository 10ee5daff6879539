import type { TClock } from '../../shared/ports/clock.ts';
import { systemClock } from '../../shared/ports/clock.ts';
import type { TSecrets } from '../../shared/ports/secrets.ts';
import type { TGoogleRestClient } from './google-rest-client.ts';
import { GoogleApiError, isGoogleApiError } from './google-rest-client.ts';

/**
 * `TSecrets` from Secret Manager: the latest version of `projects/{p}/secrets/{name}`,
 * cached for `ttlSeconds` (absent secrets too) so a warm instance reads each secret once per
 * TTL; concurrent first reads share one request. A rotated secret is picked up after the TTL.
 * https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access
 */
export function createSecretManagerSecrets(options: { client: TGoogleRestClient; projectId: string; ttlSeconds?: number; clock?: TClock }): TSecrets {
  const clock = options.clock ?? systemClock;
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  const cache = new Map<string, { value: Promise<string | undefined>; expiresAt: number }>();

  async function access(name: string): Promise<string | undefined> {
    try {
      const response = await options.client.request<{ payload?: { data?: string; dataCrc32c?: string } }>({
        service: 'secretmanager',
        method: 'GET',
        path: `/v1/projects/${options.projectId}/secrets/${name}/versions/latest:access`,
        idempotent: true,
      });
      const data = Buffer.from(response.payload?.data ?? '', 'base64');
      // The checksum Secret Manager sends (int64 as a decimal string) guards against corruption in transit.
      const expected = response.payload?.dataCrc32c;
      if (expected !== undefined && BigInt(expected) !== BigInt(crc32c(data))) {
        throw new GoogleApiError(200, 'DATA_LOSS', `Secret ${name}: payload checksum mismatch`);
      }
      return data.toString('utf8');
    } catch (error) {
      if (isGoogleApiError(error, 'NOT_FOUND')) return undefined;
      throw error;
    }
  }

  return {
    get(name) {
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) return Promise.reject(new Error(`Invalid secret name "${name}"`));
      const now = clock.now().getTime();
      const cached = cache.get(name);
      if (cached && cached.expiresAt > now) return cached.value;
      const value = access(name);
      cache.set(name, { value, expiresAt: now + ttlMs });
      // A failed read is not cached: the next call asks again.
      value.catch(() => {
        if (cache.get(name)?.value === value) cache.delete(name);
      });
      return value;
    },
  };
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum Google APIs use; Node's zlib only has CRC-32. */
export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
