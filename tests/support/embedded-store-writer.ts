/**
 * Child process for the durability tests: opens the embedded store in the given directory and
 * writes forever, printing `ack <what>` after each acknowledged write, until it is killed.
 * Usage: node tests/support/embedded-store-writer.ts <directory> <first number>
 */
import { once } from 'node:events';
import { openEmbeddedDatabase } from '../../infra/store/embedded/embedded-database.ts';

const [directory, first] = process.argv.slice(2);
if (!directory || !first) throw new Error('usage: embedded-store-writer.ts <directory> <first number>');

// A small compaction threshold, so kills also land during compactions.
const db = await openEmbeddedDatabase({ directory, compactAfterBytes: 32 * 1024 });
const collection = db.collection('writes');
await collection.createIndex({ n: 1 }, { unique: true });
const document = (id: string, n: number) => ({ _id: id, n, at: new Date(n * 1000), nested: { at: new Date(n) }, payload: 'x'.repeat(200) });

/** stdout to a parent is a socket: when it is full, wait, or acks pile up unsent in memory. */
async function ack(line: string): Promise<void> {
  if (!process.stdout.write(`ack ${line}\n`)) await once(process.stdout, 'drain');
}

for (let n = Number(first); ; n += 2) {
  switch (n % 3) {
    case 0:
      await collection.insertOne(document(`a${n}`, n));
      await ack(`insert a${n}`);
      break;
    case 1:
      await collection.insertMany([document(`a${n}`, n), document(`b${n}`, n + 1)]);
      await ack(`insertMany a${n} b${n}`);
      break;
    default:
      await collection.insertOne(document(`a${n}`, n));
      await collection.updateOne({ _id: `a${n}` }, { $set: { updated: true } });
      await ack(`update a${n}`);
  }
}
