/**
 * The shape of a file for the editor: folding ranges (statements, comment blocks, dollar-quoted bodies), selection
 * ranges (word → name → clause → statement), and semantic tokens (tables, columns, roles, types, DDLX keywords).
 */
import { commandKeywordsSpan } from '../rules/ddlx';
import { isDdlx, type Span } from '../syntax/ast';
import { nodesAt } from '../syntax/visit';
import type { MigrationWorkspace } from './workspace';

export interface FoldingRegion {
  span: Span;
  kind: 'comment' | 'region';
}

/** Offsets of line starts, for "does this span cover more than one line". */
function lineOf(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

export function getFoldingRanges(workspace: MigrationWorkspace, path: string): FoldingRegion[] {
  const file = workspace.file(path);
  if (!file) return [];
  const line = lineOf(file.text);
  const regions: FoldingRegion[] = [];
  const multiLine = (span: Span) => line(span.end) > line(span.start);
  for (const statement of file.parsed.statements) if (multiLine(statement.span)) regions.push({ span: statement.span, kind: 'region' });
  for (const body of file.parsed.dollarQuotes) if (multiLine(body)) regions.push({ span: body, kind: 'region' });
  // Consecutive line comments fold as one block; a block comment over several lines folds alone.
  let run: Span | undefined;
  let runLines = 0;
  const flush = () => {
    if (run && runLines > 1) regions.push({ span: run, kind: 'comment' });
    run = undefined;
    runLines = 0;
  };
  for (const comment of file.parsed.comments) {
    if (comment.block) {
      flush();
      if (multiLine(comment.span)) regions.push({ span: comment.span, kind: 'comment' });
      continue;
    }
    if (run && line(comment.span.start) === line(run.end) + 1 && /^[ \t]*$/.test(file.text.slice(file.text.lastIndexOf('\n', comment.span.start - 1) + 1, comment.span.start))) {
      run = { start: run.start, end: comment.span.end };
      runLines++;
    } else {
      flush();
      run = comment.span;
      runLines = 1;
    }
  }
  flush();
  return regions.sort((a, b) => a.span.start - b.span.start);
}

/** For each offset, the spans that contain it, innermost first: the word, the AST nodes around it, the statement. */
export function getSelectionRanges(workspace: MigrationWorkspace, path: string, offsets: readonly number[]): Span[][] {
  const file = workspace.file(path);
  if (!file) return offsets.map(() => []);
  return offsets.map((offset) => {
    const spans: Span[] = [];
    const word = wordAt(file.text, offset);
    if (word) spans.push(word);
    const statement = file.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end);
    if (statement?.ast) for (const node of nodesAt(statement.ast, offset).reverse()) spans.push(node.span);
    if (statement) spans.push(statement.span);
    spans.push({ start: 0, end: file.text.length });
    // Each range must contain the one before it; drop repeats.
    const chain: Span[] = [];
    for (const span of spans) {
      const last = chain[chain.length - 1];
      if (last && (span.start > last.start || span.end < last.end)) continue;
      if (last && span.start === last.start && span.end === last.end) continue;
      chain.push(span);
    }
    return chain;
  });
}

function wordAt(text: string, offset: number): Span | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_$]/u.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  return end > start ? { start, end } : undefined;
}

export const SEMANTIC_TOKEN_TYPES = ['table', 'column', 'role', 'type', 'keyword'] as const;
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration'] as const;

export interface SemanticToken {
  span: Span;
  type: (typeof SEMANTIC_TOKEN_TYPES)[number];
  declaration: boolean;
}

/** Tokens in file order, never overlapping (a column inside a qualified name wins over its table). */
export function getSemanticTokens(workspace: MigrationWorkspace, path: string): SemanticToken[] {
  const file = workspace.file(path);
  if (!file) return [];
  const tokens: SemanticToken[] = file.occurrences.map((o) => ({ span: o.span, type: o.kind, declaration: o.definition }));
  for (const statement of file.parsed.statements) {
    const ast = statement.ast;
    if (!ast || !isDdlx(ast)) continue;
    tokens.push({ span: ast.keywordSpan, type: 'keyword', declaration: false });
    const command = commandKeywordsSpan(file.text, ast);
    if (command.start !== ast.keywordSpan.start || command.end !== ast.keywordSpan.end) {
      // `ELECTRIC GRANT`: the word after ELECTRIC; `ALTER TABLE t ENABLE ELECTRIC`: the pair after the name.
      const rest = command.start === ast.keywordSpan.start ? { start: ast.keywordSpan.end, end: command.end } : command;
      tokens.push({ span: trimmed(file.text, rest), type: 'keyword', declaration: false });
    }
  }
  tokens.sort((a, b) => a.span.start - b.span.start || (a.span.end - a.span.start) - (b.span.end - b.span.start));
  const kept: SemanticToken[] = [];
  for (const token of tokens) {
    const last = kept[kept.length - 1];
    if (last && token.span.start < last.span.end) {
      // Overlap: keep the smaller token (a column over the table part of its reference).
      if (token.span.end - token.span.start < last.span.end - last.span.start) kept[kept.length - 1] = token;
      continue;
    }
    if (token.span.end > token.span.start) kept.push(token);
  }
  return kept;
}

function trimmed(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
