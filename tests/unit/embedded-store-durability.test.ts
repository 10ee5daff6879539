import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';
import type { TDatabase, TDocument } from '../../shared/ports/document-store.ts';

const writer = fileURLToPath(new URL('../support/embedded-store-writer.ts', import.meta.url));

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'dealcycle-store-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const journals = () => readdirSync(directory).filter((name) => name.startsWith('journal-'));
const snapshots = () => readdirSync(directory).filter((name) => name.startsWith('snapshot-'));

/** Runs the writer child until it has acknowledged `acks` writes, then kills it with SIGKILL. */
async function writeThenKill(first: number, acks: number): Promise<string[]> {
  const child = spawn(process.execPath, [writer, directory, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  // Never leave a writer behind, even if acknowledgements stop coming.
  const guard = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const seen: string[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    seen.push(line);
    if (seen.length === acks) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  clearTimeout(guard);
  if (seen.length < acks) throw new Error(`writer stopped after ${seen.length} acknowledgements: ${stderr}`);
  return seen;
}

async function expectAcknowledged(db: TDatabase, acks: string[]): Promise<void> {
  const writes = db.collection('writes');
  const missing: string[] = [];
  for (const ack of acks) {
    const [, kind, ...ids] = ack.split(' ');
    for (const id of ids) {
      const found = await writes.findOne({ _id: id });
      if (!found || (kind === 'update' && found.updated !== true) || !(found.at instanceof Date)) missing.push(`${kind} ${id}`);
    }
  }
  expect(missing).toEqual([]);
}

describe('embedded store durability', () => {
  it('keeps every acknowledged write when its process is killed with SIGKILL, again and again', async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      acknowledged.push(...(await writeThenKill(round * 1_000_000 + (round % 2), 400 + round * 150)));
      const db = await openEmbeddedDatabase({ directory });
      await expectAcknowledged(db, acknowledged);
      await db.close();
    }
  }, 60_000);

  it('ignores a torn last record and keeps appending safely after it', async () => {
    let db = await openEmbeddedDatabase({ directory });
    await db.collection('c').insertMany([{ _id: 'a' }, { _id: 'b' }]);
    await db.close();
    const [journal] = journals();
    // A record cut short by a crash: a checksum, then half of its JSON and no newline.
    appendFileSync(join(directory, journal as string), '0badc0de [{"c":"c","put":[{"_id":"torn"');

    db = await openEmbeddedDatabase({ directory });
    expect(await db.collection('c').countDocuments()).toBe(2);
    await db.collection('c').insertOne({ _id: 'after' });
    await db.close();

    db = await openEmbeddedDatabase({ directory });
    expect((await db.collection('c').find({}, { sort: { _id: 1 } }).toArray()).map((document) => document._id)).toEqual(['a', 'after', 'b']);
    await db.close();
  });

  it('ignores a multi-line record whose last line never arrived', async () => {
    let db = await openEmbeddedDatabase({ directory });
    // One insertMany of ~8 MB is one record spread over several lines.
    const big = Array.from({ length: 20_000 }, (_, i) => ({ _id: `d${i}`, text: 'y'.repeat(400) }));
    await db.collection('c').insertOne({ _id: 'kept' });
    await db.collection('c').insertMany(big);
    await db.close();
    const path = join(directory, journals()[0] as string);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.filter((line) => line[8] === '+').length).toBeGreaterThan(0);
    // Drop the record's last line, as if the process died between two of its writes.
    writeFileSync(path, `${lines.slice(0, -2).join('\n')}\n`);

    db = await openEmbeddedDatabase({ directory });
    expect(await db.collection('c').countDocuments()).toBe(1);
    await db.close();
  });

  it('refuses to open a journal damaged before its last record', async () => {
    const db = await openEmbeddedDatabase({ directory });
    await db.collection('c').insertOne({ _id: 'a' });
    await db.collection('c').insertOne({ _id: 'b' });
    await db.close();
    const path = join(directory, journals()[0] as string);
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"a"', '"x"'));
    await expect(openEmbeddedDatabase({ directory })).rejects.toThrow(/corrupt/);
  });

  it('keeps everything through compactions, including deletes, updates, indexes and Dates', async () => {
    let db = await openEmbeddedDatabase({ directory, compactAfterBytes: 4096 });
    const expected = new Map<string, TDocument>();
    const collection = db.collection('leads');
    await collection.createIndex({ tenant_id: 1, email: 1 }, { unique: true });
    for (let i = 0; i < 300; i++) {
      const document = { _id: `l${i}`, tenant_id: `t${i % 3}`, email: `l${i}@x.io`, created_at: new Date(Date.UTC(2026, 0, 1, 0, i)) };
      await collection.insertOne(document);
      expected.set(document._id, document);
      if (i % 7 === 0) {
        await collection.deleteOne({ _id: `l${i - 1}` });
        expected.delete(`l${i - 1}`);
      }
      if (i % 5 === 0) {
        await collection.updateOne({ _id: `l${i}` }, { $set: { 'history.at': new Date(i) } });
        expected.set(`l${i}`, { ...document, history: { at: new Date(i) } });
      }
    }
    await db.close();
    expect(snapshots()).toHaveLength(1);
    expect(journals()).toHaveLength(1);

    db = await openEmbeddedDatabase({ directory });
    const stored = await db.collection('leads').find({}).toArray();
    expect(new Map(stored.map((document) => [document._id, document]))).toEqual(expected);
    expect(await db.collection('leads').insertOne({ _id: 'dup', tenant_id: 't1', email: 'l1@x.io' }).catch((error: { code: number }) => error.code)).toBe(11000);
    await db.close();
  });

  it('answers indexed queries the same after restarts, from a snapshot and from journals', async () => {
    const expected = new Map<string, TDocument>();
    const list = async (db: TDatabase) => (await db.collection('leads').find({ tenant_id: 't1', status: 'new' }, { sort: { created_at: -1 }, limit: 20 }).toArray()).map((document) => document._id);
    const wanted = () =>
      [...expected.values()]
        .filter((document) => document.tenant_id === 't1' && document.status === 'new')
        .sort((a, b) => (b.created_at as Date).getTime() - (a.created_at as Date).getTime())
        .slice(0, 20)
        .map((document) => document._id);
    let db = await openEmbeddedDatabase({ directory });
    await db.collection('leads').createIndex({ tenant_id: 1, created_at: -1 });
    await db.collection('leads').createIndex({ tenant_id: 1, status: 1 });
    const documents = Array.from({ length: 3000 }, (_, i) => ({ _id: `l${i}`, tenant_id: `t${i % 2}`, status: i % 3 ? 'new' : 'old', created_at: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % 3000) * 60_000) }));
    await db.collection('leads').insertMany(documents);
    for (const document of documents) expected.set(document._id, document);
    await db.close();

    // Reopening compacts: the next open loads a snapshot whose indexes keep their order.
    db = await openEmbeddedDatabase({ directory });
    expect(await list(db)).toEqual(wanted());
    for (let i = 0; i < 60; i++) {
      const id = `l${i * 41}`;
      await db.collection('leads').updateOne({ _id: id }, { $set: { status: 'new', created_at: new Date(Date.UTC(2027, 0, 1, 0, i)) } });
      expected.set(id, { ...(expected.get(id) as TDocument), status: 'new', created_at: new Date(Date.UTC(2027, 0, 1, 0, i)) });
    }
    await db.collection('leads').deleteMany({ _id: { $in: ['l2', 'l4', 'l8'] } });
    for (const id of ['l2', 'l4', 'l8']) expected.delete(id);
    await db.close();

    // Snapshot plus a short journal replayed through the indexes.
    db = await openEmbeddedDatabase({ directory });
    expect(await list(db)).toEqual(wanted());
    expect(await db.collection('leads').countDocuments({ tenant_id: 't1', status: 'new' })).toBe([...expected.values()].filter((document) => document.tenant_id === 't1' && document.status === 'new').length);
    await db.close();
  });

  it('ignores an unfinished snapshot left by a compaction that was killed', async () => {
    let db = await openEmbeddedDatabase({ directory });
    await db.collection('c').insertOne({ _id: 'a' });
    await db.close();
    writeFileSync(join(directory, 'snapshot-000099.ndjson.tmp'), '00000000 [{"c":"c","put":[{"_id":"ghost"}]}]\n');
    db = await openEmbeddedDatabase({ directory });
    expect(await db.collection('c').find({}).toArray()).toEqual([{ _id: 'a' }]);
    await db.close();
    expect(readdirSync(directory).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('lets one process own a directory: a second opener fails with a clear error', async () => {
    const db = await openEmbeddedDatabase({ directory });
    await expect(openEmbeddedDatabase({ directory })).rejects.toThrow(/already open by this process/);
    const child = spawn(process.execPath, [writer, directory, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(new RegExp(`already open by process ${process.pid}`));
    await db.close();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(join(directory, 'LOCK'), JSON.stringify({ pid: gone.pid, host: hostname() }));
    const db = await openEmbeddedDatabase({ directory });
    await db.collection('c').insertOne({ _id: 'a' });
    await db.close();
    expect(readdirSync(directory)).not.toContain('LOCK');
  });
});
