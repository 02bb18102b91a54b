/**
 * V8 compiles WebAssembly twice: a quick baseline (Liftoff) that runs at once, then optimised code in the
 * background. For libpg-query's 1.7 MB module the optimising pass costs more than it gives a lint run: measured on
 * the bench folder (6,500 statements through `parseSync`) baseline-only is faster (about 180 ms against 280–460 ms:
 * the background pass competes for the cores), and a one-file run no longer waits ~60 ms at exit for the isolate's
 * background compile jobs. The flag is process-wide, so only the lint command (and its parse workers) set it, before
 * the module is compiled; `apply` keeps PGlite's Postgres optimised.
 */
import v8 from 'node:v8';

export function preferBaselineWasm(): void {
  v8.setFlagsFromString('--liftoff-only');
}
