#!/usr/bin/env node
// `npm test`: builds (the LSP and CLI tests drive dist/), then runs test/**/*.test.ts with Node's own runner.
//   npm test                      every test file
//   npm test -- split lsp         only files whose path contains "split" or "lsp"
//   npm test -- --test-name-pattern=drop   options starting with "-" go to `node --test` unchanged
//   npm test -- --no-build        skip the build (dist/ must already be current)
// The human-readable report (spec reporter) goes to stdout; a TAP copy goes to a temporary file, whose summary
// lines (`# pass N`, `# fail N`, …) are printed at the end, followed by one plain line `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = path.join(root, 'test');
const SKIP_DIRS = new Set(['node_modules', 'fixtures', 'out']);

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const nodeOptions = args.filter((a) => a.startsWith('-') && a !== '--no-build');
const filters = args.filter((a) => !a.startsWith('-'));

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...findTests(p));
    } else if (entry.isFile() && entry.name.endsWith('.test.ts')) {
      found.push(p);
    }
  }
  return found;
}

if (!noBuild) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error(`build failed (exit ${build.status ?? build.signal}); no tests run`);
    process.exit(build.status || 1);
  }
}

const all = findTests(testRoot)
  .map((f) => path.relative(root, f).split(path.sep).join('/'))
  .sort();
const files = filters.length ? all.filter((f) => filters.some((pattern) => f.includes(pattern))) : all;
if (files.length === 0) {
  console.error(filters.length ? `no test file under test/ matches: ${filters.join(', ')}` : 'no test files under test/');
  console.log('0 passed, 0 failed');
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'electric-migrations-test-'));
const tapFile = path.join(tmp, 'report.tap');
const runnerArgs = [
  '--import', 'tsx',
  '--test',
  '--test-concurrency=2',
  // A test that waits for an event that never comes must fail, not hang CI.
  `--test-timeout=${process.env.TEST_TIMEOUT_MS ?? 300000}`,
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
  ...nodeOptions,
  ...files,
];

const child = spawn(process.execPath, runnerArgs, { cwd: root, stdio: 'inherit' });
const forward = (signal) => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

child.on('exit', (code, signal) => {
  const exitCode = code ?? (signal ? 1 : 0);
  const tap = fs.existsSync(tapFile) ? fs.readFileSync(tapFile, 'utf8') : '';
  fs.rmSync(tmp, { recursive: true, force: true });

  // The runner's summary is the run of top-level `# name N` lines at the end of the TAP stream.
  const summaryLines = tap.split('\n').filter((l) => /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /.test(l));
  const count = (name) => {
    const line = summaryLines.filter((l) => l.startsWith(`# ${name} `)).pop();
    return line ? Number(line.split(' ')[2]) : undefined;
  };
  console.log('');
  for (const line of summaryLines) console.log(line);

  let passed = count('pass');
  let failed = count('fail');
  if (passed === undefined || failed === undefined) {
    // No summary: the runner died early. Count the results it did report, and never call that a success.
    passed = (tap.match(/^\s*ok \d+/gm) ?? []).length;
    failed = (tap.match(/^\s*not ok \d+/gm) ?? []).length;
    console.log(`test runner ended without a summary (exit ${code ?? signal})`);
  }
  failed += count('cancelled') ?? 0;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(exitCode !== 0 ? exitCode : failed > 0 ? 1 : 0);
});
