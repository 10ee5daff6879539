import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One process owns a store directory. The lock file `LOCK` holds the owner's pid and host; it is
 * created atomically with its content (written to a private file, then hard-linked into place,
 * which fails if `LOCK` exists). A lock left by a process that no longer runs on this host is
 * taken over.
 */
export interface TDirectoryLock {
  release(): void;
}

interface TLockOwner {
  pid: number;
  host: string;
}

export class StoreLockedError extends Error {
  constructor(directory: string, owner: TLockOwner) {
    const who = owner.pid === process.pid && owner.host === hostname() ? 'this process' : `process ${owner.pid} on ${owner.host}`;
    super(
      `The embedded store in ${directory} is already open by ${who}. One process owns a store directory: stop the other one, ` +
        `or point this one at another DATA_DIR. If that process is gone, delete ${join(directory, 'LOCK')}.`,
    );
    this.name = 'StoreLockedError';
  }
}

export function acquireDirectoryLock(directory: string): TDirectoryLock {
  const path = join(directory, 'LOCK');
  const me: TLockOwner = { pid: process.pid, host: hostname() };
  const mine = join(directory, `LOCK.${process.pid}.tmp`);
  writeFileSync(mine, JSON.stringify(me));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(mine, path);
        return { release: () => releaseIfOwned(path, me) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = readOwner(path);
      if (owner && isAlive(owner)) throw new StoreLockedError(directory, owner);
      unlinkSync(path);
    }
    throw new StoreLockedError(directory, readOwner(path) ?? { pid: -1, host: 'unknown' });
  } finally {
    unlinkSync(mine);
  }
}

function readOwner(path: string): TLockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<TLockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host } : undefined;
  } catch {
    return undefined;
  }
}

/** Another host's process cannot be checked, so it counts as alive. */
function isAlive(owner: TLockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOwned(path: string, me: TLockOwner): void {
  const owner = readOwner(path);
  if (owner && owner.pid === me.pid && owner.host === me.host) unlinkSync(path);
}
