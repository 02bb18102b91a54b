/**
 * The parser the tests share: strict (an exception inside the analysis fails the test instead of becoming a
 * diagnostic), loaded once per test process in a `before` hook, then used synchronously.
 */
import { lintMigrations as lint, type LintOptions, type MigrationDocument } from '../../server/src/language/lint';
import type { LintSettings } from '../../server/src/rules/context';
import type { Diagnostic } from '../../server/src/rules/types';
import { createParser, type Parser } from '../../server/src/syntax/parse';
import type { ParsedFile } from '../../server/src/syntax/parsed';

let loaded: Parser | undefined;

export async function loadParser(): Promise<Parser> {
  loaded ??= await createParser({ strict: true });
  return loaded;
}

export function testParser(): Parser {
  if (!loaded) throw new Error('call loadParser() in a before() hook first');
  return loaded;
}

export function parseFile(text: string): ParsedFile {
  return testParser().parseFile(text);
}

export function lintMigrations(documents: readonly MigrationDocument[], settings: LintSettings, options?: LintOptions): Diagnostic[] {
  return lint(testParser(), documents, settings, options);
}
