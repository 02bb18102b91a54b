/**
 * Finding the migrations directory and its files on disk. The naming rules themselves are pure and live in
 * `naming.ts` (re-exported here so callers have one place to import from).
 */
import fs from 'node:fs';
import path from 'node:path';
import { compareMigrationNames, isSqlFileName } from './naming';

export {
  baseName,
  compareMigrationNames,
  directoryOf,
  isIgnoredMigrationName,
  isSqlFileName,
  migrationIndex,
  normalizeDirectory,
} from './naming';

/** Where Electric's starter and most projects keep migrations, in the order they are tried. */
export const DEFAULT_MIGRATION_DIRECTORIES = ['db/migrations', 'migrations'] as const;

/** How the migrations directory was chosen, so error messages can say which input named a missing directory. */
export type DirectorySource = 'option' | 'config' | 'default';

export interface MigrationsDirectory {
  /** Absolute path. */
  path: string;
  source: DirectorySource;
}

export interface DirectoryRequest {
  cwd: string;
  /** `--dir`, relative to cwd. */
  dir?: string;
  /** The config's `migrationsDirectory`, relative to the config file's directory. */
  configured?: { migrationsDirectory: string; configFile: string };
}

/** The directory was named (by `--dir` or the config file) but does not exist or is not a directory. */
export class MissingDirectoryError extends Error {
  constructor(
    readonly directory: string,
    readonly source: DirectorySource,
    message: string,
  ) {
    super(message);
    this.name = 'MissingDirectoryError';
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The migrations directory: `--dir`, else the config's `migrationsDirectory` (relative to the config file), else
 * the first of `db/migrations`, `migrations` under cwd that exists. Undefined when nothing names one and no
 * default exists; throws `MissingDirectoryError` when an explicitly named directory is missing.
 */
export function resolveMigrationsDirectory(request: DirectoryRequest): MigrationsDirectory | undefined {
  if (request.dir !== undefined) {
    const dir = path.resolve(request.cwd, request.dir);
    if (!isDirectory(dir)) {
      throw new MissingDirectoryError(dir, 'option', `migrations directory not found: ${request.dir}`);
    }
    return { path: dir, source: 'option' };
  }
  if (request.configured) {
    const { migrationsDirectory, configFile } = request.configured;
    const dir = path.resolve(path.dirname(configFile), migrationsDirectory);
    if (!isDirectory(dir)) {
      throw new MissingDirectoryError(
        dir,
        'config',
        `migrations directory not found: ${dir} (migrationsDirectory in ${configFile})`,
      );
    }
    return { path: dir, source: 'config' };
  }
  for (const candidate of DEFAULT_MIGRATION_DIRECTORIES) {
    const dir = path.resolve(request.cwd, candidate);
    if (isDirectory(dir)) return { path: dir, source: 'default' };
  }
  return undefined;
}

/**
 * The files of a migrations (or context) folder that any layout may read, as absolute paths: the `.sql` files directly
 * inside it, and Prisma's `<folder>/migration.sql` (and `down.sql`) one level down. Symbolic links are followed.
 */
export function listMigrationFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    const folder = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(file));
    if (folder && !isSqlFileName(entry.name)) {
      for (const inner of ['migration.sql', 'down.sql']) if (isFile(path.join(file, inner))) files.push(path.join(file, inner));
    } else if (isSqlFileName(entry.name)) files.push(file);
  }
  return files.sort();
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The `.sql` files directly inside `dir` (absolute paths), in migration order. `_`-prefixed files are included:
 * callers decide what ignoring them means (the linter skips them; a listing for the user may show them).
 */
export function listSqlFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && isSqlFileName(entry.name))
    .map((entry) => entry.name)
    .sort(compareMigrationNames)
    .map((name) => path.join(dir, name));
}
