#!/usr/bin/env node
// `npm run demo` (after `node scripts/build.mjs --if-needed`): the product in one minute, on the bundled example
// migrations (examples/db/migrations) and an embedded PGlite in a fresh temporary directory:
//   1. lint the folder: 05-… drops a column of an electrified table, which Electric rejects;
//   2. apply the clean migrations before it to PGlite;
//   3. try to apply 05-… as well: refused, with the reason (nothing is written);
//   4. print the status: 4 applied, 1 pending.
// Exits 0 when every step behaved as described (a demo that ends non-zero reads as broken), 1 otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');
const examples = path.join(root, 'examples/db/migrations');

function run(title, args, cwd) {
  console.log(`\n$ electric-migrations ${args.join(' ')}${title ? `    # ${title}` : ''}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result;
}

function expect(condition, what) {
  if (!condition) {
    console.error(`\ndemo: unexpected result: ${what}`);
    process.exit(1);
  }
}

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'electric-migrations-demo-'));
try {
  const lint = run('every example migration', ['lint', '--dir', 'examples/db/migrations'], root);
  expect(lint.status === 1, 'lint should find the error in 05-…');

  const report = JSON.parse(spawnSync(process.execPath, [cli, 'lint', '--dir', examples, '--format', 'json'], { encoding: 'utf8' }).stdout);
  const rejected = path.basename(report.diagnostics.find((d) => d.severity === 'error').file);
  const names = fs.readdirSync(examples).filter((n) => n.endsWith('.sql')).sort();
  const clean = names.filter((n) => n < rejected);

  const migrations = path.join(project, 'db/migrations');
  fs.mkdirSync(migrations, { recursive: true });
  for (const name of clean) fs.copyFileSync(path.join(examples, name), path.join(migrations, name));
  const applied = run(`the ${clean.length} clean migrations, to PGlite in ${project}/pglite`, ['apply', '--pglite', 'pglite'], project);
  expect(applied.status === 0, 'the clean migrations should apply');

  fs.copyFileSync(path.join(examples, rejected), path.join(migrations, rejected));
  const refused = run(`now with ${rejected}, which Electric would reject`, ['apply', '--pglite', 'pglite'], project);
  expect(refused.status === 1 && /Not applied/.test(refused.stdout), `${rejected} should be refused`);

  const status = run('', ['status', '--pglite', 'pglite'], project);
  expect(status.status === 0 && status.stdout.includes(`pending ${rejected}`), 'status should list it as pending');

  console.log(`\nDemo done: ${clean.length} migrations applied to an embedded PGlite, ${rejected} stopped before it reached the database.`);
} finally {
  fs.rmSync(project, { recursive: true, force: true });
}
