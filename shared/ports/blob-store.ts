import type { Readable } from 'node:stream';

/**
 * Files on their way from a request to a background job (CSV uploads read by the import
 * job). Production: a Cloud Storage bucket (infra/google/cloud-storage-blob-store.ts); local:
 * files under DATA_DIR (infra/embedded/file-blob-store.ts). Keys are paths of letters, digits,
 * `_`, `-` and `.` separated by `/` (`imports/<tenant>/<import id>.csv`).
 */
export interface TBlobStore {
  /** Stores the bytes under the key, replacing what was there. Resolves once they are durable. */
  put(key: string, data: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** The bytes as a stream (never whole in memory); rejects with `BlobNotFoundError` when the key holds nothing. */
  read(key: string): Promise<Readable>;
  /** Size in bytes, or null when the key holds nothing. */
  size(key: string): Promise<number | null>;
  /** Removes the bytes; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export class BlobNotFoundError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`No blob stored under "${key}"`);
    this.name = 'BlobNotFoundError';
    this.key = key;
  }
}

const KEY = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Throws for a key that could escape its directory or is not portable between the adapters. */
export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.length > 512 || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new Error(`Not a valid blob key: "${key}"`);
  }
}
