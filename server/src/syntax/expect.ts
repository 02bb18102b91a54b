/**
 * What the grammar expects at a cursor: the statement's text up to the cursor is matched on its own, and Ohm's
 * rightmost failures at its end say what could come next, in the words of the rules' descriptions ("a table
 * name", "a column name", "a column type", "a role") and as keywords and punctuation.
 */
import type { FailedMatchResult } from 'ohm-js';
import { grammar } from './build';
import { compactStatement } from './compact';

export interface Expectation {
  /** Described things ("a table name"), keywords (`TABLE`) and punctuation (`(`). */
  descriptions: Set<string>;
  keywords: Set<string>;
  punctuation: Set<string>;
}

interface Failure {
  getText(): string;
  getType(): string;
  isFluffy?(): boolean;
}

/**
 * The expectation after `prefix` (a statement's text up to the cursor, from its first character), or undefined
 * when the prefix itself is already wrong before its end (nothing sensible can be offered).
 */
export function expectAfter(prefix: string): Expectation | undefined {
  // A trailing space makes optional keywords plain expectations instead of "fluffy" ones Ohm would drop.
  const compact = compactStatement(/\s$/.test(prefix) || prefix === '' ? prefix : `${prefix} `).text;
  const match = grammar.match(compact, 'Statement');
  if (match.succeeded()) return undefined;
  const failed = match as FailedMatchResult;
  if (failed.getRightmostFailurePosition() < compact.trimEnd().length) return undefined;
  const expectation: Expectation = { descriptions: new Set(), keywords: new Set(), punctuation: new Set() };
  for (const failure of (failed as unknown as { getRightmostFailures(): Failure[] }).getRightmostFailures()) {
    if (failure.isFluffy?.()) continue;
    const text = failure.getText();
    const type = failure.getType();
    if (type === 'description') {
      if (/^[A-Z][A-Z_]*$/.test(text)) expectation.keywords.add(text);
      else expectation.descriptions.add(text);
    } else if (type === 'string' && text !== '--' && text !== '/*') {
      if (/^[a-z_]+$/.test(text)) expectation.keywords.add(text.toUpperCase());
      else expectation.punctuation.add(text);
    }
  }
  return expectation;
}
