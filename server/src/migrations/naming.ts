/**
 * Migration file names as @databases/pg-migrations (the tool Electric's starter applies migrations with) reads them:
 * `.sql` files whose name starts with digits and `-` are migrations, ordered by that number; names starting with `_`
 * are ignored; any other `.sql` name is invalid. Pure: no file system here, so the language server and the CLI
 * share it.
 */

const INDEX_PREFIX = /^(\d+)-/;

/** True for the files pg-migrations considers at all (its `.sql` filter is case-sensitive, so is ours). */
export function isSqlFileName(name: string): boolean {
  return name.endsWith('.sql');
}

/** `_`-prefixed files are skipped by pg-migrations without complaint: a place for notes, seeds and drafts. */
export function isIgnoredMigrationName(name: string): boolean {
  return name.startsWith('_');
}

/** The numeric prefix of a migration name (`01-a.sql` → 1), or undefined when the name has none. */
export function migrationIndex(name: string): number | undefined {
  const match = INDEX_PREFIX.exec(name);
  return match ? Number.parseInt(match[1], 10) : undefined;
}

/**
 * Migration order: by numeric prefix, then by name so that the order is total even when two files share an index
 * (which `migration-duplicate-index` reports). Names without a prefix sort after numbered ones.
 */
export function compareMigrationNames(a: string, b: string): number {
  const ia = migrationIndex(a);
  const ib = migrationIndex(b);
  if (ia !== ib) {
    if (ia === undefined) return 1;
    if (ib === undefined) return -1;
    return ia - ib;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The last segment of a path written with `/` or `\`. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(cut + 1);
}

/**
 * A directory path in a comparable form: `/` separators, no `.` segments, no duplicate or trailing `/`.
 * Both sides of a comparison must be written the same way (both relative to one directory, or both absolute).
 */
export function normalizeDirectory(path: string): string {
  const absolute = path.startsWith('/') || path.startsWith('\\');
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  const joined = segments.join('/');
  return absolute ? `/${joined}` : joined;
}

/** The directory part of a path, normalised as `normalizeDirectory` does. */
export function directoryOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return normalizeDirectory(cut < 0 ? '' : cut === 0 ? '/' : path.slice(0, cut));
}
