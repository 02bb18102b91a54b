/**
 * What a rule family sees. The orchestrator (`language/lint.ts`) builds one `RuleContext` per linted file and
 * hands it to every family registered in `rules/index.ts`.
 *
 * Extension point: models derived from the whole migration set (the schema fold that schema-aware families need)
 * are computed once per lint run in `lint.ts` and added here as fields, not recomputed by each family.
 */
import type { ParsedFile } from '../syntax/parsed';
import type { ElectricVersion, Finding, SeveritySetting } from './types';

/** The settings that decide which rules apply and how loudly. */
export interface LintSettings {
  electricVersion: ElectricVersion;
  /** Severity overrides by rule id; `off` drops the rule. Rules not named keep their registry severity. */
  rules: Record<string, SeveritySetting>;
}

/**
 * How a file takes part in the migration set:
 * - `migration`: a numbered (`^\d+-`) file of the migrations directory, which pg-migrations applies in order;
 * - `misnamed`: another `.sql` name in the migrations directory, which pg-migrations never applies;
 * - `standalone`: a file named outside the migrations directory, linted as a migration set of its own.
 */
export type MigrationRole = 'migration' | 'misnamed' | 'standalone';

export interface MigrationFile {
  /** The path as shown to the user (and as reported in diagnostics). */
  path: string;
  /** The file name without its directory. */
  name: string;
  role: MigrationRole;
  /** The numeric prefix of the name, when it has one. */
  index?: number;
  parsed: ParsedFile;
}

export interface RuleContext {
  /** The file being checked. */
  file: MigrationFile;
  /**
   * The migration sequence the file belongs to, in migration order; `sequence[position] === file`. Schema state
   * "as of" a statement is the files before `position`, then the statements above it in `file`. A `migration`
   * sees every numbered file of the directory; a `standalone` file is a sequence of its own.
   */
  sequence: readonly MigrationFile[];
  position: number;
  /** Every linted file of the migrations directory (numbered and misnamed), for rules about the listing. */
  directory: readonly MigrationFile[];
  settings: LintSettings;
}

/** A rule family: one file of `rules/`, reporting the findings of its rules for one file. */
export type RuleFamily = (ctx: RuleContext) => Finding[];
