/**
 * The linter as one call: migration texts in, diagnostics out, shared by the CLI and `apply`'s lint gate. No file
 * system and no editor types here; callers read files and convert offsets at their edge.
 */
import type { LayoutFolder, MigrationFormat } from '../migrations/layout';
import type { LintSettings } from '../rules/context';
import type { Diagnostic } from '../rules/types';
import type { Parser } from '../syntax/parse';
import type { CheckStore } from './checkStore';
import { MigrationWorkspace, type WorkspaceDocument, type WorkspaceStats } from './workspace';

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
  /** The migrations directory's layout; undefined: detected. */
  migrationFormat?: MigrationFormat;
  /** Context folders (written like the documents' paths), folded first, with syntax diagnostics only. */
  contextDirectories?: readonly LayoutFolder[];
  /** Which documents to report on (default: all). The others still serve as context for those reported. */
  report?: (path: string) => boolean;
  /** Findings of earlier runs (the CLI's cache). */
  checkStore?: CheckStore;
}

/**
 * Lints a set of migration documents: every `.sql` file of the migrations directory, plus files named explicitly.
 * Returns diagnostics sorted by file, then position. `_`-prefixed files of the directory are ignored entirely, as
 * pg-migrations ignores them.
 */
export function lintMigrations(parser: Parser, documents: readonly MigrationDocument[], settings: LintSettings, options: LintOptions = {}): Diagnostic[] {
  return lintWithStats(parser, documents, settings, options).diagnostics;
}

/** `lintMigrations`, with the workspace's counters (files checked, files taken from the check store). */
export function lintWithStats(
  parser: Parser,
  documents: readonly MigrationDocument[],
  settings: LintSettings,
  options: LintOptions = {},
): { diagnostics: Diagnostic[]; stats: WorkspaceStats } {
  const workspace = new MigrationWorkspace({
    parser,
    settings,
    migrationsDirectory: options.migrationsDirectory,
    migrationFormat: options.migrationFormat,
    contextDirectories: options.contextDirectories,
    checkStore: options.checkStore,
  });
  workspace.setDocuments(documents);
  workspace.analyse();
  return { diagnostics: workspace.allDiagnostics(options.report), stats: { ...workspace.stats } };
}
