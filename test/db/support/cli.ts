/**
 * Running the built CLI against real databases: in one go (`runCli`, `applyJson`), or as a process the test
 * watches and may kill (`startCli`). Waiting is always for something observable, with a deadline (`waitFor`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runCli, type CliResult } from '../../unit/support/cli';

export { assertStatus, makeProject, runCli, type CliResult } from '../../unit/support/cli';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist/cli.js');

export interface ApplyJson {
  version: number;
  target: string;
  applied: string[];
  pending: string[];
  skippedDdlx: Array<{ file: string; line: number; statement: string }>;
  /** `status` only: where each migration stands. */
  files?: Array<{ name: string; file: string; state: string; appliedAt?: string }>;
  diagnostics: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }>;
}

/** Runs `electric-migrations <command> --format json …` and parses its report. */
export async function runJson(command: 'apply' | 'status', args: readonly string[], cwd: string): Promise<CliResult & { report: ApplyJson }> {
  const result = await runCli([command, '--format', 'json', ...args], cwd);
  try {
    return { ...result, report: JSON.parse(result.stdout) as ApplyJson };
  } catch {
    throw new Error(`${command} printed no JSON (exit ${result.status})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}

/** `code file:line:column` of each diagnostic. */
export function problems(report: ApplyJson): string[] {
  return report.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);
}

/** A process the test watches: its output so far, and its end. */
export interface Watched {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when it exits, with its status (a signal counts as null) and the time it ran. */
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts `node <script> …args` in `cwd` (default: the built CLI). */
export function startNode(args: readonly string[], cwd: string, script = CLI, nodeArgs: readonly string[] = []): Watched {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; ms: number }>((resolve) => {
    child.on('close', (status, signal) => resolve({ status, signal, ms: performance.now() - started }));
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` saying what it
 * waited for. This waits for an observable event; it never sleeps a fixed time and hopes.
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes `files` (relative paths) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
