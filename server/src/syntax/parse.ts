/**
 * The only caller of the Ohm grammar: cuts a file into statements, matches each one on its own (with a cache keyed
 * by the statement's text, so re-parsing after a keystroke costs one statement) and builds its AST.
 *
 * Where the grammar fails, Postgres' own parser (libpg-query, WASM) gives a second opinion: a statement it accepts
 * is valid but not modelled, and becomes an opaque `other` statement instead of a false syntax error. DDLX never
 * reaches it (Postgres cannot parse DDLX, and the grammar models all of it).
 */
import * as pg from 'libpg-query';
import { isDdlx, type Span, type Statement, type TypeName } from './ast';
import { buildNode, buildStatement, grammar } from './build';
import { compactStatement } from './compact';
import { describeFailure } from './syntaxErrors';
import type { ParsedFile, ParsedStatement, SyntaxProblem } from './parsed';
import { splitStatements } from './split';

/** Longer statements are not given to Ohm, whose memo table grows with the input (Postgres still judges them). */
export const MAX_MATCHED_STATEMENT_LENGTH = 200_000;
/** Deeper bracket nesting than this is not given to Ohm, whose recursion would exhaust the stack. */
export const MAX_NESTING_DEPTH = 256;

let pgReady: Promise<void> | undefined;
let pgLoaded = false;

/** Loads Postgres' parser (about 10 ms). Await it once before parsing; without it failures are never second-guessed. */
export function initParser(): Promise<void> {
  pgReady ??= pg.loadModule().then(() => {
    pgLoaded = true;
  });
  return pgReady;
}

interface StatementResult {
  ast?: Statement;
  error?: SyntaxProblem;
  fallback?: boolean;
}

const MAX_CACHED = 50_000;
const statementCache = new Map<string, StatementResult>();

/** Parses one migration file. Never throws. */
export function parseFile(text: string): ParsedFile {
  const split = splitStatements(text);
  const statements: ParsedStatement[] = [];
  const errors: SyntaxProblem[] = [];
  for (const slice of split.statements) {
    const statementText = text.slice(slice.span.start, slice.span.end);
    const relativeQuotes = slice.dollarQuotes.map((q) => ({ start: q.start - slice.span.start, end: q.end - slice.span.start }));
    const result = shift(parseStatementCached(statementText, relativeQuotes), slice.span.start);
    const parsed: ParsedStatement = { span: slice.span, text: statementText, ...result };
    if (parsed.error) errors.push(parsed.error);
    statements.push(parsed);
  }
  if (split.error) errors.push(split.error);
  return { text, statements, comments: split.comments, errors };
}

function parseStatementCached(text: string, dollarQuotes: Span[]): StatementResult {
  const cached = statementCache.get(text);
  if (cached) return cached;
  const result = parseStatement(text, dollarQuotes);
  if (statementCache.size >= MAX_CACHED) statementCache.clear();
  statementCache.set(text, result);
  return result;
}

/** Parses a type name as a column definition writes it (`character varying(5)`, `int[]`), or undefined. */
export function parseTypeName(text: string): TypeName | undefined {
  const compact = compactStatement(text.trim());
  const match = grammar.match(compact.text, 'TypeName');
  return match.succeeded() ? buildNode<TypeName>(match, text.trim(), 0, compact.map) : undefined;
}

/** Parses one statement (no trailing `;`); spans are relative to its text. Never throws. */
export function parseStatement(text: string, dollarQuotes: Span[] = []): StatementResult {
  try {
    return analyse(text, dollarQuotes);
  } catch (error) {
    return unanalysed(text, `The statement could not be analysed (${(error as Error).message})`);
  }
}

function analyse(text: string, dollarQuotes: Span[]): StatementResult {
  const compact = compactStatement(text, dollarQuotes);
  // Long strings, names and comments cost nothing once compacted; what is left decides whether Ohm can take it.
  if (compact.text.length > MAX_MATCHED_STATEMENT_LENGTH) {
    return tooLarge(text, compact.text, `The statement is too long to analyse (${compact.text.length} characters once comments and literals are set aside)`);
  }
  if (nestingDepth(compact.text) > MAX_NESTING_DEPTH) {
    return tooLarge(text, compact.text, `The statement nests brackets deeper than ${MAX_NESTING_DEPTH} levels`);
  }
  let match;
  try {
    match = grammar.match(compact.text, 'Statement');
  } catch (error) {
    return tooLarge(text, compact.text, `The statement could not be analysed (${(error as Error).message})`);
  }
  if (match.succeeded()) {
    let ast: Statement;
    try {
      ast = buildStatement(match, text, 0, compact.map);
    } catch (error) {
      return tooLarge(text, compact.text, `The statement could not be analysed (${(error as Error).message})`);
    }
    // The grammar keeps expressions, queries and DML tails opaque, so it accepts token soup there
    // (`VALUES ('a'` without its `)`); Postgres' own parser checks them.
    if (isDdlx(ast)) return { ast };
    const problem = postgresProblem(text);
    if (!problem) return { ast };
    // An unmodelled statement Postgres rejects (`CREATE TABEL …`): where the grammar's own view of the modelled
    // statements fails at least as far in, its "Expected …" list says more than Postgres' message.
    if (ast.kind === 'other') {
      const failure = describeFailure(grammar.match(compact.text, 'PgStatement'), text, compact.map);
      if (failure.span.start >= problem.span.start) return { error: failure };
    }
    return { error: problem };
  }
  if (postgresAccepts(text)) return { ast: opaqueStatement(text), fallback: true };
  return { error: describeFailure(match, text, compact.map) };
}

function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91) max = Math.max(max, ++depth);
    else if ((c === 41 || c === 93) && depth > 0) depth--;
  }
  return max;
}

/** Postgres' syntax error for a statement the grammar accepted, placed at Postgres' error position. */
function postgresProblem(text: string): SyntaxProblem | undefined {
  if (!postgresCanJudge(text)) return undefined;
  try {
    pg.parseSync(text);
    return undefined;
  } catch (error) {
    const { at, message } = postgresError(error, text);
    return { span: { start: at, end: at + tokenLength(text, at) }, message: `Expected valid SQL here: Postgres reports "${message}"`, expected: [] };
  }
}

function postgresError(error: unknown, text: string): { at: number; message: string } {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  return { at: utf16Offset(text, Math.max(0, details?.cursorPosition ?? 0)), message: (error as Error).message || 'syntax error' };
}

/** libpg-query's cursor counts code points; JavaScript offsets count UTF-16 units (astral characters are two). */
function utf16Offset(text: string, codePoints: number): number {
  let offset = 0;
  for (let n = 0; n < codePoints && offset < text.length; n++) {
    const c = text.charCodeAt(offset);
    offset += c >= 0xd800 && c <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return Math.min(offset, text.length);
}

function tokenLength(text: string, at: number): number {
  return at >= text.length ? 0 : firstWordLength(text.slice(at));
}

function postgresAccepts(text: string): boolean {
  if (!postgresCanJudge(text)) return false;
  try {
    pg.parseSync(text);
    return true;
  } catch {
    return false;
  }
}

/** Postgres' parser needs time quadratic in long operator runs (`+++…`): such input is left unjudged. */
const MAX_OPERATOR_RUN = 256;

function postgresCanJudge(text: string): boolean {
  if (!pgLoaded) return false;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = '+-*/<>=~!@#%^&|`?'.includes(text[i]) ? run + 1 : 0;
    if (run > MAX_OPERATOR_RUN) return false;
  }
  return true;
}

/** DDLX as Electric's proxy recognises it; Postgres cannot parse it, so it never gets a second opinion there. */
function looksLikeDdlx(compactText: string): boolean {
  return /^electric\b/.test(compactText) || /^alter table .*\b(?:enable|disable) electric$/s.test(compactText);
}

/** A statement Ohm is not given: Postgres decides (not for DDLX), and its error position places the diagnostic. */
function tooLarge(text: string, compactText: string, reason: string): StatementResult {
  if (looksLikeDdlx(compactText)) return unanalysed(text, reason);
  return judgeByPostgres(text, reason);
}

function unanalysed(text: string, reason: string): StatementResult {
  return { error: { span: { start: 0, end: Math.min(text.length, firstWordLength(text)) }, message: `${reason}.`, expected: [] } };
}

function judgeByPostgres(text: string, reason: string): StatementResult {
  if (!postgresCanJudge(text)) return unanalysed(text, reason);
  try {
    pg.parseSync(text);
    return { ast: opaqueStatement(text), fallback: true };
  } catch (error) {
    const { at, message } = postgresError(error, text);
    return { error: { span: { start: at, end: at + tokenLength(text, at) }, message: `${reason}; Postgres reports: ${message}`, expected: [] } };
  }
}

function firstWordLength(text: string): number {
  return /^[^\s(),;]*/.exec(text)?.[0].length || 1;
}

function opaqueStatement(text: string): Statement {
  const keywords = (text.match(/^[A-Za-z_]+(?:\s+[A-Za-z_]+){0,2}/)?.[0] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return { kind: 'other', keywords, span: { start: 0, end: text.length } };
}

/** A copy of `value` with every span moved by `delta` (cached results are stored relative to their statement). */
function shift<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shiftNode(value, delta) as T;
}

function shiftNode(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftNode(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if (typeof object.start === 'number' && typeof object.end === 'number' && Object.keys(object).length === 2) {
    return { start: object.start + delta, end: object.end + delta };
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object)) copy[key] = shiftNode(object[key], delta);
  return copy;
}
