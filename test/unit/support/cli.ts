/**
 * Helpers for tests that run the real `electric-migrations` CLI (the built dist/cli.js) against real files in
 * temporary directories.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

const root = path.resolve(__dirname, '../../..');
/** The built CLI, as users run it (`npm test` builds first). */
const cli = path.join(root, 'dist/cli.js');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js …args` in `cwd`. */
export function runCli(args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, ...args],
      // NODE_OPTIONS from a parent test runner must not leak into the child.
      { cwd, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error && typeof error.code === 'number' ? error.code : error ? undefined : 0;
        if (status === undefined) reject(error);
        else resolve({ status, stdout, stderr });
      },
    );
  });
}

/** A temporary project directory holding `files` (paths relative to it), removed when the test file ends. */
export function makeProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'electric-migrations-cli-')));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

export interface JsonReport {
  version: number;
  files: number;
  diagnostics: JsonDiagnostic[];
}

/** Runs `lint --format json` and parses its output. */
export async function lintJson(args: readonly string[], cwd: string): Promise<{ status: number; report: JsonReport; stderr: string }> {
  const result = await runCli(['lint', '--format', 'json', ...args], cwd);
  let report: JsonReport;
  try {
    report = JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${result.status}): ${result.stdout}\n${result.stderr}`);
  }
  return { status: result.status, report, stderr: result.stderr };
}

/** `file:line code` of each diagnostic: compact to compare. */
export function summarize(report: JsonReport): string[] {
  return report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
}

/** SQL that every Postgres parser accepts. */
export const CREATE_ITEMS = 'CREATE TABLE items (id uuid PRIMARY KEY);\n';
export const CREATE_USERS = 'CREATE TABLE users (id uuid PRIMARY KEY, name text);\n';

/** Asserts the exit status, showing the CLI's output when it differs. */
export function assertStatus(result: { status: number; stderr: string; stdout?: string }, expected: number): void {
  if (result.status !== expected) {
    throw new Error(`exit status ${result.status}, expected ${expected}\nstdout: ${result.stdout ?? ''}\nstderr: ${result.stderr}`);
  }
}
