/**
 * Which documents form the migration sequence, and in which order: the migrations directory's layout as
 * @databases/pg-migrations (Electric's starter) reads it. Pure: paths in, roles out; the CLI and the language server
 * read the files.
 */
import type { MigrationRole } from '../rules/context';
import { baseName, compareMigrationNames, directoryOf, isIgnoredMigrationName, migrationIndex, normalizeDirectory } from './naming';

/** The migration tools whose folder layouts the linter reads (product.md §3). */
export const MIGRATION_FORMATS = ['pg-migrations', 'dbmate', 'golang-migrate', 'prisma', 'drizzle'] as const;
export type MigrationFormat = (typeof MIGRATION_FORMATS)[number];

export function isMigrationFormat(value: unknown): value is MigrationFormat {
  return typeof value === 'string' && (MIGRATION_FORMATS as readonly string[]).includes(value);
}

export interface ClassifiedDocument {
  path: string;
  /** The file name without its directory. */
  name: string;
  role: MigrationRole;
  /** The numeric prefix of a name in the migrations directory. */
  index?: number;
}

/**
 * Gives each path its role. `migrationsDirectory` is written the way the paths are (both relative to one
 * directory, or both absolute); documents directly inside it form the sequence, others are linted on their own.
 * `undefined` puts every document in the migrations directory; `null` says there is none. `_`-prefixed files of the
 * directory are left out entirely, as pg-migrations ignores them. Duplicate paths count once.
 */
export function classifyDocuments(paths: readonly string[], migrationsDirectory: string | null | undefined): ClassifiedDocument[] {
  const directory = typeof migrationsDirectory === 'string' ? normalizeDirectory(migrationsDirectory) : migrationsDirectory;
  const seen = new Set<string>();
  const classified: ClassifiedDocument[] = [];
  for (const path of paths) {
    if (seen.has(path)) continue;
    seen.add(path);
    const name = baseName(path);
    const inDirectory = directory === undefined || (directory !== null && directoryOf(path) === directory);
    if (inDirectory && isIgnoredMigrationName(name)) continue;
    const index = migrationIndex(name);
    const role: MigrationRole = !inDirectory ? 'standalone' : index !== undefined ? 'migration' : 'misnamed';
    classified.push({ path, name, role, index: inDirectory ? index : undefined });
  }
  return classified;
}

/** The migration order of the sequence's documents. */
export function compareInSequence(a: ClassifiedDocument, b: ClassifiedDocument): number {
  return compareMigrationNames(a.name, b.name) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
