/**
 * The heavy half of `lint`: the parser (the Ohm grammar, libpg-query), the worker threads and the workspace.
 * Loaded by cli/lintCommand.ts only when a run cannot be answered from the cache.
 */
import type { LintOptions, LintSettings, MigrationDocument } from '../language/lint';
import { lintWithStats } from '../language/lint';
import { withPreparsed } from '../language/preparsed';
import type { Diagnostic } from '../rules/types';
import { createParser, type Parser } from '../syntax/parse';
import { type LintCache, ParserNeeded } from './lintCache';
import { parseInParallel } from './parallelParse';
import { preferBaselineWasm } from './wasmTier';

/** Machine-independent counters of one lint run (the cache's tests hold them to a budget). */
export interface LintRunStats {
  /** Statements given to the grammar (parse cache misses). */
  statementsParsed: number;
  /** Files whose statements were checked. */
  filesChecked: number;
  /** Files whose findings came from the cache (folded from their stored parse, not checked). */
  filesFromCache: number;
}

export async function lintDocuments(
  docs: readonly MigrationDocument[],
  settings: LintSettings,
  options: LintOptions,
  cache: LintCache | undefined,
  script: string,
): Promise<{ diagnostics: Diagnostic[]; stats: LintRunStats }> {
  // Every file in the cache: no parser at all (no grammar, no WASM). Should a file still need one (split another
  // way than stored), the run starts over with a parser.
  const needed = cache ? docs.filter((d) => !cache.hasParse(d.text)) : docs;
  try {
    return await run(needed.length > 0 || !cache);
  } catch (error) {
    if (!(error instanceof ParserNeeded)) throw error;
    return run(true);
  }

  async function run(withParser: boolean) {
    let parser: Parser | undefined;
    if (withParser) {
      preferBaselineWasm();
      const real = await createParser();
      const preparsed = await parseInParallel(needed.map((d) => d.text), script);
      parser = preparsed ? withPreparsed(real, preparsed) : real;
    }
    const source = cache ? cache.parser(parser) : parser!;
    const { diagnostics, stats } = lintWithStats(source, docs, settings, { ...options, checkStore: cache?.checkStore() });
    return { diagnostics, stats: { statementsParsed: source.stats.statementsParsed, filesChecked: stats.filesChecked, filesFromCache: stats.filesFromStore } };
  }
}
