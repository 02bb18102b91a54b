/** A parser that first answers from files parsed elsewhere (the CLI's worker threads), by text. */
import type { Parser } from '../syntax/parse';
import type { ParsedFile } from '../syntax/parsed';

export function withPreparsed(parser: Parser, preparsed: ReadonlyMap<string, ParsedFile>): Parser {
  return {
    // Workers split without drizzle's breakpoints: files that need them are parsed here.
    parseFile: (text, splitOptions) => (splitOptions?.breakpoints ? undefined : preparsed.get(text)) ?? parser.parseFile(text, splitOptions),
    parseStatement: (t, q) => parser.parseStatement(t, q),
    stats: parser.stats,
  };
}
