/**
 * The language service facade (vscode-css-languageservice's `getCSSLanguageService()` shape): one object that owns
 * the parser and its caches, creates workspaces, and answers every feature with offsets and plain types. The CLI
 * and the language server both go through it; the LSP layer converts to protocol types once, at its edge.
 */
import type { LintSettings } from '../rules/context';
import type { Diagnostic } from '../rules/types';
import { createParser, type Parser, type ParserOptions } from '../syntax/parse';
import type { ParsedFile } from '../syntax/parsed';
import { lintMigrations, type LintOptions, type MigrationDocument } from './lint';
import { MigrationWorkspace, type WorkspaceOptions } from './workspace';

export interface MigrationService {
  readonly parser: Parser;
  /** A workspace: one migration set, kept up to date incrementally. */
  createWorkspace(options: Omit<WorkspaceOptions, 'parser'>): MigrationWorkspace;
  /**
   * Lints documents in one go. `preparsed` holds files parsed elsewhere (the CLI's worker threads), by text.
   */
  lint(documents: readonly MigrationDocument[], settings: LintSettings, options?: LintOptions & { preparsed?: ReadonlyMap<string, ParsedFile> }): Diagnostic[];
}

export type MigrationServiceOptions = ParserOptions;

/** Creates the service; loads Postgres' parser (the second opinion on statements the grammar does not model). */
export async function createMigrationService(options: MigrationServiceOptions = {}): Promise<MigrationService> {
  const parser = await createParser(options);
  return {
    parser,
    createWorkspace: (workspaceOptions) => new MigrationWorkspace({ ...workspaceOptions, parser }),
    lint(documents, settings, lintOptions = {}) {
      const { preparsed, ...rest } = lintOptions;
      const source: Parser = preparsed
        ? { parseFile: (text) => preparsed.get(text) ?? parser.parseFile(text), parseStatement: (t, q) => parser.parseStatement(t, q), stats: parser.stats }
        : parser;
      return lintMigrations(source, documents, settings, rest);
    },
  };
}
