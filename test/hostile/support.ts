/**
 * Running the built CLI on hostile input: every run is bounded by a timeout, and a run that hits it is reported as
 * a hang (a failed test with a clear reason), never left to block the suite.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');

export interface BoundedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** True when the run had to be killed at the timeout. */
  hung: boolean;
}

/** `node [nodeArgs] dist/cli.js …args` in `cwd`, killed after `timeoutMs`. */
export function runCliBounded(args: readonly string[], cwd: string, timeoutMs = 60_000, nodeArgs: readonly string[] = []): Promise<BoundedRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeArgs, cli, ...args],
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: unknown; killed?: boolean }) | null;
        const hung = failed?.killed === true;
        const status = failed ? (typeof failed.code === 'number' ? failed.code : null) : 0;
        resolve({ status, stdout, stderr, hung });
      },
    );
  });
}

/** The diagnostics of `lint --format json` output, as `code@line:column`. */
export function jsonCodes(stdout: string): string[] {
  const report = JSON.parse(stdout) as { diagnostics: { code: string; line: number; column: number }[] };
  return report.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
}

/** The CLI's failure contract (product.md §3): exit 2, exactly one line on stderr, nothing on stdout. */
export function isOneLineInputError(run: BoundedRun): boolean {
  return run.status === 2 && !run.hung && run.stdout === '' && run.stderr.trim().split('\n').length === 1;
}
