/**
 * Counts Ohm rule applications while matching statements: a deterministic measure of the grammar's work (wall
 * time on a shared machine moves by ±20%). Used by bench/rule-applications.ts and by the budget test
 * (test/syntax/rule-applications.test.ts). The counting wraps Ohm's `Apply` only for the duration of one call.
 */
import { pexprs } from 'ohm-js';
import { grammar } from '../../server/src/syntax/build';
import { compactStatement } from '../../server/src/syntax/compact';
import { splitStatements } from '../../server/src/syntax/split';

export interface RuleApplicationCount {
  statements: number;
  characters: number;
  /** Every rule application. */
  applications: number;
  /** Those not answered from Ohm's memo table. */
  evaluations: number;
}

type ApplyPrototype = Record<'eval' | 'reallyEval', (this: unknown, state: unknown) => boolean>;

/** Matches every statement of `texts` (as the parser does: compacted, one at a time) and counts. */
export function countRuleApplications(texts: readonly string[]): RuleApplicationCount {
  const apply = (pexprs as unknown as { Apply: { prototype: ApplyPrototype } }).Apply.prototype;
  const count: RuleApplicationCount = { statements: 0, characters: 0, applications: 0, evaluations: 0 };
  const evalApplication = apply.eval;
  const evalFresh = apply.reallyEval;
  apply.eval = function (state) {
    count.applications++;
    return evalApplication.call(this, state);
  };
  apply.reallyEval = function (state) {
    count.evaluations++;
    return evalFresh.call(this, state);
  };
  try {
    for (const text of texts) {
      for (const slice of splitStatements(text).statements) {
        const quotes = slice.dollarQuotes.map((q) => ({ start: q.start - slice.span.start, end: q.end - slice.span.start }));
        const compact = compactStatement(text.slice(slice.span.start, slice.span.end), quotes).text;
        count.statements++;
        count.characters += compact.length;
        grammar.match(compact, 'Statement');
      }
    }
  } finally {
    apply.eval = evalApplication;
    apply.reallyEval = evalFresh;
  }
  return count;
}
