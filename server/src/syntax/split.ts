/**
 * Cuts a migration file into statements at `;`, the way psql does, so that each statement can be parsed on its own
 * (Ohm cannot back-reference a dollar-quote tag, and one bad statement must not hide the rest).
 *
 * A loop over char codes (at most two passes, see `splitStatements`): no regular expressions over the text, no
 * recursion, so hostile input (megabyte tokens, deep nesting, NUL bytes, lone surrogates) costs O(n).
 */
import type { Span } from './ast';
import type { Comment, SyntaxProblem } from './parsed';

/** One statement as the splitter sees it. */
export interface StatementSlice {
  /** First char of the statement's first token to the end of its last token: no `;`, whitespace or outer comments. */
  span: Span;
  /** Every `$tag$…$tag$` literal in the statement, delimiters included (file offsets). */
  dollarQuotes: Span[];
}

export interface SplitResult {
  statements: StatementSlice[];
  /** Every comment in the file, inside statements too, in order. */
  comments: Comment[];
  /**
   * An unterminated string, quoted identifier, dollar quote or block comment: its span is the opening delimiter.
   * Scanning stops there; the statement containing it is not in `statements`.
   */
  error?: SyntaxProblem;
}

const enum Ch {
  Tab = 9, Lf = 10, Cr = 13, Space = 32, Quote = 34, Dollar = 36, Amp = 38, Apos = 39, LParen = 40, RParen = 41,
  Star = 42, Dash = 45, Slash = 47, Zero = 48, Nine = 57, Semi = 59, Backslash = 92, Underscore = 95,
}

/**
 * Whitespace is what `String.prototype.trim` removes, a superset of Postgres' own: a BOM or a no-break space pasted
 * from a web page should not become the first "token" of a statement.
 */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === Ch.Space || (c >= Ch.Tab && c <= Ch.Cr);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === Ch.Underscore || c >= 0x80;
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

/** Identifier/number characters; `$` belongs to identifiers after the first char, which is why `a$b$c` is one word. */
function isWordChar(c: number): boolean {
  return (isLetter(c) || isDigit(c) || c === Ch.Dollar) && !isSpace(c);
}

/** Case-insensitive comparison of `text[start, end)` with a lower-case ASCII word, without allocating. */
function wordIs(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    // `| 0x20` folds A–Z onto a–z and maps no other identifier character onto a lower-case letter.
    if ((text.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** `> statement-breakpoint` after `--`, with nothing but blanks around. */
function isBreakpoint(text: string, start: number, end: number): boolean {
  return /^>\s*statement-breakpoint\s*$/.test(text.slice(start, Math.min(end, start + 64)));
}

function isRoutineWord(text: string, s: number, e: number): boolean {
  return wordIs(text, s, e, 'function') || wordIs(text, s, e, 'procedure');
}

/**
 * Index just past the closing quote of a `'…'`, `E'…'` or `"…"` token whose opening quote is at `open`,
 * or -1 when it is unterminated. A doubled quote is an escaped quote; in E-strings a backslash escapes any char.
 */
function quoteEnd(text: string, open: number, backslashes: boolean): number {
  const q = text.charCodeAt(open);
  const n = text.length;
  let j = open + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === Ch.Backslash && backslashes) j += 2;
    else if (c !== q) j++;
    else if (text.charCodeAt(j + 1) === q) j += 2;
    else return j + 1;
  }
  return -1;
}

/** Per-statement scanner state. */
interface Pending {
  /** Where scanning of this statement began (just after the previous `;`), for the fallback re-scan. */
  from: number;
  /** `comments.length` when it began, so a re-scan does not list a comment twice. */
  commentMark: number;
  start: number;
  end: number;
  dollarQuotes: Span[];
  parens: number;
  /** Depth of BEGIN ATOMIC … END (with nested BEGIN/CASE … END) in a CREATE FUNCTION/PROCEDURE. */
  atomic: number;
  /** A `;` was kept inside parentheses or BEGIN ATOMIC. */
  keptSemi: boolean;
  words: number;
  /** The leading words so far match CREATE [OR REPLACE] FUNCTION|PROCEDURE (`routine` once complete). */
  headMatches: boolean;
  routine: boolean;
  lastWordWasBegin: boolean;
}

function pending(from: number, commentMark: number): Pending {
  return {
    from, commentMark, start: -1, end: -1, dollarQuotes: [], parens: 0, atomic: 0, keptSemi: false,
    words: 0, headMatches: false, routine: false, lastWordWasBegin: false,
  };
}

/**
 * Splits `text` into statements. Besides quotes and comments, a `;` does not cut inside parentheses (psql's rule:
 * `CREATE RULE … DO (a; b)`) nor inside the `BEGIN ATOMIC … END` body of CREATE FUNCTION/PROCEDURE. Because an
 * unclosed `(` or BEGIN ATOMIC while typing would otherwise swallow the rest of the file into one broken statement,
 * a statement that reaches the end of the file (or an unterminated token) still nested after keeping a `;` is
 * re-scanned, and from there to the end of the file every `;` outside quotes and comments cuts. Scanning at most
 * twice keeps this linear.
 */
export interface SplitOptions {
  /** drizzle-kit's `--> statement-breakpoint` line comment ends a statement, as drizzle cuts its files there. */
  breakpoints?: boolean;
}

export function splitStatements(text: string, options: SplitOptions = {}): SplitResult {
  const n = text.length;
  const statements: StatementSlice[] = [];
  const comments: Comment[] = [];
  let nesting = true;
  let st = pending(0, 0);
  let i = 0;

  const token = (start: number, end: number, isBegin = false): void => {
    if (st.start < 0) st.start = start;
    st.end = end;
    st.lastWordWasBegin = isBegin;
  };

  const word = (s: number, e: number): void => {
    const pos = st.words++;
    if (pos === 0) st.headMatches = wordIs(text, s, e, 'create');
    else if (st.headMatches && !st.routine && pos <= 3) {
      if ((pos === 1 || pos === 3) && isRoutineWord(text, s, e)) st.routine = true;
      else st.headMatches = pos === 1 ? wordIs(text, s, e, 'or') : pos === 2 && wordIs(text, s, e, 'replace');
    }
    let isBegin = false;
    if (st.routine) {
      if (st.atomic === 0) {
        if (st.lastWordWasBegin && wordIs(text, s, e, 'atomic')) st.atomic = 1;
        else isBegin = wordIs(text, s, e, 'begin');
      } else if (wordIs(text, s, e, 'begin') || wordIs(text, s, e, 'case')) st.atomic++;
      else if (wordIs(text, s, e, 'end')) st.atomic--;
    }
    token(s, e, isBegin);
  };

  const cut = (): void => {
    if (st.start >= 0) statements.push({ span: { start: st.start, end: st.end }, dollarQuotes: st.dollarQuotes });
  };

  /** True when the current statement should be re-scanned without nesting (see `splitStatements`). */
  const fallBack = (): boolean => {
    if (!nesting || !st.keptSemi || (st.parens === 0 && st.atomic === 0)) return false;
    nesting = false;
    comments.length = st.commentMark;
    i = st.from;
    st = pending(i, comments.length);
    return true;
  };

  const unterminated = (start: number, end: number, message: string): SyntaxProblem =>
    ({ span: { start, end }, message, expected: [] });

  /** Consumes one token, comment or whitespace char at `i`; returns the problem when it is unterminated. */
  const step = (): SyntaxProblem | undefined => {
    const c = text.charCodeAt(i);
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;

    if (isSpace(c)) {
      i++;
    } else if (c === Ch.Dash && next === Ch.Dash) {
      let j = i + 2;
      while (j < n && text.charCodeAt(j) !== Ch.Lf && text.charCodeAt(j) !== Ch.Cr) j++;
      comments.push({ span: { start: i, end: j }, body: text.slice(i + 2, j), block: false });
      if (options.breakpoints && isBreakpoint(text, i + 2, j)) {
        cut();
        st = pending(j, comments.length);
      }
      i = j;
    } else if (c === Ch.Slash && next === Ch.Star) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        const d = text.charCodeAt(j);
        const e = text.charCodeAt(j + 1);
        if (d === Ch.Slash && e === Ch.Star) { depth++; j += 2; }
        else if (d === Ch.Star && e === Ch.Slash) { depth--; j += 2; }
        else j++;
      }
      if (depth > 0) return unterminated(i, i + 2, 'Unterminated /* comment');
      comments.push({ span: { start: i, end: j }, body: text.slice(i + 2, j - 2), block: true });
      i = j;
    } else if (c === Ch.Semi) {
      if (!nesting || (st.parens === 0 && st.atomic === 0)) {
        cut();
        st = pending(i + 1, comments.length);
      } else {
        st.keptSemi = true;
        token(i, i + 1);
      }
      i++;
    } else if (c === Ch.Apos || c === Ch.Quote) {
      const j = quoteEnd(text, i, false);
      if (j < 0) return unterminated(i, i + 1, c === Ch.Apos ? 'Unterminated string constant' : 'Unterminated quoted identifier');
      token(i, j);
      i = j;
    } else if (c === Ch.Dollar) {
      // A tag starts with a letter, so `$1` (a positional parameter) never opens a quote.
      let j = i + 1;
      if (j < n && isLetter(text.charCodeAt(j))) {
        j++;
        while (j < n && (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)))) j++;
      }
      if (j < n && text.charCodeAt(j) === Ch.Dollar) {
        const delimiter = text.slice(i, j + 1);
        const close = text.indexOf(delimiter, j + 1);
        if (close < 0) {
          // The tag goes into a message shown on hover: keep a pathological one short.
          const shown = delimiter.length > 40 ? `${delimiter.slice(0, 30)}…$` : delimiter;
          return unterminated(i, j + 1, `Unterminated dollar-quoted string ${shown}`);
        }
        const end = close + delimiter.length;
        st.dollarQuotes.push({ start: i, end });
        token(i, end);
        i = end;
      } else {
        // `$1` or a stray `$`. The text after it is scanned again as a word; a tag holds no `$`, so at most twice.
        token(i, i + 1);
        i++;
      }
    } else if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      // A one-letter word right before a quote is a string prefix: E'…' (backslash escapes), U&'…', U&"…".
      const prefix = j === i + 1 ? c | 0x20 : 0;
      const after = j < n ? text.charCodeAt(j) : -1;
      const quoteAt = prefix === 0x65 && after === Ch.Apos ? j
        : prefix === 0x75 && after === Ch.Amp && (text.charCodeAt(j + 1) === Ch.Apos || text.charCodeAt(j + 1) === Ch.Quote) ? j + 1
        : -1;
      if (quoteAt < 0) {
        word(i, j);
        i = j;
        return undefined;
      }
      const end = quoteEnd(text, quoteAt, prefix === 0x65);
      if (end < 0) {
        const isIdent = text.charCodeAt(quoteAt) === Ch.Quote;
        return unterminated(i, quoteAt + 1, isIdent ? 'Unterminated quoted identifier' : 'Unterminated string constant');
      }
      token(i, end);
      i = end;
    } else {
      if (c === Ch.LParen) st.parens++;
      else if (c === Ch.RParen && st.parens > 0) st.parens--;
      token(i, i + 1);
      i++;
    }
    return undefined;
  };

  for (;;) {
    let error: SyntaxProblem | undefined;
    while (i < n && !error) error = step();
    if (fallBack()) continue;
    if (error) return { statements, comments, error };
    cut();
    return { statements, comments };
  }
}
