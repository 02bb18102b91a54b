/**
 * The linter as one call: migration texts in, diagnostics out, shared by the CLI and `apply`'s lint gate. No file
 * system and no editor types here; callers read files and convert offsets at their edge.
 */
import type { LintSettings } from '../rules/context';
import type { Diagnostic } from '../rules/types';
import type { Parser } from '../syntax/parse';
import { MigrationWorkspace, type WorkspaceDocument } from './workspace';

export type { LintSettings } from '../rules/context';
export type MigrationDocument = WorkspaceDocument;

export interface LintOptions {
  /**
   * The migrations directory, written the way the documents' paths are (both relative to one directory, or both
   * absolute). Documents directly inside it form the migration sequence; others are linted each on their own.
   * When absent, every document is taken to be in the migrations directory; `null` says there is none, so every
   * document is linted on its own.
   */
  migrationsDirectory?: string | null;
  /** Which documents to report on (default: all). The others still serve as context for those reported. */
  report?: (path: string) => boolean;
}

/**
 * Lints a set of migration documents: every `.sql` file of the migrations directory, plus files named explicitly.
 * Returns diagnostics sorted by file, then position. `_`-prefixed files of the directory are ignored entirely, as
 * pg-migrations ignores them.
 */
export function lintMigrations(parser: Parser, documents: readonly MigrationDocument[], settings: LintSettings, options: LintOptions = {}): Diagnostic[] {
  const workspace = new MigrationWorkspace({ parser, settings, migrationsDirectory: options.migrationsDirectory });
  workspace.setDocuments(documents);
  workspace.analyse();
  return workspace.allDiagnostics(options.report);
}
