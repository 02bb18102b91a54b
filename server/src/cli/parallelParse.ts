/**
 * Parsing a large migrations folder on every core: the grammar is the CLI's whole cost on a cold run, and files
 * parse independently. Worker threads run this same bundle (dist/cli.js) in worker mode and post the parsed files
 * back; the fold and the rules then run once, in order, on the main thread.
 */
import os from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { ParsedFile } from '../syntax/parsed';
import { createParser } from '../syntax/parse';
import { preferBaselineWasm } from './wasmTier';
import { PARSE_WORKER_ROLE } from './workerRole';

/** Below this much SQL, starting workers (about 100 ms each) costs more than it saves. */
export const MIN_PARALLEL_CHARACTERS = 300_000;
const MAX_WORKERS = 4;

interface WorkerJob {
  role: typeof PARSE_WORKER_ROLE;
  texts: string[];
}

/** The worker's side: parse every text it was given and post the results, in order. */
export async function runParseWorker(): Promise<void> {
  const job = workerData as WorkerJob;
  preferBaselineWasm();
  const parser = await createParser();
  parentPort!.postMessage(job.texts.map((text) => parser.parseFile(text)));
}

/**
 * Parses `texts` across worker threads running `script` (the bundled CLI), or returns undefined when the input is
 * too small to gain from it, there is one core, or the script is not a bundle workers can load.
 */
export async function parseInParallel(texts: readonly string[], script: string): Promise<Map<string, ParsedFile> | undefined> {
  const total = texts.reduce((sum, t) => sum + t.length, 0);
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const count = Math.min(MAX_WORKERS, cores, texts.length);
  if (total < MIN_PARALLEL_CHARACTERS || count < 2 || !script.endsWith('.js')) return undefined;

  // Largest files first, each to the least loaded worker: shares end up within one file of each other.
  const shares = Array.from({ length: count }, () => ({ texts: [] as string[], size: 0 }));
  for (const text of [...new Set(texts)].sort((a, b) => b.length - a.length)) {
    const share = shares.reduce((least, s) => (s.size < least.size ? s : least));
    share.texts.push(text);
    share.size += text.length;
  }
  const results = await Promise.all(shares.map((share) => runWorker(script, share.texts)));
  const parsed = new Map<string, ParsedFile>();
  shares.forEach((share, i) => share.texts.forEach((text, j) => parsed.set(text, results[i][j])));
  return parsed;
}

function runWorker(script: string, texts: string[]): Promise<ParsedFile[]> {
  return new Promise((resolve, reject) => {
    const job: WorkerJob = { role: PARSE_WORKER_ROLE, texts };
    const worker = new Worker(script, { workerData: job });
    worker.once('message', (result: ParsedFile[]) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`parse worker exited with code ${code}`));
    });
  });
}
