/**
 * What `apply` and `status` need before calling the engine: the migrations directory (found as lint finds it), how
 * paths are shown (relative to the working directory), the lint settings, and the target. Every problem here is an
 * `InputError` (exit 2) and happens before any connection is made; reading the folder is the engine's
 * (`migrations/engine.ts`), whose `ApplyInputError` is exit 2 as well.
 */
import { resolveLintSettings } from '../config/config';
import { DEFAULT_MIGRATION_DIRECTORIES } from '../migrations/discover';
import { resolveTarget, type EngineFolder } from '../migrations/engine';
import type { TargetSpec } from '../migrations/target';
import type { LintSettings } from '../rules/context';
import type { DatabaseArgs } from './args';
import { InputError, locateConfigAndDirectory, toDisplayPath } from './lintCommand';

export interface CliFolder extends EngineFolder {
  lint: LintSettings;
}

export function locateMigrations(dir: string | undefined, cwd: string): CliFolder {
  const { config, directory } = locateConfigAndDirectory({ dir }, cwd);
  if (!directory) {
    throw new InputError(
      `no migrations directory: none of ${DEFAULT_MIGRATION_DIRECTORIES.join(', ')} exists in ${cwd}; pass --dir DIR`,
    );
  }
  return { directory, display: (absolute) => toDisplayPath(cwd, absolute), lint: resolveLintSettings(config, {}) };
}

/** The `TargetSpec` of `--pglite DIR` / `--database URL` / `--target`, with relative directories under cwd. */
export function targetSpec(database: DatabaseArgs, cwd: string): TargetSpec {
  return resolveTarget(database.kind === 'pglite' ? { kind: 'pglite', directory: database.dir } : database, cwd);
}
