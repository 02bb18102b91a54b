/**
 * An exclusive lock on a PGlite data directory. PGlite is Postgres in single-user mode inside one process: two
 * processes (or two instances in one process) opening the same directory would corrupt it, and there is no server
 * to arbitrate. So every opener first takes `<dataDir>.lock`, a file beside the directory (inside it, it would stop
 * initdb, which wants an empty directory).
 *
 * The lock file is created atomically, complete, with `link()` (which fails when the name exists) and names its
 * holder: process id, host and start time. A lock whose holder process is gone (killed, crashed) is stale and is
 * taken over; to take it over safely when several processes find the same stale lock, the remover first takes a
 * short-lived `<dataDir>.lock.break` file and re-checks that the lock is still the stale one. A holder on another
 * host cannot be checked, so it always counts as alive.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { ApplyStartError } from '../target';

interface Holder {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface DirectoryLock {
  readonly path: string;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

/** A breaker older than this belongs to a process that died in the microseconds it holds one. */
const STALE_BREAKER_MS = 10_000;
const ATTEMPTS = 5;

export function lockFileOf(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.lock`;
}

/**
 * Takes the lock or throws `ApplyStartError('locked')` naming the holder. Never waits: a second applier must
 * fail at once.
 */
export function lockDirectory(dataDir: string): DirectoryLock {
  const lockPath = lockFileOf(dataDir);
  const me: Holder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token: crypto.randomUUID() };
  const content = JSON.stringify(me);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const candidate = `${lockPath}.${me.token}`;
    fs.writeFileSync(candidate, content, { flag: 'wx' });
    try {
      fs.linkSync(candidate, lockPath);
      return ownedLock(lockPath, me.token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(candidate, { force: true });
    }
    const seen = readLock(lockPath);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(seen);
    if (holder && isAlive(holder)) {
      throw new ApplyStartError(
        'locked',
        `another apply is running: it holds the lock on the PGlite directory ${dataDir} (process ${holder.pid} on ${holder.host}, ` +
          `since ${holder.since}); PGlite cannot be opened by two processes at once. If no such process runs, delete ${lockPath}`,
      );
    }
    breakStaleLock(lockPath, seen);
  }
  throw new ApplyStartError('locked', `another process keeps taking the lock on the PGlite directory ${dataDir} (${lockPath}); try again`);
}

function ownedLock(lockPath: string, token: string): DirectoryLock {
  let released = false;
  return {
    path: lockPath,
    release: () => {
      if (released) return;
      released = true;
      const current = readLock(lockPath);
      if (current !== undefined && parseHolder(current)?.token === token) fs.rmSync(lockPath, { force: true });
    },
  };
}

function readLock(lockPath: string): string | undefined {
  try {
    return fs.readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') {
      return { pid: value.pid, host: value.host, since: String(value.since ?? 'an unknown time'), token: value.token };
    }
  } catch {
    // Not our format: nothing can hold it, so it is stale.
  }
  return undefined;
}

function isAlive(holder: Holder): boolean {
  if (holder.host !== os.hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Removes `lockPath` if it still holds `staleContent`, under the breaker so that only one remover acts. */
function breakStaleLock(lockPath: string, staleContent: string): void {
  const breaker = `${lockPath}.break`;
  let fd: number;
  try {
    fd = fs.openSync(breaker, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - fs.statSync(breaker).mtimeMs > STALE_BREAKER_MS) fs.rmSync(breaker, { force: true });
    } catch {
      // Gone already.
    }
    return;
  }
  try {
    if (readLock(lockPath) === staleContent) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(breaker, { force: true });
  }
}
