/**
 * What `apply` and `status` read before touching a database: the migrations directory (as lint finds it), its
 * layout (only pg-migrations folders are applied), the files' exact text, the lint settings, and the target.
 * Every problem here is an `InputError` (exit 2) and happens before any connection is made.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveLintSettings } from '../config/config';
import type { MigrationsInput } from '../migrations/apply';
import { DEFAULT_MIGRATION_DIRECTORIES, isIgnoredMigrationName, isSqlFileName, migrationIndex } from '../migrations/discover';
import { judgeLayout } from '../migrations/applyLayout';
import { describeFsError, pathKind } from '../migrations/readText';
import type { MigrationSource } from '../migrations/plan';
import type { TargetSpec } from '../migrations/target';
import type { LintSettings } from '../rules/context';
import type { DatabaseArgs } from './args';
import { InputError, locateConfigAndDirectory, toDisplayPath } from './lintCommand';

/** Where the default PGlite database lives, under the working directory (git-ignored in this repository). */
export const DEFAULT_PGLITE_DIRECTORY = '.electric-migrations/pglite';

export interface LoadedMigrations extends MigrationsInput {
  lint: LintSettings;
  /** The files' texts by display path, to place diagnostics at lines and columns. */
  texts: Map<string, string>;
}

export function loadMigrations(dir: string | undefined, cwd: string): LoadedMigrations {
  const { config, directory } = locateConfigAndDirectory({ dir }, cwd);
  if (!directory) {
    throw new InputError(
      `no migrations directory: none of ${DEFAULT_MIGRATION_DIRECTORIES.join(', ')} exists in ${cwd}; pass --dir DIR`,
    );
  }
  const shownDirectory = toDisplayPath(cwd, directory);
  const entries = listEntries(directory, shownDirectory || '.');
  const verdict = judgeLayout(entries, shownDirectory || '.');
  if (verdict.kind === 'refused') throw new InputError(verdict.message);

  const files: MigrationSource[] = [];
  const texts = new Map<string, string>();
  for (const entry of entries) {
    if (entry.isDirectory || !isSqlFileName(entry.name) || isIgnoredMigrationName(entry.name)) continue;
    const index = migrationIndex(entry.name);
    if (index === undefined) continue;
    const absolute = path.join(directory, entry.name);
    const shown = toDisplayPath(cwd, absolute);
    const kind = pathKind(absolute);
    if (kind !== 'file') throw new InputError(`cannot read ${shown}: ${kind === 'broken-link' ? 'a broken symbolic link' : kind === 'loop' ? 'too many levels of symbolic links' : kind === 'missing' ? 'no such file' : 'not a regular file'}`);
    let script: string;
    try {
      // As pg-migrations reads it (a byte-order mark kept): the history compares this text.
      script = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read ${shown}: ${describeFsError(error)}`);
    }
    files.push({ path: shown, name: entry.name, index, script });
    texts.set(shown, script.replace(/^\uFEFF/, ''));
  }
  return { files, directory: shownDirectory, texts, lint: resolveLintSettings(config, {}) };
}

/**
 * The directory's entries as pg-migrations sees them: it stats every name, so a symbolic link counts as what it
 * points to. A link that cannot be followed counts as a file, so that reading it reports the problem.
 */
function listEntries(directory: string, shown: string): Array<{ name: string; isDirectory: boolean }> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new InputError(`cannot read ${shown}: ${describeFsError(error)}`);
  }
  return entries.flatMap((e) => {
    if (e.isFile() || e.isDirectory()) return [{ name: e.name, isDirectory: e.isDirectory() }];
    if (!e.isSymbolicLink()) return [];
    try {
      const stat = fs.statSync(path.join(directory, e.name));
      return stat.isFile() || stat.isDirectory() ? [{ name: e.name, isDirectory: stat.isDirectory() }] : [];
    } catch {
      return [{ name: e.name, isDirectory: false }];
    }
  });
}

/** The `TargetSpec` of `--pglite DIR` / `--database URL` / `--target`, with relative directories under cwd. */
export function targetSpec(database: DatabaseArgs, cwd: string): TargetSpec {
  if (database.kind === 'pglite') return { kind: 'pglite', dataDir: path.resolve(cwd, database.dir ?? DEFAULT_PGLITE_DIRECTORY) };
  return { kind: database.kind, url: database.url };
}
