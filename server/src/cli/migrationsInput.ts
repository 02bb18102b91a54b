/**
 * What `apply` and `status` read before touching a database: the migrations directory (as lint finds it), its
 * layout (only pg-migrations folders are applied), the files' exact text, the lint settings, and the target.
 * Every problem here is an `InputError` (exit 2) and happens before any connection is made.
 */
import path from 'node:path';
import { resolveLintSettings } from '../config/config';
import type { MigrationsInput } from '../migrations/apply';
import { ApplyInputError, readApplyInput } from '../migrations/applyInput';
import { DEFAULT_MIGRATION_DIRECTORIES } from '../migrations/discover';
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
  let input;
  try {
    input = readApplyInput(directory, (absolute) => toDisplayPath(cwd, absolute));
  } catch (error) {
    if (error instanceof ApplyInputError) throw new InputError(error.message);
    throw error;
  }
  return { ...input, lint: resolveLintSettings(config, {}) };
}

/** The `TargetSpec` of `--pglite DIR` / `--database URL` / `--target`, with relative directories under cwd. */
export function targetSpec(database: DatabaseArgs, cwd: string): TargetSpec {
  if (database.kind === 'pglite') return { kind: 'pglite', dataDir: path.resolve(cwd, database.dir ?? DEFAULT_PGLITE_DIRECTORY) };
  return { kind: database.kind, url: database.url };
}
