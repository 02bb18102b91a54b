/**
 * What the grammar actually reads: a statement with its ASCII letters lower-cased (keywords are plain terminals,
 * much cheaper in Ohm than case-insensitive ones), every comment and whitespace run collapsed to one space, and
 * the contents of string constants and quoted names dropped (`'…'` → `''`, `$tag$…$tag$` → `$$`, `"…"` → `""`). Ohm's cost grows with every
 * character it steps over, and none of those characters change the parse. Names and literals are read back from
 * the original text through `PositionMap`.
 */
import type { Span } from './ast';

/** Maps offsets in the compact text back to the original statement. */
export class PositionMap {
  constructor(
    private readonly compactStarts: number[],
    private readonly originalStarts: number[],
  ) {}

  original(position: number): number {
    const starts = this.compactStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return this.originalStarts[lo] + (position - starts[lo]);
  }
}

export interface CompactStatement {
  text: string;
  map: PositionMap;
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
const isIdentChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 0x80;

/** Compacts one statement; `dollarQuotes` are the splitter's `$tag$…$tag$` spans, relative to the statement. */
export function compactStatement(source: string, dollarQuotes: readonly Span[] = []): CompactStatement {
  const out: string[] = [];
  const compactStarts: number[] = [0];
  const originalStarts: number[] = [0];
  let length = 0;
  let runStart = 0;
  let quoteIndex = 0;

  /** Emits original text [from, to) unchanged (lower-cased). */
  const keep = (from: number, to: number) => {
    if (to <= from) return;
    out.push(source.slice(from, to).replace(/[A-Z]+/g, (s) => s.toLowerCase()));
    length += to - from;
  };
  /** Emits `replacement` for original [from, to), as a segment of its own, and starts a new one at `to`. */
  const replace = (from: number, to: number, replacement: string) => {
    keep(runStart, from);
    compactStarts.push(length);
    originalStarts.push(from);
    out.push(replacement);
    length += replacement.length;
    compactStarts.push(length);
    originalStarts.push(to);
    runStart = to;
  };

  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source.charCodeAt(i);
    const next = source.charCodeAt(i + 1);
    if (quoteIndex < dollarQuotes.length && dollarQuotes[quoteIndex].start === i) {
      const q = dollarQuotes[quoteIndex++];
      replace(i, q.end, '$$');
      i = q.end;
    } else if (isSpace(c) || (c === 45 && next === 45) || (c === 47 && next === 42)) {
      // Whitespace and comments, in any mix, become one space.
      const from = i;
      while (i < n) {
        const d = source.charCodeAt(i);
        if (isSpace(d)) i++;
        else if (d === 45 && source.charCodeAt(i + 1) === 45) i = lineEnd(source, i);
        else if (d === 47 && source.charCodeAt(i + 1) === 42) i = blockCommentEnd(source, i);
        else break;
      }
      replace(from, i, ' ');
    } else if (c === 39) {
      // E'…' allows backslash escapes; the prefix letter (E, B, X, N or U&) is kept, it is outside the quotes.
      const escapes = isEscapePrefix(source, i);
      const close = stringEnd(source, i, escapes);
      replace(i, close, "''");
      i = close;
    } else if (c === 34) {
      // Quoted names are read back from the original too: `"Some Name"` → `""`.
      const close = quotedIdentifierEnd(source, i);
      replace(i, close, '""');
      i = close;
    } else {
      i++;
    }
  }
  keep(runStart, n);
  return { text: out.join(''), map: new PositionMap(compactStarts, originalStarts) };
}

function lineEnd(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) !== 10 && s.charCodeAt(i) !== 13) i++;
  return i;
}

function blockCommentEnd(s: string, i: number): number {
  let depth = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === 47 && s.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (s.charCodeAt(i) === 42 && s.charCodeAt(i + 1) === 47) {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return s.length;
}

function isEscapePrefix(s: string, quote: number): boolean {
  const p = s.charCodeAt(quote - 1);
  return (p === 69 || p === 101) && !isIdentChar(s.charCodeAt(quote - 2) || 0);
}

/** The offset after the closing quote of the string starting at `i` (the statement end if unterminated). */
function stringEnd(s: string, i: number, escapes: boolean): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (escapes && c === 92) j += 2;
    else if (c === 39) {
      if (s.charCodeAt(j + 1) === 39) j += 2;
      else return j + 1;
    } else j++;
  }
  return s.length;
}

function quotedIdentifierEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length) {
    if (s.charCodeAt(j) === 34) {
      if (s.charCodeAt(j + 1) === 34) j += 2;
      else return j + 1;
    } else j++;
  }
  return s.length;
}
