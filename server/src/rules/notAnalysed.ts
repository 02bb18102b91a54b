/**
 * `statement-not-analysed`: a statement the grammar was not given (longer than it can match in bounded memory, or
 * nested deeper than the stack allows) but that Postgres' parser accepts. It is kept as an opaque statement, so no
 * Electric rule saw what it does; a linter that let it through without a word would hide it (issue: hostile input).
 */
import type { StatementCheck } from './context';

export const statementNotAnalysedCheck: StatementCheck = ({ parsed }) => {
  if (!parsed.notAnalysed) return [];
  const firstWord = /^[^\s(),;]*/.exec(parsed.text)?.[0].length || 1;
  return [
    {
      code: 'statement-not-analysed',
      span: { start: parsed.span.start, end: parsed.span.start + Math.min(firstWord, parsed.text.length) },
      message:
        `${parsed.notAnalysed}: Postgres accepts it, but the Electric rules were not checked on it. ` +
        `Split it into smaller statements (several INSERTs, fewer nested brackets) to have it checked.`,
    },
  ];
};
