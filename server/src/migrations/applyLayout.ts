/**
 * Is this a folder that `apply` may run? Only @databases/pg-migrations folders (Electric's starter: `NN-name.sql`,
 * `_`-prefixed files ignored) are applied. Another tool's folder gets a message naming the tool that applies it,
 * since applying it with pg-migrations' rules would run its files in the wrong order, or its rollbacks. Pure: the
 * caller lists the directory. (layout.ts classifies documents for linting; this is only the apply gate, and
 * should use its format detection once that exists.)
 */
import { isIgnoredMigrationName, migrationIndex } from './naming';

export interface DirectoryEntry {
  name: string;
  isDirectory: boolean;
}

export type LayoutVerdict = { kind: 'pg-migrations' } | { kind: 'refused'; message: string };

const SCRIPT_EXTENSIONS = /\.(?:js|mjs|cjs|jsx|ts|tsx)$/;

/** Judges a migrations directory from its entries; `shownDirectory` is how messages name it. */
export function judgeLayout(entries: readonly DirectoryEntry[], shownDirectory: string): LayoutVerdict {
  const files = entries.filter((e) => !e.isDirectory && !isIgnoredMigrationName(e.name)).map((e) => e.name);
  const directories = entries.filter((e) => e.isDirectory).map((e) => e.name);
  const sql = files.filter((n) => n.endsWith('.sql'));
  const misnamed = sql.filter((n) => migrationIndex(n) === undefined);
  const refuse = (message: string): LayoutVerdict => ({ kind: 'refused', message });

  if (directories.some((d) => /^\d{14}_/.test(d)) && sql.length === 0) {
    return refuse(`${shownDirectory} looks like a Prisma migrations folder (<timestamp>_<name>/migration.sql); apply it with "prisma migrate deploy"`);
  }
  if (misnamed.length > 0 && misnamed.every((n) => /^\d+_/.test(n))) {
    if (misnamed.some((n) => /\.(?:up|down)\.sql$/.test(n))) {
      return refuse(`${shownDirectory} looks like a golang-migrate folder (<n>_name.up.sql / .down.sql); apply it with "migrate -path ${shownDirectory} -database URL up"`);
    }
    if (directories.includes('meta')) {
      return refuse(`${shownDirectory} looks like a drizzle folder (NNNN_name.sql with meta/_journal.json); apply it with "drizzle-kit migrate"`);
    }
    return refuse(`${shownDirectory} looks like a dbmate folder (<n>_name.sql); apply it with "dbmate up"`);
  }
  if (misnamed.length > 0) {
    const list = misnamed.slice(0, 3).map((n) => `"${n}"`).join(', ') + (misnamed.length > 3 ? ', …' : '');
    return refuse(
      `${shownDirectory} holds .sql files that are not pg-migrations migrations (${list}): name them NN-name.sql, or ` +
        `prefix them with "_" to keep them unapplied (@databases/pg-migrations refuses such a folder too)`,
    );
  }
  const scripts = files.filter((n) => SCRIPT_EXTENSIONS.test(n) && !n.endsWith('.d.ts') && migrationIndex(n) !== undefined);
  if (scripts.length > 0) {
    return refuse(
      `${shownDirectory} holds JavaScript/TypeScript migrations ("${scripts[0]}"), which @databases/pg-migrations runs ` +
        `but this tool does not; apply this folder with "pg-migrations apply"`,
    );
  }
  return { kind: 'pg-migrations' };
}
