/**
 * The request handlers, each the same shape: locate the document's folder and file (analysis made current), call
 * the language service with offsets, convert the plain result to protocol types. Registered here; returns the
 * capabilities to announce (all of them, statically: no dynamic registration needed).
 */
import path from 'node:path';
import {
  type CancellationToken,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  type DocumentHighlight,
  DocumentHighlightKind,
  type DocumentSymbol,
  type FoldingRange,
  FoldingRangeKind,
  type Hover,
  InsertTextFormat,
  type Location,
  type Position,
  type SelectionRange,
  type SemanticTokens,
  type ServerCapabilities,
  SymbolKind,
  type SymbolInformation,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionKind } from '../language/completion';
import type { FileLocation } from '../language/navigation';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, type SemanticToken } from '../language/structure';
import type { OutlineKind, OutlineSymbol } from '../language/symbols';
import { nextMigrationFileName } from '../migrations/newMigration';
import type { Span } from '../syntax/ast';
import { toLspDiagnostic, toRange } from './convert';
import type { MigrationFolder } from './folder';
import { NewMigrationRequest, SchemaAtRequest } from './protocol';
import { folderResolver } from './publish';
import { findRuleDocumentation } from './ruleDocs';
import { runSafe } from './runSafe';
import type { ServerContext } from './server';
import { pathToUri, uriToPath } from './uris';

/** The client command a code lens runs to list a table's references (the VS Code client maps it to its peek view). */
export const SHOW_REFERENCES_COMMAND = 'electricMigrations.showReferences';

interface Target {
  folder: MigrationFolder;
  file: string;
  document: TextDocument;
}

export function registerFeatures(ctx: ServerContext): ServerCapabilities {
  const { connection, logger, service, documents } = ctx;
  const docsBase = findRuleDocumentation();

  /** The open document's folder and file, or undefined (unknown documents get an empty answer, not an error). */
  const target = (params: { textDocument?: { uri?: unknown } } | null | undefined): Target | undefined => {
    const uri = params?.textDocument?.uri;
    const located = ctx.locate(uri);
    const document = documents.get(uri);
    return located && document ? { ...located, document } : undefined;
  };
  const offsetOf = (document: TextDocument, position: Position | undefined) => document.offsetAt(isPosition(position) ? position : { line: 0, character: 0 });
  const handle = <P, R>(name: string, fallback: R, work: (params: P) => R) => (params: P, token: CancellationToken) => runSafe(logger, name, fallback, () => work(params), token);
  const resolverOf = (folder: MigrationFolder) => folderResolver(folder, documents, docsBase);
  /** Where the last completion of each document was asked, for resolving its items' documentation. */
  const lastCompletion = new Map<string, { path: string; offset: number }>();
  const locations = (folder: MigrationFolder, found: FileLocation[]): Location[] => {
    const resolver = resolverOf(folder);
    return found.flatMap((l) => {
      const document = resolver.document(l.file);
      return document ? [{ uri: resolver.uriOf(l.file), range: toRange(document, l.span) }] : [];
    });
  };

  connection.onCompletion(
    handle('completion', null as CompletionList | null, (params) => {
      const t = target(params);
      if (!t) return null;
      const result = service.doComplete(t.folder.workspace, t.file, offsetOf(t.document, params.position));
      if (!result) return null;
      const range = toRange(t.document, result.replace);
      // Hundreds of tables: with the client's support the edit range is given once (LSP 3.17 `itemDefaults`), and
      // each item's resolve data is its kind and name only; where it was asked is kept here, per document.
      const shared = ctx.completionDefaults();
      lastCompletion.set(t.document.uri, { path: t.file, offset: result.entries[0]?.data.offset ?? offsetOf(t.document, params.position) });
      const items = result.entries.map((e): CompletionItem => ({
        label: e.label,
        kind: COMPLETION_KINDS[e.kind],
        ...(e.detail ? { detail: e.detail } : {}),
        sortText: e.sortText,
        ...(e.filterText && e.filterText !== e.label ? { filterText: e.filterText } : {}),
        ...(shared.editRange ? (e.insertText !== e.label ? { textEditText: e.insertText } : {}) : { textEdit: { range, newText: e.insertText } }),
        ...(e.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
        ...(e.unsupported ? { tags: [CompletionItemTag.Deprecated] } : {}),
        data: { u: t.document.uri, k: e.data.kind, n: e.data.name },
      }));
      return {
        isIncomplete: false,
        ...(shared.editRange ? { itemDefaults: { editRange: range } } : {}),
        items,
      };
    }),
  );

  connection.onCompletionResolve(
    handle('completionItem/resolve', undefined as unknown as CompletionItem, (item: CompletionItem) => {
      const data = item?.data as { u?: string; k?: CompletionKind; n?: string } | undefined;
      const asked = typeof data?.u === 'string' ? lastCompletion.get(data.u) : undefined;
      const located = asked && data?.k && typeof data.n === 'string' ? ctx.locate(data.u) : undefined;
      const entry = located && asked ? { path: located.file, offset: asked.offset, kind: data!.k!, name: data!.n! } : undefined;
      const documentation = located && entry ? service.doResolve(located.folder.workspace, entry) : undefined;
      return documentation ? { ...item, documentation: { kind: 'markdown', value: documentation } } : item;
    }),
  );

  connection.onHover(
    handle('hover', null as Hover | null, (params) => {
      const t = target(params);
      if (!t) return null;
      const hover = service.doHover(t.folder.workspace, t.file, offsetOf(t.document, params.position));
      return hover ? { contents: { kind: 'markdown', value: hover.contents }, range: toRange(t.document, hover.span) } : null;
    }),
  );

  connection.onDefinition(
    handle('definition', [] as Location[], (params) => {
      const t = target(params);
      return t ? locations(t.folder, service.findDefinition(t.folder.workspace, t.file, offsetOf(t.document, params.position))) : [];
    }),
  );

  connection.onReferences(
    handle('references', [] as Location[], (params) => {
      const t = target(params);
      const include = params?.context?.includeDeclaration !== false;
      return t ? locations(t.folder, service.findReferences(t.folder.workspace, t.file, offsetOf(t.document, params.position), include)) : [];
    }),
  );

  connection.onDocumentHighlight(
    handle('documentHighlight', [] as DocumentHighlight[], (params) => {
      const t = target(params);
      if (!t) return [];
      return service.findDocumentHighlights(t.folder.workspace, t.file, offsetOf(t.document, params.position)).map((h) => ({
        range: toRange(t.document, h.span),
        kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      }));
    }),
  );

  connection.onDocumentSymbol(
    handle('documentSymbol', [] as DocumentSymbol[], (params) => {
      const t = target(params);
      if (!t) return [];
      const convert = (s: OutlineSymbol): DocumentSymbol => ({
        name: s.name || '(unnamed)',
        detail: s.detail,
        kind: OUTLINE_KINDS[s.kind],
        range: toRange(t.document, s.span),
        selectionRange: toRange(t.document, within(s.selection, s.span)),
        children: s.children.map(convert),
      });
      return service.findDocumentSymbols(t.folder.workspace, t.file).map(convert);
    }),
  );

  connection.onWorkspaceSymbol(
    handle('workspace/symbol', [] as SymbolInformation[], (params) => {
      const query = typeof params?.query === 'string' ? params.query : '';
      return ctx.folders.all().flatMap((folder) => {
        folder.workspace.analyse();
        const resolver = resolverOf(folder);
        return service.findWorkspaceSymbols(folder.workspace, query).flatMap((s): SymbolInformation[] => {
          const document = resolver.document(s.location.file);
          if (!document) return [];
          return [{ name: s.name, kind: s.kind === 'role' ? SymbolKind.Key : s.kind === 'view' ? SymbolKind.Interface : SymbolKind.Struct, location: { uri: resolver.uriOf(s.location.file), range: toRange(document, s.location.span) }, containerName: s.container }];
        });
      });
    }),
  );

  connection.onFoldingRanges(
    handle('foldingRange', [] as FoldingRange[], (params) => {
      const t = target(params);
      if (!t) return [];
      return service.getFoldingRanges(t.folder.workspace, t.file).flatMap((r): FoldingRange[] => {
        const start = t.document.positionAt(r.span.start).line;
        const end = t.document.positionAt(r.span.end).line;
        return end > start ? [{ startLine: start, endLine: end, kind: r.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region }] : [];
      });
    }),
  );

  connection.onSelectionRanges(
    handle('selectionRange', [] as SelectionRange[], (params) => {
      const t = target(params);
      if (!t || !Array.isArray(params.positions)) return [];
      const chains = service.getSelectionRanges(t.folder.workspace, t.file, params.positions.map((p) => offsetOf(t.document, p)));
      return chains.map((chain) => {
        let range: SelectionRange | undefined;
        for (const span of [...chain].reverse()) range = { range: toRange(t.document, span), ...(range ? { parent: range } : {}) };
        return range ?? { range: { start: params.positions[0], end: params.positions[0] } };
      });
    }),
  );

  connection.languages.semanticTokens.on(
    handle('semanticTokens', { data: [] } as SemanticTokens, (params) => {
      const t = target(params);
      return { data: t ? encodeTokens(t.document, service.getSemanticTokens(t.folder.workspace, t.file)) : [] };
    }),
  );

  connection.onCodeLens(
    handle('codeLens', [] as CodeLens[], (params) => {
      const t = target(params);
      if (!t) return [];
      const file = ctx.fileLens(t.folder, t.file);
      const top: CodeLens[] = file ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: file.title, command: file.command?.command ?? '', arguments: file.command?.arguments ?? [] } }] : [];
      return top.concat(service.getCodeLenses(t.folder.workspace, t.file).map((lens) => {
        const start = t.document.positionAt(lens.span.start);
        return {
          range: { start, end: start },
          command: { title: lens.title, command: SHOW_REFERENCES_COMMAND, arguments: [t.document.uri, t.document.positionAt(lens.name.start), locations(t.folder, lens.references)] },
        };
      }));
    }),
  );

  connection.onCodeAction(
    handle('codeAction', [] as CodeAction[], (params) => {
      const t = target(params);
      if (!t || !params?.range) return [];
      const range = { start: t.document.offsetAt(params.range.start), end: t.document.offsetAt(params.range.end) };
      const only = Array.isArray(params.context?.only) ? params.context.only : undefined;
      const resolver = resolverOf(t.folder);
      return service.getCodeActions(t.folder.workspace, t.file, range, only).map((action): CodeAction => ({
        title: action.title,
        kind: action.kind,
        diagnostics: action.diagnostics.map((d) => toLspDiagnostic(d, t.document, resolver)),
        ...(action.edits.length > 0 ? { edit: { changes: { [t.document.uri]: action.edits.map((e): TextEdit => ({ range: toRange(t.document, e.span), newText: e.newText })) } } } : {}),
        ...(action.command ? { command: action.command } : {}),
        ...(action.preferred ? { isPreferred: true } : {}),
      }));
    }),
  );

  connection.onRequest(SchemaAtRequest.method, (params: SchemaAtRequest.Params, token) =>
    runSafe(logger, 'schemaAt', null as SchemaAtRequest.Result | null, () => {
      const t = target(params);
      return t ? (service.schemaAt(t.folder.workspace, t.file, offsetOf(t.document, params.position)) ?? null) : null;
    }, token),
  );

  connection.onRequest(NewMigrationRequest.method, (params: NewMigrationRequest.Params, token) =>
    runSafe(logger, 'newMigration', null, () => newMigration(ctx, params), token),
  );

  return {
    completionProvider: { triggerCharacters: ['.', "'", '('], resolveProvider: true },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    semanticTokensProvider: { legend: { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] }, full: true },
    codeLensProvider: { resolveProvider: false },
    codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll'] },
  };
}

const COMPLETION_KINDS: Record<CompletionKind, CompletionItemKind> = {
  table: CompletionItemKind.Struct,
  view: CompletionItemKind.Interface,
  column: CompletionItemKind.Field,
  type: CompletionItemKind.TypeParameter,
  role: CompletionItemKind.Value,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

const OUTLINE_KINDS: Record<OutlineKind, SymbolKind> = {
  table: SymbolKind.Struct,
  view: SymbolKind.Interface,
  column: SymbolKind.Field,
  index: SymbolKind.Key,
  type: SymbolKind.Enum,
  value: SymbolKind.EnumMember,
  function: SymbolKind.Function,
  trigger: SymbolKind.Event,
  electric: SymbolKind.Event,
  statement: SymbolKind.Operator,
};

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

/** A selection range must lie inside the symbol's range. */
function within(inner: Span, outer: Span): Span {
  return inner.start >= outer.start && inner.end <= outer.end ? inner : outer;
}

/** LSP's relative encoding; a token that crosses a line break is cut into one token per line. */
function encodeTokens(document: TextDocument, tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let lastLine = 0;
  let lastChar = 0;
  const text = document.getText();
  for (const token of tokens) {
    let start = token.span.start;
    while (start < token.span.end) {
      const lineBreak = text.slice(start, token.span.end).search(/[\r\n]/);
      const end = lineBreak < 0 ? token.span.end : start + lineBreak;
      if (end > start) {
        const position = document.positionAt(start);
        const deltaLine = position.line - lastLine;
        data.push(deltaLine, deltaLine === 0 ? position.character - lastChar : position.character, end - start, SEMANTIC_TOKEN_TYPES.indexOf(token.type), token.declaration ? 1 : 0);
        lastLine = position.line;
        lastChar = position.character;
      }
      start = end;
      while (start < token.span.end && /[\r\n]/.test(text[start])) start++;
    }
  }
  return data;
}

function newMigration(ctx: ServerContext, params: NewMigrationRequest.Params): NewMigrationRequest.Result | null {
  const name = typeof params?.name === 'string' ? params.name : '';
  const wanted = uriToPath(params?.folderUri);
  const candidates = ctx.folders.workspaceFolders().filter((f) => f.directory !== undefined);
  const folder = (wanted ? candidates.find((f) => f.root === wanted || f.contains(wanted)) : undefined) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!folder?.directory) return null;
  folder.workspace.analyse();
  const names = folder.workspace.allFiles().filter((f) => f.role !== 'standalone').map((f) => f.name);
  const fileName = nextMigrationFileName(names, name);
  return { uri: pathToUri(path.join(folder.directory, fileName)), fileName, content: `-- ${name.trim() || fileName}\n` };
}
