// The apply rows of `npm run bench`: `electric-migrations apply` of the generated folder to a fresh PGlite and to a
// fresh database on a real PostgreSQL (a throw-away cluster from scripts/postgres-ci.sh), and `status` on each once
// nothing is pending (the bar: ≤ 0.5 s on PostgreSQL, product issue 8). Every number is a fresh CLI process.
//
// The generated folder plants mistakes for the linter; the two planted syntax errors would stop any apply, so the
// applied copy leaves those files out (and runs with --allow-errors for the rest, which Postgres accepts). Its
// GRANTs name three roles, which a first file creates, as a real project's roles would already exist.
//   node bench/apply.mjs is not run alone: bench/run.mjs calls measureApply() (and `--only apply` runs just these rows).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROLES_FILE = '000-bench_roles.sql';
const ROLES = ['reporting', 'readonly', 'analytics'];
const STATUS_BAR_S = 0.5;

/** A project folder holding the applicable copy of the corpus; returns its directory and file count. */
function applicableCopy(outDir, corpusDir, mistakes) {
  const project = path.join(outDir, 'apply-project');
  const migrations = path.join(project, 'db', 'migrations');
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(migrations, { recursive: true });
  const rejected = new Set(mistakes.filter((m) => m.code === 'syntax-error').map((m) => m.file));
  const files = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.sql') && !rejected.has(f));
  for (const f of files) fs.copyFileSync(path.join(corpusDir, f), path.join(migrations, f));
  // Roles are per cluster and runs share one: create each only where it is missing.
  const create = ROLES.map((r) => `  BEGIN CREATE ROLE ${r}; EXCEPTION WHEN duplicate_object THEN NULL; END;\n`).join('');
  fs.writeFileSync(path.join(migrations, ROLES_FILE), `DO $$\nBEGIN\n${create}END\n$$;\n`);
  return { project, files: files.length + 1, left: [...rejected] };
}

function startPostgres(root) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const run = spawnSync('bash', [path.join(root, 'scripts/postgres-ci.sh'), 'start'], { encoding: 'utf8', env });
  const dir = /PGCI_DIR=(\S+)/.exec(run.stdout ?? '')?.[1];
  const url = /DATABASE_URL=(\S+)/.exec(run.stdout ?? '')?.[1];
  if (run.status !== 0 || !dir || !url) return { error: (run.stderr || run.stdout || '').trim().split('\n').pop() };
  return { dir, url, stop: () => spawnSync('bash', [path.join(root, 'scripts/postgres-ci.sh'), 'stop', dir], { stdio: 'ignore' }) };
}

/** A new database on the cluster at `url`; returns its URL. */
function createDatabase(root, url, name) {
  const script = "const pg=require('pg');const c=new pg.Client(process.argv[1]);c.connect().then(()=>c.query('CREATE DATABASE ' + process.argv[2])).finally(()=>c.end())";
  spawnSync(process.execPath, ['-e', script, url, name], { cwd: root });
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Adds the apply rows through `row(measure, value, unit, notes)`. `timeCommand(cmd, args, { runs, cwd, before })`
 * is the bench's timer (median wall time of fresh processes); `args` may be a function of the run number.
 */
export function measureApply({ root, outDir, corpusDir, mistakes, runs, row, timeCommand }) {
  const cli = path.join(root, 'dist/cli.js');
  const { project, files, left } = applicableCopy(outDir, corpusDir, mistakes);
  const note = `${files} files (the corpus without its planted syntax errors ${left.join(', ')}, plus ${ROLES_FILE})`;
  const statusRuns = Math.max(runs, 5);
  const time = (args, options = {}) => timeCommand(process.execPath, typeof args === 'function' ? (i) => [cli, ...args(i)] : [cli, ...args], { cwd: project, ...options });
  const outcome = (t) => {
    try {
      const report = JSON.parse(t.result.stdout);
      const failed = report.diagnostics.find((d) => d.code === 'apply-failed');
      if (failed) return `stopped at ${failed.file}:${failed.line}: ${failed.message.slice(0, 120)}`;
      return `${report.applied.length} applied, ${report.pending.length} pending; exit ${t.result.status}`;
    } catch {
      return `no report (exit ${t.result.status}): ${(t.result.stderr || '').trim().split('\n')[0]}`;
    }
  };
  const pendingOf = (t) => {
    try {
      return JSON.parse(t.result.stdout).pending.length;
    } catch {
      return '?';
    }
  };
  const APPLY = ['apply', '--allow-errors', '--yes', '--format', 'json'];

  // PGlite: a fresh data directory per run, so every run applies everything.
  const pglite = time((i) => [...APPLY, '--pglite', `pglite-${i}`], {
    runs,
    before: (i) => fs.rmSync(path.join(project, `pglite-${i}`), { recursive: true, force: true }),
  });
  row('apply, generated folder → fresh PGlite', (pglite.wallMs / 1000).toFixed(2), 's', `median of ${runs}; ${note}; ${outcome(pglite)}`);
  const pgliteStatus = time(['status', '--format', 'json', '--pglite', 'pglite-0'], { runs: statusRuns });
  row('status, nothing pending, PGlite', (pgliteStatus.wallMs / 1000).toFixed(2), 's', `median of ${statusRuns}; ${pendingOf(pgliteStatus)} pending; whole CLI process, most of it opening PGlite (WASM start-up, data directory)`);

  const pg = startPostgres(root);
  if (pg.error) {
    row('apply, generated folder → PostgreSQL', 'n/a', '', `scripts/postgres-ci.sh failed: ${pg.error}`);
    return;
  }
  try {
    const urls = Array.from({ length: runs }, (_, i) => createDatabase(root, pg.url, `bench_${i}`));
    const postgres = time((i) => [...APPLY, '--database', urls[i]], { runs });
    row('apply, generated folder → PostgreSQL 15', (postgres.wallMs / 1000).toFixed(2), 's', `median of ${runs}; a fresh database each run; ${outcome(postgres)}`);
    const status = time(['status', '--format', 'json', '--database', urls[0]], { runs: statusRuns });
    const verdict = status.wallMs / 1000 <= STATUS_BAR_S ? `meets the ≤ ${STATUS_BAR_S} s bar` : `OVER the ≤ ${STATUS_BAR_S} s bar`;
    row('status, nothing pending, PostgreSQL 15', (status.wallMs / 1000).toFixed(2), 's', `median of ${statusRuns} (${status.walls.map((w) => (w / 1000).toFixed(2)).join(', ')}); whole CLI process; ${pendingOf(status)} pending; ${verdict}`);
  } finally {
    pg.stop();
  }
}
