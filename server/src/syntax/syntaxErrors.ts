/**
 * Turns a failed Ohm match into a syntax problem: the span is the token at the rightmost failure, the message a
 * short "Expected …" list in the words of the grammar's rule descriptions.
 */
import type { FailedMatchResult, MatchResult } from 'ohm-js';
import type { Span } from './ast';
import type { PositionMap } from './compact';
import type { SyntaxProblem } from './parsed';

const MAX_LISTED = 24;

export function describeFailure(match: MatchResult, text: string, map?: PositionMap): SyntaxProblem {
  const failedAt = (match as FailedMatchResult).getRightmostFailurePosition();
  const position = skipBlanks(text, map ? map.original(failedAt) : failedAt);
  const expected = expectedItems(match);
  const listed = expected.length > MAX_LISTED ? [...expected.slice(0, MAX_LISTED), `${expected.length - MAX_LISTED} more`] : expected;
  const found = position >= text.length ? 'the end of the statement' : quote(text.slice(position, tokenEnd(text, position)));
  const message = listed.length > 0 ? `Expected ${joinOr(listed)}, found ${found}` : `Unexpected ${found}`;
  return { span: tokenSpan(text, position), message: message + missingSemicolonHint(text, position, expected), expected };
}

/**
 * A statement keyword at the start of a line where the statement could have ended is, nearly always, the next
 * statement after a forgotten `;`.
 */
function missingSemicolonHint(text: string, position: number, expected: readonly string[]): string {
  if (!expected.includes(STATEMENT_END)) return '';
  const lineStart = /(^|[\r\n])[ \t]*$/.test(text.slice(0, position));
  const word = /^[A-Za-z]+/.exec(text.slice(position))?.[0].toLowerCase();
  return lineStart && word && STATEMENT_STARTS.has(word) ? ' (is a ";" missing at the end of the line before?)' : '';
}

/** How Ohm's `end` reads to a user: a statement ends at `;`. */
const STATEMENT_END = '";"';
const STATEMENT_STARTS = new Set([
  'alter', 'begin', 'call', 'comment', 'commit', 'create', 'delete', 'do', 'drop', 'electric', 'grant', 'insert',
  'revoke', 'select', 'set', 'truncate', 'update', 'with',
]);

function expectedItems(match: MatchResult): string[] {
  const failures = (match as unknown as { getRightmostFailures(): Failure[] }).getRightmostFailures();
  const items = new Set<string>();
  for (const failure of failures) {
    if (failure.isFluffy?.()) continue;
    const type = failure.getType();
    if (type !== 'description' && type !== 'string') continue;
    const text = failure.getText();
    // Comment openers are never what a user should be told to type.
    if (text === '--' || text === '/*') continue;
    items.add(type === 'string' ? quote(text) : text === 'end of input' ? STATEMENT_END : text);
  }
  return [...items].sort(byKind);
}

interface Failure {
  getText(): string;
  getType(): string;
  isFluffy?(): boolean;
}

/** Descriptions in words first ("a column type"), then keywords (TABLE), then punctuation ("("). */
function byKind(a: string, b: string): number {
  const rank = (s: string) => (/^[a-z]/.test(s) ? 0 : /^[A-Z]/.test(s) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function quote(s: string): string {
  return `"${s}"`;
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function skipBlanks(text: string, position: number): number {
  let i = position;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function tokenEnd(text: string, start: number): number {
  const c = text[start];
  if (/[\p{L}\p{N}_$]/u.test(c)) {
    let i = start + 1;
    while (i < text.length && /[\p{L}\p{N}_$]/u.test(text[i])) i++;
    return i;
  }
  if (c === "'" || c === '"') {
    const close = text.indexOf(c, start + 1);
    return close < 0 ? text.length : close + 1;
  }
  return start + 1;
}

function tokenSpan(text: string, position: number): Span {
  if (position >= text.length) return { start: text.length, end: text.length };
  return { start: position, end: Math.min(tokenEnd(text, position), position + 200) };
}
