// In-process parse throughput, cold: run in a fresh process (`node --import tsx bench/parse-throughput.ts DIR`) so
// the parser's statement cache starts empty and every file is parsed once, as the CLI does. Prints one JSON object.
//   --cpu-prof FILE   also write a V8 CPU profile of the parse loop only (not module loading or tsx's compiling)
//   --by-kind         then parse every statement again, uncached, timing it by AST kind (JIT warm by then, so
//                     compare the kinds with each other, not with the cold numbers)
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import type { Parser } from '../server/src/syntax/parse';
import { splitStatements } from '../server/src/syntax/split';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const profIndex = args.indexOf('--cpu-prof');
  const profFile = profIndex >= 0 ? args[profIndex + 1] : undefined;
  const dir = args.find((a, i) => !a.startsWith('--') && (profIndex < 0 || i !== profIndex + 1)) ?? 'bench/out/migrations';
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const texts = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));

  // Dynamic import so that loading the module (the grammar is built at load time) is timed on its own.
  const t0 = performance.now();
  const { createParser } = await import('../server/src/syntax/parse');
  const t1 = performance.now();
  const parser = await createParser();
  const t2 = performance.now();

  const session = profFile ? new inspector.Session() : undefined;
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  if (session) {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 100 });
    await post('Profiler.start');
  }

  let statements = 0;
  let errors = 0;
  let fallbacks = 0;
  const perFile: { file: string; ms: number }[] = [];
  const start = performance.now();
  for (let i = 0; i < texts.length; i++) {
    const fileStart = performance.now();
    const parsed = parser.parseFile(texts[i]);
    perFile.push({ file: files[i], ms: performance.now() - fileStart });
    statements += parsed.statements.length;
    errors += parsed.errors.length;
    fallbacks += parsed.statements.filter((s) => s.fallback).length;
  }
  const parseMs = performance.now() - start;

  if (session) {
    const { profile } = await post('Profiler.stop');
    fs.writeFileSync(profFile!, JSON.stringify(profile));
    session.disconnect();
  }

  const byKind = args.includes('--by-kind') ? timeByKind(parser, texts) : undefined;
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const sorted = perFile.map((p) => p.ms).sort((a, b) => a - b);
  const slowest = perFile.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(JSON.stringify({
    files: files.length,
    statements,
    bytes,
    errors,
    fallbacks,
    moduleLoadMs: t1 - t0,
    initParserMs: t2 - t1,
    parseMs,
    statementsPerSecond: statements / (parseMs / 1000),
    mbPerSecond: bytes / 1e6 / (parseMs / 1000),
    fileMsP50: sorted[Math.floor(sorted.length * 0.5)],
    fileMsP95: sorted[Math.floor(sorted.length * 0.95)],
    slowestFile: { file: slowest.file, ms: slowest.ms },
    maxRssKb: process.resourceUsage().maxRSS,
    byKind,
  }));
}

/** Where parse time goes by statement kind: which parts of the grammar are worth speeding up. */
function timeByKind(parser: Parser, texts: string[]): Record<string, { count: number; ms: number; chars: number }> {
  const kinds: Record<string, { count: number; ms: number; chars: number }> = {};
  for (const text of texts) {
    for (const slice of splitStatements(text).statements) {
      const statement = text.slice(slice.span.start, slice.span.end);
      const quotes = slice.dollarQuotes.map((q) => ({ start: q.start - slice.span.start, end: q.end - slice.span.start }));
      const start = performance.now();
      const result = parser.parseStatement(statement, quotes);
      const ms = performance.now() - start;
      const kind = result.error ? 'syntax error' : result.ast!.kind;
      const k = (kinds[kind] ??= { count: 0, ms: 0, chars: 0 });
      k.count++;
      k.ms += ms;
      k.chars += statement.length;
    }
  }
  return kinds;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
