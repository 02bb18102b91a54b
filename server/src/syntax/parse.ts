/**
 * The only caller of the Ohm grammar: cuts a file into statements, matches each one on its own (with a cache keyed
 * by the statement's text, so re-parsing after a keystroke costs one statement) and builds its AST.
 *
 * Where the grammar fails, Postgres' own parser (libpg-query, WASM) gives a second opinion: a statement it accepts
 * is valid but not modelled, and becomes an opaque `other` statement instead of a false syntax error. DDLX never
 * reaches it (Postgres cannot parse DDLX, and the grammar models all of it).
 */
import { detachedCopy, LruCache } from '../util/lruCache';
import { isDdlx, type Span, type Statement, type TypeName } from './ast';
import { buildNode, buildStatement, grammar } from './build';
import { compactStatement } from './compact';
import { bracketDepth, MAX_DDLX_NESTING_DEPTH, MAX_NESTING_DEPTH } from './nesting';
import { containsNulByte, nulByteProblem, nulBytesAsSpaces } from './nulBytes';
import { describeFailure } from './syntaxErrors';
import type { ParsedFile, ParsedStatement, SyntaxProblem } from './parsed';
import { type SplitOptions, splitStatements } from './split';

/** Longer statements are not given to Ohm, whose memo table grows with the input (Postgres still judges them). */
export const MAX_MATCHED_STATEMENT_LENGTH = 200_000;
export { MAX_DDLX_NESTING_DEPTH, MAX_NESTING_DEPTH } from './nesting';

/** Postgres' own parser (libpg-query), as far as the second opinion needs it. */
export interface PostgresParser {
  /** Throws a syntax error (with `sqlDetails.cursorPosition`) when Postgres rejects the text. */
  parseSync(text: string): unknown;
}

export interface StatementResult {
  ast?: Statement;
  error?: SyntaxProblem;
  fallback?: boolean;
  /** Why a statement Postgres accepts was kept from the grammar (too long, too deep): it gets a warning. */
  notAnalysed?: string;
  /** Set when the analysis itself failed (a bug of ours): the statement still gets a diagnostic, never silence. */
  internalError?: string;
}

export interface ParserOptions {
  /**
   * Rethrow exceptions of the analysis (the AST builder above all) instead of turning them into a diagnostic:
   * tests run strict, so that a builder bug fails a test instead of quietly dropping the statement's rules.
   */
  strict?: boolean;
  /** Where internal errors are logged (the language server's log); they also become a diagnostic. */
  onInternalError?: (message: string, statementText: string) => void;
  /**
   * Budget of the statement cache, roughly in bytes: statement text plus a fixed cost per entry. Recently used
   * statements stay; a 1 MB statement edited on every keystroke pushes out its own old versions.
   */
  cacheSize?: number;
}

/** Machine-independent counters, for the tests that hold re-parsing to a budget. */
export interface ParserStats {
  /** Statements analysed (cache misses). */
  statementsParsed: number;
  /** Statements answered from the cache. */
  cacheHits: number;
}

/** Parses migration files one statement at a time, with a cache of statement results keyed by their text. */
export interface Parser {
  /** Parses one migration file. Never throws (unless strict). */
  parseFile(text: string, options?: SplitOptions): ParsedFile;
  /** Parses one statement (no trailing `;`); spans are relative to its text. Never throws (unless strict). */
  parseStatement(text: string, dollarQuotes?: Span[]): StatementResult;
  readonly stats: Readonly<ParserStats>;
}

const DEFAULT_CACHE_SIZE = 48 * 1024 * 1024;
/** What one cached entry costs beyond its text (the AST, the map entry), for the cache's budget. */
const ENTRY_OVERHEAD = 512;

/**
 * Creates a parser. Postgres' parser (libpg-query's WASM, compiled when first imported) is loaded here, lazily, so
 * that commands that never parse do not pay for it.
 */
export async function createParser(options: ParserOptions = {}): Promise<Parser> {
  const pg = await import('libpg-query');
  await pg.loadModule();
  return new StatementParser(pg, options);
}

/**
 * A parser over a given Postgres parser: for embedders that load libpg-query themselves, and for tests that need a
 * second opinion that fails in a particular way.
 */
export function parserWith(postgres: PostgresParser, options: ParserOptions = {}): Parser {
  return new StatementParser(postgres, options);
}

class StatementParser implements Parser {
  private readonly cache: LruCache<StatementResult>;
  readonly stats: ParserStats = { statementsParsed: 0, cacheHits: 0 };

  constructor(
    private readonly postgres: PostgresParser,
    private readonly options: ParserOptions,
  ) {
    this.cache = new LruCache(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  }

  parseFile(text: string, options: SplitOptions = {}): ParsedFile {
    if (containsNulByte(text)) return withNulBytesReported(text, this.parseFile(nulBytesAsSpaces(text), options));
    const split = splitStatements(text, options);
    const statements: ParsedStatement[] = [];
    const errors: SyntaxProblem[] = [];
    for (const slice of split.statements) {
      const statementText = text.slice(slice.span.start, slice.span.end);
      const relativeQuotes = slice.dollarQuotes.map((q) => ({ start: q.start - slice.span.start, end: q.end - slice.span.start }));
      const parsed = placed(slice.span, statementText, this.parseCached(statementText, relativeQuotes));
      if (parsed.error) errors.push(parsed.error);
      statements.push(parsed);
    }
    if (split.error) errors.push(split.error);
    return { text, statements, comments: split.comments, dollarQuotes: split.statements.flatMap((s) => s.dollarQuotes), errors };
  }

  parseStatement(text: string, dollarQuotes: Span[] = []): StatementResult {
    this.stats.statementsParsed++;
    try {
      return analyse(text, dollarQuotes, this.postgres);
    } catch (error) {
      if (this.options.strict) throw error;
      const message = (error as Error)?.stack ?? String(error);
      this.options.onInternalError?.(message, text);
      return internalError(text, (error as Error)?.message ?? String(error));
    }
  }

  private parseCached(text: string, dollarQuotes: Span[]): StatementResult {
    const cached = this.cache.get(text);
    if (cached) {
      this.stats.cacheHits++;
      return cached;
    }
    // The key and the AST's strings must not pin the file text the statement was cut from.
    const own = detachedCopy(text);
    const result = this.parseStatement(own, dollarQuotes);
    this.cache.set(own, result, own.length + ENTRY_OVERHEAD);
    return result;
  }
}

/** A file parsed with its NUL bytes read as spaces, given back its own text and an error at the first NUL. */
function withNulBytesReported(original: string, parsed: ParsedFile): ParsedFile {
  const problem = nulByteProblem(original)!;
  const errors = [...parsed.errors, problem].sort((a, b) => a.span.start - b.span.start);
  // Statements are fresh objects of this parse: each gets back its own text (the AST was built from the spaces).
  for (const statement of parsed.statements) statement.text = original.slice(statement.span.start, statement.span.end);
  return { ...parsed, text: original, errors };
}

/** Parses a type name as a column definition writes it (`character varying(5)`, `int[]`), or undefined. */
export function parseTypeName(text: string): TypeName | undefined {
  const compact = compactStatement(text.trim());
  const match = grammar.match(compact.text, 'TypeName');
  return match.succeeded() ? buildNode<TypeName>(match, text.trim(), 0, compact.map) : undefined;
}

function analyse(text: string, dollarQuotes: Span[], pg: PostgresParser): StatementResult {
  const compact = compactStatement(text, dollarQuotes);
  // Long strings, names and comments cost nothing once compacted; what is left decides whether Ohm can take it.
  if (compact.text.length > MAX_MATCHED_STATEMENT_LENGTH) {
    return notMatched(text, compact.text, `The statement is too long to analyse (${compact.text.length} characters once comments and literals are set aside)`, pg);
  }
  const ddlx = looksLikeDdlx(compact.text);
  const depthLimit = ddlx ? MAX_DDLX_NESTING_DEPTH : MAX_NESTING_DEPTH;
  if (bracketDepth(compact.text) > depthLimit) {
    const what = ddlx ? 'This DDLX statement' : 'The statement';
    return notMatched(text, compact.text, `${what} nests brackets deeper than ${depthLimit} levels, more than the analysis supports`, pg);
  }
  let match;
  try {
    match = grammar.match(compact.text, 'Statement');
  } catch (error) {
    // Ohm's recursion on deeply nested operator chains can still exhaust the stack below the bracket guard.
    if (!(error instanceof RangeError)) throw error;
    return notMatched(text, compact.text, `The statement is nested too deeply to analyse`, pg);
  }
  if (match.succeeded()) {
    // A builder exception is a bug of ours: it propagates (a logged internal error, or a failed strict test).
    // Only running out of stack on a deep but legal nesting is the input's doing.
    let ast: Statement;
    try {
      ast = buildStatement(match, text, 0, compact.map);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return notMatched(text, compact.text, `The statement is nested too deeply to analyse`, pg);
    }
    // The grammar keeps expressions, queries and DML tails opaque, so it accepts token soup there
    // (`VALUES ('a'` without its `)`); Postgres' own parser checks them.
    if (isDdlx(ast)) return { ast };
    const verdict = askPostgres(pg, text);
    if (verdict.kind !== 'rejected') return { ast };
    const problem = postgresProblem(text, verdict, 'Expected valid SQL here: Postgres reports "', '"');
    // An unmodelled statement Postgres rejects (`CREATE TABEL …`): where the grammar's own view of the modelled
    // statements fails at least as far in, its "Expected …" list says more than Postgres' message.
    if (ast.kind === 'other') {
      const failure = describeFailure(grammar.match(compact.text, 'PgStatement'), text, compact.map);
      if (failure.span.start >= problem.span.start) return { error: failure };
    }
    return { error: problem };
  }
  if (askPostgres(pg, text).kind === 'accepted') return { ast: opaqueStatement(text), fallback: true };
  return { error: describeFailure(match, text, compact.map) };
}

/** What Postgres' parser says about a statement: accepted, rejected at a position, or not asked. */
type PostgresVerdict = { kind: 'accepted' } | { kind: 'rejected'; at: number; message: string } | { kind: 'unjudged' };

function askPostgres(pg: PostgresParser, text: string): PostgresVerdict {
  if (!postgresCanJudge(text)) return { kind: 'unjudged' };
  try {
    pg.parseSync(text);
    return { kind: 'accepted' };
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    // Postgres' syntax errors come with details; anything else is a failure of the parser itself, not a verdict.
    if (!details && !/syntax error|unterminated|invalid|zero-length/i.test((error as Error)?.message ?? '')) throw error;
    const at = utf16Offset(text, Math.max(0, details?.cursorPosition ?? 0));
    return { kind: 'rejected', at, message: (error as Error).message || 'syntax error' };
  }
}

/** Postgres' syntax error as a problem placed at Postgres' error position. */
function postgresProblem(text: string, verdict: { at: number; message: string }, before: string, after: string): SyntaxProblem {
  const { at, message } = verdict;
  return { span: { start: at, end: at + tokenLength(text, at) }, message: `${before}${message}${after}`, expected: [] };
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

/** Postgres' parser needs time quadratic in long operator runs (`+++…`): such input is left unjudged. */
const MAX_OPERATOR_RUN = 256;

function postgresCanJudge(text: string): boolean {
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

/** A statement Ohm is not given (too long, too deep): Postgres decides (not for DDLX), and places the diagnostic. */
function notMatched(text: string, compactText: string, reason: string, pg: PostgresParser): StatementResult {
  if (looksLikeDdlx(compactText)) return unanalysed(text, reason);
  const verdict = askPostgres(pg, text);
  // Valid for Postgres, but the rules cannot see inside it: said so in a diagnostic, never silently.
  if (verdict.kind === 'accepted') return { ast: opaqueStatement(text), fallback: true, notAnalysed: reason };
  if (verdict.kind === 'rejected') return { error: postgresProblem(text, verdict, `${reason}; Postgres reports: `, '') };
  return unanalysed(text, reason);
}

function unanalysed(text: string, reason: string): StatementResult {
  return { error: { span: { start: 0, end: Math.min(text.length, firstWordLength(text)) }, message: `${reason}.`, expected: [] } };
}

function internalError(text: string, message: string): StatementResult {
  return {
    error: {
      span: { start: 0, end: Math.min(text.length, firstWordLength(text)) },
      message: `Internal error while analysing this statement (${message}); its rules were not checked. This is a bug in electric-migrations: please report it.`,
      expected: [],
    },
    internalError: message,
  };
}

function firstWordLength(text: string): number {
  return /^[^\s(),;]*/.exec(text)?.[0].length || 1;
}

function opaqueStatement(text: string): Statement {
  const keywords = (text.match(/^[A-Za-z_]+(?:\s+[A-Za-z_]+){0,2}/)?.[0] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return { kind: 'other', keywords, span: { start: 0, end: text.length } };
}

/**
 * A statement result placed in its file: cached results are relative to their statement, and the AST is moved to
 * the statement's offset only when someone reads it (an edit above a long file moves every statement below it, and
 * most of them are never looked at again).
 */
function placed(span: Span, text: string, result: StatementResult): ParsedStatement {
  const delta = span.start;
  const statement: ParsedStatement = { span, text };
  if (result.error) statement.error = shift(result.error, delta);
  if (result.fallback) statement.fallback = true;
  if (result.notAnalysed) statement.notAnalysed = result.notAnalysed;
  if (result.internalError) statement.internalError = result.internalError;
  const ast = result.ast;
  if (ast && delta === 0) statement.ast = ast;
  else if (ast) {
    let moved: Statement | undefined;
    Object.defineProperty(statement, 'ast', { enumerable: true, configurable: true, get: () => (moved ??= shift(ast, delta)) });
  }
  return statement;
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
