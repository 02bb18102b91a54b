import type { Span, Statement } from './ast';

/** A `--` or `/* … *\/` comment, as the splitter found it. */
export interface Comment {
  span: Span;
  /** The comment's text without its delimiters (`--`, `/*`, `*\/`). */
  body: string;
  block: boolean;
}

/** A syntax error: `span` is the token at the rightmost failure, `expected` the alternatives in words. */
export interface SyntaxProblem {
  span: Span;
  message: string;
  expected: string[];
}

/** One statement of a file: its text span (no trailing `;`), and either its AST or the reason it has none. */
export interface ParsedStatement {
  span: Span;
  text: string;
  ast?: Statement;
  error?: SyntaxProblem;
  /**
   * True when the Ohm grammar failed but Postgres' own parser accepted the statement, so it is kept as an opaque
   * `other` statement (coverage of the grammar is measured by counting these).
   */
  fallback?: boolean;
  /**
   * Set (to the reason) when the statement was too long or too deeply nested for the grammar and Postgres accepted
   * it: it is opaque to the rules, which the `statement-not-analysed` warning says.
   */
  notAnalysed?: string;
  /** The analysis failed (a bug of ours); `error` says so to the user. */
  internalError?: string;
}

export interface ParsedFile {
  text: string;
  statements: ParsedStatement[];
  comments: Comment[];
  /** Dollar-quoted strings (`$$ … $$`, function bodies), as the splitter found them. */
  dollarQuotes: Span[];
  /** Syntax errors of statements and of the splitter (unterminated strings, quotes, comments), in order. */
  errors: SyntaxProblem[];
}
