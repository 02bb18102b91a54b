/**
 * Where in a migration file the database's error points. Postgres reports `position` as a 1-based count of
 * characters (code points) into the query string it was sent; the engine sends one statement at a time, so that
 * string is the statement's text, and its span in the file (from `parseFile`) places it. Errors raised inside a
 * function body carry `internalPosition` into `internalQuery` instead, which is found inside the statement when it
 * appears there verbatim. Pure.
 */
import type { Span } from '../syntax/ast';

/** The parts of a database error the engine reports (the targets translate their drivers' errors into this). */
export interface DatabaseErrorFields {
  message: string;
  /** SQLSTATE, e.g. `42703`. */
  code?: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the statement sent. */
  position?: number;
  /** 1-based character position in `internalQuery`. */
  internalPosition?: number;
  internalQuery?: string;
}

/**
 * The span of the error in the file: the token at the reported position, else the statement's first line (an
 * error without a position, such as a constraint violation, belongs to the statement as a whole).
 */
export function errorSpan(statement: { span: Span; text: string }, error: DatabaseErrorFields): Span {
  const at = positionInStatement(statement.text, error);
  if (at === undefined) return firstLine(statement);
  const start = statement.span.start + at;
  return { start, end: start + tokenLength(statement.text, at) };
}

/** The UTF-16 offset in `text` of the error, or undefined when the error has no usable position. */
function positionInStatement(text: string, error: DatabaseErrorFields): number | undefined {
  if (isPosition(error.position)) return offsetOfCharacter(text, error.position - 1);
  if (isPosition(error.internalPosition) && error.internalQuery) {
    const inner = text.indexOf(error.internalQuery);
    if (inner >= 0) return inner + offsetOfCharacter(error.internalQuery, error.internalPosition - 1);
  }
  return undefined;
}

function isPosition(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1;
}

/** Postgres counts characters; JavaScript offsets count UTF-16 units (an astral character is two). */
export function offsetOfCharacter(text: string, characters: number): number {
  let offset = 0;
  for (let n = 0; n < characters && offset < text.length; n++) {
    const c = text.charCodeAt(offset);
    offset += c >= 0xd800 && c <= 0xdbff && offset + 1 < text.length ? 2 : 1;
  }
  return Math.min(offset, text.length);
}

/** The length of the token at `at`: a word, a quoted name or string, else one character (0 at the end). */
function tokenLength(text: string, at: number): number {
  if (at >= text.length) return 0;
  const rest = text.slice(at);
  const quoted = /^(?:"(?:[^"]|"")*"|'(?:[^']|'')*')/.exec(rest);
  if (quoted) return quoted[0].length;
  const word = /^[\p{L}\p{N}_$]+/u.exec(rest);
  return word ? word[0].length : 1;
}

function firstLine(statement: { span: Span; text: string }): Span {
  const lineBreak = statement.text.search(/[\r\n]/);
  return { start: statement.span.start, end: statement.span.start + (lineBreak < 0 ? statement.text.length : lineBreak) };
}
