/**
 * The language service facade (vscode-css-languageservice's `getCSSLanguageService()` shape): one object that owns
 * the parser and its caches, creates workspaces, and answers every feature with offsets and plain types. The CLI
 * and the language server both go through it; the LSP layer converts to protocol types once, at its edge.
 */
import type { LintSettings } from '../rules/context';
import type { Diagnostic } from '../rules/types';
import type { Span } from '../syntax/ast';
import { createParser, type Parser, type ParserOptions } from '../syntax/parse';
import type { ParsedFile } from '../syntax/parsed';
import { type CodeActionInfo, getCodeActions } from './codeActions';
import { type CodeLensInfo, getCodeLenses } from './codeLens';
import { type CompletionData, type CompletionResult, doComplete, doResolve } from './completion';
import { doHover, type HoverResult } from './hover';
import { withPreparsed } from './preparsed';
import { lintMigrations, type LintOptions, type MigrationDocument } from './lint';
import { type FileLocation, findDefinition, findDocumentHighlights, findReferences, type Highlight } from './navigation';
import { type SchemaDocument, schemaDocumentAt } from './schemaDocument';
import { type FoldingRegion, getFoldingRanges, getSelectionRanges, getSemanticTokens, type SemanticToken } from './structure';
import { findDocumentSymbols, findWorkspaceSymbols, type OutlineSymbol, type WorkspaceSymbol } from './symbols';
import { MigrationWorkspace, type WorkspaceOptions } from './workspace';

export interface MigrationService {
  readonly parser: Parser;
  /** A workspace: one migration set, kept up to date incrementally. */
  createWorkspace(options: Omit<WorkspaceOptions, 'parser'>): MigrationWorkspace;
  /** Lints documents in one go. `preparsed` holds files parsed elsewhere (the CLI's worker threads), by text. */
  lint(documents: readonly MigrationDocument[], settings: LintSettings, options?: LintOptions & { preparsed?: ReadonlyMap<string, ParsedFile> }): Diagnostic[];

  // Every feature below takes a workspace whose analysis is current, a file's display path and offsets.
  doValidation(workspace: MigrationWorkspace, path: string): readonly Diagnostic[];
  doComplete(workspace: MigrationWorkspace, path: string, offset: number): CompletionResult | undefined;
  doResolve(workspace: MigrationWorkspace, data: CompletionData): string | undefined;
  doHover(workspace: MigrationWorkspace, path: string, offset: number): HoverResult | undefined;
  findDefinition(workspace: MigrationWorkspace, path: string, offset: number): FileLocation[];
  findReferences(workspace: MigrationWorkspace, path: string, offset: number, includeDeclaration: boolean): FileLocation[];
  findDocumentHighlights(workspace: MigrationWorkspace, path: string, offset: number): Highlight[];
  findDocumentSymbols(workspace: MigrationWorkspace, path: string): OutlineSymbol[];
  findWorkspaceSymbols(workspace: MigrationWorkspace, query: string): WorkspaceSymbol[];
  getFoldingRanges(workspace: MigrationWorkspace, path: string): FoldingRegion[];
  getSelectionRanges(workspace: MigrationWorkspace, path: string, offsets: readonly number[]): Span[][];
  getSemanticTokens(workspace: MigrationWorkspace, path: string): SemanticToken[];
  getCodeActions(workspace: MigrationWorkspace, path: string, range: Span, only?: readonly string[]): CodeActionInfo[];
  getCodeLenses(workspace: MigrationWorkspace, path: string): CodeLensInfo[];
  schemaAt(workspace: MigrationWorkspace, path: string, offset: number): SchemaDocument | undefined;
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
      const source: Parser = preparsed ? withPreparsed(parser, preparsed) : parser;
      return lintMigrations(source, documents, settings, rest);
    },
    doValidation: (workspace, path) => workspace.diagnostics(path),
    doComplete,
    doResolve,
    doHover,
    findDefinition,
    findReferences,
    findDocumentHighlights,
    findDocumentSymbols,
    findWorkspaceSymbols,
    getFoldingRanges,
    getSelectionRanges,
    getSemanticTokens,
    getCodeActions,
    getCodeLenses,
    schemaAt: schemaDocumentAt,
  };
}
