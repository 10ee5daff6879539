import { Readable } from 'node:stream';
import type { ReadableStream as TWebReadableStream } from 'node:stream/web';
import { assertBlobKey, BlobNotFoundError, type TBlobStore } from '../../shared/ports/blob-store.ts';
import { isGoogleApiError, type TGoogleRestClient } from './google-rest-client.ts';

/**
 * Cloud Storage through its JSON API (README.md): one object per key in one bucket.
 * - put: `POST /upload/storage/v1/b/{bucket}/o?uploadType=media&name={key}` (simple upload,
 *   up to 5 TB; our files are ≤ 40 MB). Replacing an object with the same bytes is harmless,
 *   so it is retried like any idempotent call.
 * - read: `GET /storage/v1/b/{bucket}/o/{key}?alt=media`, streamed as it arrives.
 * - size: `GET /storage/v1/b/{bucket}/o/{key}` → the object resource's `size` (a string).
 * - delete: `DELETE /storage/v1/b/{bucket}/o/{key}`; 404 counts as done.
 * https://cloud.google.com/storage/docs/json_api/v1/objects
 */
export function createCloudStorageBlobStore(options: { client: TGoogleRestClient; bucket: string }): TBlobStore {
  const { client } = options;
  const bucket = encodeURIComponent(options.bucket);
  const objectPath = (key: string) => {
    assertBlobKey(key);
    return `/storage/v1/b/${bucket}/o/${encodeURIComponent(key)}`;
  };
  return {
    async put(key, data, putOptions = {}) {
      assertBlobKey(key);
      const response = await client.requestMedia({
        service: 'storage',
        method: 'POST',
        path: `/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(key)}`,
        body: data,
        contentType: putOptions.contentType ?? 'application/octet-stream',
        idempotent: true,
      });
      await response.arrayBuffer();
    },
    async read(key) {
      try {
        const response = await client.requestMedia({ service: 'storage', method: 'GET', path: `${objectPath(key)}?alt=media`, idempotent: true });
        if (!response.body) return Readable.from([]);
        return Readable.fromWeb(response.body as TWebReadableStream<Uint8Array>);
      } catch (error) {
        if (isGoogleApiError(error, 'NOT_FOUND')) throw new BlobNotFoundError(key);
        throw error;
      }
    },
    async size(key) {
      try {
        const object = await client.request<{ size?: string }>({ service: 'storage', method: 'GET', path: objectPath(key), idempotent: true });
        return Number(object.size ?? 0);
      } catch (error) {
        if (isGoogleApiError(error, 'NOT_FOUND')) return null;
        throw error;
      }
    },
    async delete(key) {
      try {
        const response = await client.requestMedia({ service: 'storage', method: 'DELETE', path: objectPath(key), idempotent: true });
        await response.arrayBuffer();
      } catch (error) {
        if (!isGoogleApiError(error, 'NOT_FOUND')) throw error;
      }
    },
  };
}
