import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { assertBlobKey, BlobNotFoundError, type TBlobStore } from '../../shared/ports/blob-store.ts';

/**
 * The local blob store: one file per key under `directory` (DATA_DIR/blobs). A put writes a
 * temporary file, flushes it and renames it into place, so a reader sees the old bytes or the
 * new ones, never half a file.
 */
export function createFileBlobStore(options: { directory: string }): TBlobStore {
  const pathOf = (key: string) => {
    assertBlobKey(key);
    return join(options.directory, ...key.split('/'));
  };
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    },
    async read(key) {
      const path = pathOf(key);
      const stream: Readable = createReadStream(path, { highWaterMark: 256 * 1024 });
      // Surface a missing file as the port's error now, not as a stream error later.
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new BlobNotFoundError(key) : error));
      });
      return stream;
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
