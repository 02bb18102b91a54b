/**
 * Tells the parse workers' thread apart from the CLI's main thread without loading the parser: the same bundle
 * runs both, and the main thread's start-up must not pay for the grammar it may not need (a warm `--cache` run).
 */
import { isMainThread, workerData } from 'node:worker_threads';

export const PARSE_WORKER_ROLE = 'electric-migrations-parse';

/** True in a thread started by `parseInParallel` (cli/parallelParse.ts). */
export function isParseWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | undefined)?.role === PARSE_WORKER_ROLE;
}
