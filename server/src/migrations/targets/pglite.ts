/**
 * PGlite (ElectricSQL's Postgres in WebAssembly, `@electric-sql/pglite`, version pinned in package.json because a
 * data directory opens only with the Postgres major version that wrote it) as a `Target`: the default target, with
 * nothing to install, and the throw-away database of dry runs.
 *
 * The module is imported lazily (`await import`), so that linting never pays for loading PGlite; the bundles carry
 * it, and scripts/build.mjs copies the WebAssembly and data files it reads at run time beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ApplyStartError, type Target } from '../target';
import { toDatabaseError } from './errors';
import { lockDirectory, type DirectoryLock } from './lockFile';

/**
 * Opens (creating when missing) the PGlite database in `dataDir`, after taking the directory's lock
 * (`lockFile.ts`): a directory another process has open fails at once with `ApplyStartError('locked')`.
 */
export async function openPgliteDirectory(dataDir: string): Promise<Target> {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lock = lockDirectory(dataDir);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const db = await createPglite(dataDir);
    return pgliteTarget(db, { description: `PGlite in ${dataDir}`, lock });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** A fresh in-memory PGlite, gone when closed: the database of dry runs. */
export async function openPgliteMemory(): Promise<Target> {
  return pgliteTarget(await createPglite(undefined), { description: 'a throw-away in-memory PGlite' });
}

/**
 * Throw-away in-memory databases for a caller that needs many (the editor validates on save): the first is
 * initialised as usual and snapshotted before use; the next ones are restored from the snapshot, which skips
 * initdb (about 0.5 s instead of 2–3 s). The snapshot (about 40 MB) lives as long as the returned object.
 */
export function pgliteScratchDatabases(): { open(): Promise<Target> } {
  let snapshot: Promise<Blob> | undefined;
  return {
    open: async () => {
      if (snapshot) {
        const template = await snapshot;
        return pgliteTarget(await createPglite(undefined, template), { description: 'a throw-away in-memory PGlite' });
      }
      const db = await createPglite(undefined);
      snapshot = db.dumpDataDir('none');
      snapshot.catch(() => {
        snapshot = undefined;
      });
      await snapshot.catch(() => undefined);
      return pgliteTarget(db, { description: 'a throw-away in-memory PGlite' });
    },
  };
}

/**
 * True when `dataDir` holds a PGlite database. Reading commands (status, dry run) do not create one: a missing
 * database has an empty history.
 */
export function pgliteDirectoryExists(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

async function createPglite(dataDir: string | undefined, template?: Blob): Promise<PGlite> {
  let module: typeof import('@electric-sql/pglite');
  try {
    // require, not import(): esbuild then bundles PGlite's CommonJS build, which finds its .wasm files from
    // __filename; its ESM build uses import.meta.url, which a CommonJS bundle does not have.
    module = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  } catch (error) {
    throw new ApplyStartError('unavailable', `PGlite could not be loaded: ${(error as Error).message}`);
  }
  try {
    return await module.PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), ...(template ? { loadDataDir: template } : {}) });
  } catch (error) {
    const where = dataDir === undefined ? 'an in-memory PGlite' : `the PGlite database in ${dataDir}`;
    throw new ApplyStartError('unavailable', `cannot open ${where}: ${(error as Error).message?.split('\n')[0] ?? String(error)}`);
  }
}

interface WrapOptions {
  description: string;
  lock?: DirectoryLock;
  /** False for an instance the caller owns (tests share one per file): `close()` leaves it open. */
  ownsDatabase?: boolean;
}

/**
 * An open PGlite instance as a `Target`. PGlite serves one session, so the advisory lock is trivially ours; the
 * directory lock is what keeps other processes out.
 */
export function pgliteTarget(db: PGlite, options: WrapOptions): Target {
  const owns = options.ownsDatabase ?? true;
  return {
    kind: 'pglite',
    description: options.description,
    exec: async (sql) => {
      try {
        await db.exec(sql);
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => {
      try {
        return (await db.query<Row>(sql, [...params])).rows;
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    tryLock: async () => true,
    close: async () => {
      try {
        if (owns && !db.closed) await db.close();
      } catch {
        // Closing is best effort; the lock below is what matters to the next opener.
      } finally {
        options.lock?.release();
      }
    },
  };
}
