import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileBlobStore } from '../../infra/embedded/file-blob-store.ts';
import { createCloudStorageBlobStore } from '../../infra/google/cloud-storage-blob-store.ts';
import { createGoogleRestClient, GoogleApiError } from '../../infra/google/google-rest-client.ts';
import { BlobNotFoundError, type TBlobStore } from '../../shared/ports/blob-store.ts';
import { startGoogleApiEmulator, type TGoogleApiEmulator } from '../support/google-api-emulator.ts';
import { createTestGoogleAuth } from '../support/google-test-auth.ts';
import { createManualClock } from '../support/manual-clock.ts';

interface TBlobTarget {
  name: string;
  setup(): Promise<{ blobs: TBlobStore; close(): Promise<void> }>;
}

const targets: TBlobTarget[] = [
  {
    name: 'files under DATA_DIR',
    async setup() {
      const directory = await mkdtemp(join(tmpdir(), 'dealcycle-blobs-'));
      return { blobs: createFileBlobStore({ directory }), close: () => rm(directory, { recursive: true, force: true }) };
    },
  },
  {
    name: 'Cloud Storage',
    async setup() {
      const emulator = await startGoogleApiEmulator({ clock: createManualClock() });
      const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url, sleep: async () => undefined });
      return { blobs: createCloudStorageBlobStore({ client, bucket: 'dealcycle-uploads' }), close: () => emulator.close() };
    },
  },
];

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe.each(targets)('blob store: $name', (target) => {
  let blobs: TBlobStore;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ blobs, close } = await target.setup());
  });
  afterEach(() => close());

  it('returns the stored bytes exactly, as a stream', async () => {
    const data = Buffer.concat([Buffer.from('\uFEFFOwner Name,Phone\n"Ann ""A"" Lee",512\n', 'utf8'), Buffer.from([0, 255, 128, 10])]);
    await blobs.put('imports/tnt_1/imp_1.csv', data, { contentType: 'text/csv' });
    expect(await collect(await blobs.read('imports/tnt_1/imp_1.csv'))).toEqual(data);
    expect(await blobs.size('imports/tnt_1/imp_1.csv')).toBe(data.length);
  });

  it('streams a large file in several chunks', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 'a');
    await blobs.put('imports/big.csv', data);
    let chunks = 0;
    let bytes = 0;
    for await (const chunk of await blobs.read('imports/big.csv')) {
      chunks++;
      bytes += (chunk as Uint8Array).length;
    }
    expect(bytes).toBe(data.length);
    expect(chunks).toBeGreaterThan(1);
  });

  it('replaces the bytes on a second put', async () => {
    await blobs.put('a/b.csv', Buffer.from('one'));
    await blobs.put('a/b.csv', Buffer.from('two!'));
    expect((await collect(await blobs.read('a/b.csv'))).toString()).toBe('two!');
  });

  it('reports a missing key: read rejects with BlobNotFoundError, size is null, delete is a no-op', async () => {
    await expect(blobs.read('imports/none.csv')).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await blobs.size('imports/none.csv')).toBeNull();
    await expect(blobs.delete('imports/none.csv')).resolves.toBeUndefined();
  });

  it('forgets deleted bytes', async () => {
    await blobs.put('imports/gone.csv', Buffer.from('x'));
    await blobs.delete('imports/gone.csv');
    await expect(blobs.read('imports/gone.csv')).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it.each(['../escape.csv', 'a/../../b', '/absolute', 'a//b', 'spaces in name', ''])('refuses the key %j', async (key) => {
    await expect(blobs.put(key, Buffer.from('x'))).rejects.toThrow('Not a valid blob key');
  });
});

describe('file blob store', () => {
  it('leaves no temporary files behind', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dealcycle-blobs-'));
    try {
      const blobs = createFileBlobStore({ directory });
      await blobs.put('imports/t/one.csv', Buffer.from('1'));
      await blobs.put('imports/t/one.csv', Buffer.from('2'));
      expect(await readdir(join(directory, 'imports', 't'))).toEqual(['one.csv']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('Cloud Storage blob store', () => {
  let emulator: TGoogleApiEmulator;
  let blobs: TBlobStore;
  beforeEach(async () => {
    emulator = await startGoogleApiEmulator({ clock: createManualClock() });
    const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url, sleep: async () => undefined, timeoutMs: 300, maxRetries: 1 });
    blobs = createCloudStorageBlobStore({ client, bucket: 'dealcycle-uploads' });
  });
  afterEach(() => emulator.close());

  it('uploads with uploadType=media, the object name and content type, and the access token', async () => {
    await blobs.put('imports/tnt_1/imp_1.csv', Buffer.from('a,b\n'), { contentType: 'text/csv' });
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      path: '/upload/storage/v1/b/dealcycle-uploads/o?uploadType=media&name=imports%2Ftnt_1%2Fimp_1.csv',
      headers: { authorization: 'Bearer test-access-token', 'content-type': 'text/csv' },
      body: { bytes: 4 },
    });
    expect(emulator.object('dealcycle-uploads', 'imports/tnt_1/imp_1.csv')?.contentType).toBe('text/csv');
  });

  it('retries an upload and a download after a 503', async () => {
    emulator.fault({ path: '/upload/storage', status: 503 });
    await blobs.put('imports/retry.csv', Buffer.from('ok'));
    emulator.fault({ path: '/storage/v1/b/dealcycle-uploads/o/imports/retry.csv', status: 503 });
    expect((await collect(await blobs.read('imports/retry.csv'))).toString()).toBe('ok');
  });

  it('fails with a typed error when the bucket does not exist', async () => {
    const client = createGoogleRestClient({ auth: createTestGoogleAuth(), baseUrl: emulator.url, sleep: async () => undefined });
    const missing = createCloudStorageBlobStore({ client, bucket: 'no-such-bucket' });
    const error = await missing.put('a.csv', Buffer.from('x')).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(GoogleApiError);
    expect(error).toMatchObject({ httpStatus: 404, status: 'NOT_FOUND' });
  });

  it('gives up on a server that never answers after the header deadline', async () => {
    await blobs.put('imports/slow.csv', Buffer.from('x'));
    emulator.fault({ path: 'imports/slow.csv', hang: true, times: 10 });
    const error = await blobs.read('imports/slow.csv').catch((reason: unknown) => reason);
    expect(error).toMatchObject({ httpStatus: 0, status: 'DEADLINE_EXCEEDED' });
  });
});
