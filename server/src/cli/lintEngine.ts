/**
 * The heavy half of `lint`: the parser (the Ohm grammar, libpg-query), the worker threads, the workspace and the
 * cache's parses and findings. Built as its own bundle (dist/lint-engine.js) that cli/lintCommand.ts loads only
 * when a run cannot be answered from the cache's header; the same bundle runs the parse workers.
 */
import type { LintOptions, LintSettings, MigrationDocument } from '../language/lint';
import { lintWithStats } from '../language/lint';
import { withPreparsed } from '../language/preparsed';
import type { Diagnostic } from '../rules/types';
import { createParser, type Parser } from '../syntax/parse';
import { CacheStore, type CacheSource, ParserNeeded } from './cacheStore';
import { parseInParallel, runParseWorker } from './parallelParse';
import { preferBaselineWasm } from './wasmTier';
import { isParseWorker } from './workerRole';

// Started as a parse worker (see parallelParse.ts): parse what was posted, nothing else.
if (isParseWorker()) void runParseWorker();

/** Machine-independent counters of one lint run (the cache's tests hold them to a budget). */
export interface LintRunStats {
  /** Statements given to the grammar (parse cache misses). */
  statementsParsed: number;
  /** Files whose statements were checked. */
  filesChecked: number;
  /** Files whose findings came from the cache (folded from their stored parse, not checked). */
  filesFromCache: number;
}

export interface EngineResult {
  diagnostics: Diagnostic[];
  stats: LintRunStats;
  /** The next cache's body (with `--cache`). */
  cacheBody?: string;
}

export async function lintDocuments(
  docs: readonly MigrationDocument[],
  settings: LintSettings,
  options: LintOptions,
  cacheSource: CacheSource | undefined,
): Promise<EngineResult> {
  const cache = cacheSource ? new CacheStore(cacheSource) : undefined;
  // Every file in the cache: no parser at all (no grammar, no WASM). Should a file still need one (split another
  // way than stored), the run starts over with a parser.
  const needed = cache ? docs.filter((d) => !cache.hasParse(d.text)) : docs;
  try {
    return await run(needed.length > 0 || !cache);
  } catch (error) {
    if (!(error instanceof ParserNeeded)) throw error;
    return run(true);
  }

  async function run(withParser: boolean): Promise<EngineResult> {
    let parser: Parser | undefined;
    if (withParser) {
      preferBaselineWasm();
      const real = await createParser();
      // Workers run this bundle; from sources (tests) `__filename` is not a bundle and there are none.
      const preparsed = await parseInParallel(needed.map((d) => d.text), __filename);
      parser = preparsed ? withPreparsed(real, preparsed) : real;
    }
    const source = cache ? cache.parser(parser) : parser!;
    const { diagnostics, stats } = lintWithStats(source, docs, settings, { ...options, checkStore: cache?.checkStore() });
    return {
      diagnostics,
      stats: { statementsParsed: source.stats.statementsParsed, filesChecked: stats.filesChecked, filesFromCache: stats.filesFromStore },
      cacheBody: cache?.serialise(),
    };
  }
}
