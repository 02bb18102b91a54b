/**
 * `electric-migrations apply` and `status` against a real PostgreSQL (DATABASE_URL, or a throw-away server), each
 * test in its own database, through the built CLI as users run it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertStatus,
  makeProject,
  problems,
  ROOT,
  runCli,
  runJson,
  startNode,
  waitFor,
  writeFiles,
} from './support/cli';
import { freshDatabase, sharedPostgres, sql, stopStartedServers, type PostgresServer } from './support/postgres';

const PROJECTS = `-- Projects, electrified.
CREATE TABLE projects (
  id uuid PRIMARY KEY,
  name text NOT NULL
);

ALTER TABLE projects ENABLE ELECTRIC;
`;
const ISSUES = `CREATE TABLE issues (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects (id)
);
CREATE INDEX issues_project_idx ON issues (project_id);
`;
const SEED = `INSERT INTO projects (id, name) VALUES ('6a8e2a1c-3f0b-4c55-9a55-9b2b0c1e2f3a', 'demo');\n`;

let server: PostgresServer;
before(async () => {
  server = await sharedPostgres();
});
after(stopStartedServers);

async function tables(url: string): Promise<string[]> {
  const rows = await sql<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((r) => r.t);
}

async function history(url: string): Promise<Array<{ index: number; name: string; script: string }>> {
  return sql(url, 'SELECT index, name, script FROM atdatabases_migrations_applied ORDER BY index');
}

function project(files: Record<string, string>): string {
  return makeProject(Object.fromEntries(Object.entries(files).map(([name, text]) => [`db/migrations/${name}`, text])));
}

describe('apply to PostgreSQL', { concurrency: 4 }, () => {
  test('applies every pending file with its history row; DDLX is skipped and reported; a second apply does nothing', async () => {
    const url = await freshDatabase(server, 'all');
    const dir = project({ '01-projects.sql': PROJECTS, '02-issues.sql': ISSUES, '03-seed.sql': SEED, '_notes.sql': 'not SQL (' });
    const first = await runJson('apply', ['--database', url], dir);
    assertStatus(first, 0);
    assert.deepEqual(first.report, {
      version: 1,
      target: 'postgres',
      applied: ['01-projects.sql', '02-issues.sql', '03-seed.sql'],
      pending: [],
      skippedDdlx: [{ file: 'db/migrations/01-projects.sql', line: 7, statement: 'ALTER TABLE projects ENABLE ELECTRIC' }],
      diagnostics: [],
    });
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'issues', 'projects']);
    assert.deepEqual(await history(url), [
      { index: 1, name: '01-projects.sql', script: PROJECTS },
      { index: 2, name: '02-issues.sql', script: ISSUES },
      { index: 3, name: '03-seed.sql', script: SEED },
    ]);
    assert.deepEqual(await sql(url, 'SELECT id, version FROM atdatabases_migrations_version'), [{ id: 0, version: '5.0.3' }]);

    const second = await runCli(['apply', '--database', url], dir);
    assertStatus(second, 0);
    assert.match(second.stdout, /Nothing to apply: no pending migrations/);
    assert.equal((await history(url)).length, 3);

    const status = await runJson('status', ['--database', url], dir);
    assertStatus(status, 0);
    assert.deepEqual([status.report.applied, status.report.pending], [['01-projects.sql', '02-issues.sql', '03-seed.sql'], []]);
  });

  test('text output names each applied file and each skipped DDLX statement; the URL password is masked', async () => {
    const url = await freshDatabase(server, 'text');
    // Trust authentication ignores a password; a server that needs one already has it in the URL.
    const parsed = new URL(url);
    if (!parsed.password) parsed.password = 'not-needed-here';
    const withPassword = parsed.toString();
    const secret = decodeURIComponent(parsed.password);
    const dir = project({ '01-projects.sql': PROJECTS });
    const result = await runCli(['apply', '--database', withPassword], dir);
    assertStatus(result, 0);
    assert.match(result.stdout, /^applied 01-projects\.sql \(\d+ ms\)$/m);
    assert.match(result.stdout, /skipped db\/migrations\/01-projects\.sql:7:1 ALTER TABLE projects ENABLE ELECTRIC/);
    assert.ok(!(result.stdout + result.stderr).includes(secret), 'the password is never printed');
    assert.match(result.stdout, /postgres:\*\*\*@/);
  });

  test('history checks: edited, missing and out-of-order files refuse the apply (exit 1), nothing overrides them', async () => {
    const url = await freshDatabase(server, 'history');
    const dir = project({ '10-projects.sql': PROJECTS, '20-issues.sql': ISSUES });
    assertStatus(await runCli(['apply', '--database', url], dir), 0);
    const migrations = path.join(dir, 'db/migrations');

    fs.writeFileSync(path.join(migrations, '20-issues.sql'), ISSUES.replace('issues_project_idx', 'issues_project_id_idx'));
    fs.writeFileSync(path.join(migrations, '15-late.sql'), SEED);
    fs.writeFileSync(path.join(migrations, '30-seed.sql'), SEED);
    fs.rmSync(path.join(migrations, '10-projects.sql'));
    const refused = await runJson('apply', ['--database', url, '--allow-errors', '--yes'], dir);
    assertStatus(refused, 1);
    assert.deepEqual(problems(refused.report), [
      'migration-missing db/migrations/10-projects.sql:1:1',
      'migration-out-of-order db/migrations/15-late.sql:1:1',
      'migration-edited db/migrations/20-issues.sql:1:1',
    ]);
    assert.deepEqual(refused.report.applied, []);
    assert.deepEqual(refused.report.pending, ['15-late.sql', '30-seed.sql']);
    assert.equal((await history(url)).length, 2, 'nothing written');

    const status = await runJson('status', ['--database', url], dir);
    assertStatus(status, 1);
    assert.deepEqual(problems(status.report), problems(refused.report));
    assert.deepEqual(status.report.files?.map((f) => [f.name, f.state, typeof f.appliedAt]), [
      ['10-projects.sql', 'file-missing', 'string'],
      ['15-late.sql', 'out-of-order', 'undefined'],
      ['20-issues.sql', 'edited', 'string'],
      ['30-seed.sql', 'pending', 'undefined'],
    ]);
    const text = await runCli(['status', '--database', url], dir);
    assert.deepEqual(text.stdout.split('\n').filter((l) => /\d\d-\w+\.sql/.test(l) && !l.startsWith('db/')).map((l) => l.replace(/ on \d{4}-.*UTC/, ' on <when>')), [
      'applied, file missing 10-projects.sql (applied on <when>)',
      'out of order 15-late.sql (not applied, but 20-issues.sql, after it, is)',
      'edited since applied 20-issues.sql (applied on <when>; first difference on line 5)',
      'pending 30-seed.sql',
    ]);
  });

  test('a statement failing mid-file rolls the file back (no table, no history row) and is reported at its line', async () => {
    const url = await freshDatabase(server, 'fails');
    const failing = 'CREATE TABLE issues (id uuid PRIMARY KEY);\n\n-- the typo:\nSELECT titel FROM issues;\n';
    const dir = project({ '01-projects.sql': PROJECTS, '02-issues.sql': failing, '03-seed.sql': SEED });
    const result = await runJson('apply', ['--database', url], dir);
    assertStatus(result, 1);
    assert.deepEqual(result.report.applied, ['01-projects.sql']);
    assert.deepEqual(result.report.pending, ['02-issues.sql', '03-seed.sql']);
    const failure = result.report.diagnostics.find((d) => d.code === 'apply-failed');
    assert.ok(failure, JSON.stringify(result.report));
    assert.deepEqual([failure.file, failure.line, failure.column, failure.endColumn], ['db/migrations/02-issues.sql', 4, 8, 13]);
    assert.match(failure.message, /column "titel" does not exist/);
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'projects']);
    assert.deepEqual((await history(url)).map((r) => r.name), ['01-projects.sql']);

    const text = await runCli(['apply', '--database', url], dir);
    assert.match(text.stdout, /^db\/migrations\/02-issues\.sql:4:8 apply-failed /m);
  });

  test("a file with its own BEGIN/COMMIT (Electric's introduction example) is still one transaction with its history row", async () => {
    const url = await freshDatabase(server, 'own_tx');
    const ownTransaction = 'BEGIN;\nCREATE TABLE a (id int PRIMARY KEY);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int PRIMARY KEY);\nINSERT INTO b VALUES (1), (1);\nCOMMIT;\n';
    const dir = project({ '01-own.sql': ownTransaction });
    const failed = await runJson('apply', ['--database', url], dir);
    assertStatus(failed, 1);
    assert.deepEqual(problems(failed.report), ['apply-failed db/migrations/01-own.sql:6:1']);
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version'], 'table a rolled back too');

    fs.writeFileSync(path.join(dir, 'db/migrations/01-own.sql'), ownTransaction.replace('(1), (1)', '(1), (2)'));
    const applied = await runCli(['apply', '--database', url], dir);
    assertStatus(applied, 0);
    assert.match(applied.stdout, /its own BEGIN\/COMMIT were not sent/);
    assert.deepEqual((await tables(url)).filter((t) => !t.startsWith('atdatabases')), ['a', 'b']);
  });

  test('lint errors in pending files refuse the apply unless --allow-errors', async () => {
    const url = await freshDatabase(server, 'lint');
    const drop = 'ALTER TABLE projects DROP COLUMN name;\n';
    const dir = project({ '01-projects.sql': PROJECTS, '02-drop.sql': drop });
    const refused = await runJson('apply', ['--database', url], dir);
    assertStatus(refused, 1);
    assert.deepEqual(problems(refused.report), ['drop-electrified-column db/migrations/02-drop.sql:1:34']);
    assert.deepEqual(await tables(url), [], 'nothing written, not even the history tables');

    const forced = await runJson('apply', ['--database', url, '--allow-errors'], dir);
    assertStatus(forced, 0);
    assert.deepEqual(forced.report.applied, ['01-projects.sql', '02-drop.sql']);
  });

  test('--dry-run applies to a throw-away PGlite after replaying the applied files; the database is unchanged', async () => {
    const url = await freshDatabase(server, 'dry');
    const dir = project({ '01-projects.sql': PROJECTS });
    const emptyRun = await runJson('apply', ['--database', url, '--dry-run'], dir);
    assertStatus(emptyRun, 0);
    assert.deepEqual(emptyRun.report.applied, ['01-projects.sql']);
    assert.deepEqual(await tables(url), [], 'a dry run creates no history tables');

    assertStatus(await runCli(['apply', '--database', url], dir), 0);
    writeFiles(dir, { 'db/migrations/02-issues.sql': ISSUES, 'db/migrations/03-bad.sql': 'INSERT INTO issues (id, nope) VALUES (NULL, 1);\n' });
    const dry = await runJson('apply', ['--database', url, '--dry-run'], dir);
    assertStatus(dry, 1);
    assert.deepEqual(dry.report.applied, ['02-issues.sql'], 'the applied 01 was replayed, so 02 finds its table');
    assert.deepEqual(problems(dry.report), ['apply-failed db/migrations/03-bad.sql:1:25']);
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'projects']);
    assert.equal((await history(url)).length, 1);
  });
});

describe('a history written by an older @databases/pg-migrations: read, never rewritten', { concurrency: 2 }, () => {
  /** The tables' columns, the version row and every history row with its id: what "never rewritten" compares. */
  const snapshot = async (url: string) => ({
    columns: await sql(url, "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_name LIKE 'atdatabases%' ORDER BY table_name, ordinal_position"),
    version: await sql(url, 'SELECT id, version FROM atdatabases_migrations_version ORDER BY id'),
    rows: await sql(url, 'SELECT id, index, name, script, applied_at, ignored_error, obsolete FROM atdatabases_migrations_applied ORDER BY id'),
  });

  test('a 3.x history (an extra nullable column, an obsolete row): status reads it, apply adds one row and touches nothing else', async () => {
    const url = await freshDatabase(server, 'old_history');
    const first = 'CREATE TABLE projects (id uuid PRIMARY KEY, name text);\n';
    // The layout pg-migrations has written since 2.0 (the version row is the release that last upgraded it), with
    // a column a user added and an obsolete row, both of which this tool must leave as they are.
    await sql(url, 'CREATE TABLE atdatabases_migrations_version (id INTEGER NOT NULL PRIMARY KEY, version TEXT)');
    await sql(url, "INSERT INTO atdatabases_migrations_version VALUES (0, '3.1.0')");
    await sql(url, 'CREATE TABLE atdatabases_migrations_applied (id BIGSERIAL NOT NULL PRIMARY KEY, index INT NOT NULL, name TEXT NOT NULL, script TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL, ignored_error TEXT NULL, obsolete BOOLEAN NOT NULL, note TEXT)');
    await sql(url, first);
    await sql(url, "INSERT INTO atdatabases_migrations_applied (index, name, script, applied_at, ignored_error, obsolete) VALUES (1, '01-projects.sql', $1, '2023-05-01T10:00:00Z', NULL, false), (2, '02-old.sql', 'SELECT 1;', '2023-05-02T10:00:00Z', NULL, true)", [first]);
    const before = await snapshot(url);
    const dir = project({ '01-projects.sql': first, '02-seed.sql': SEED });

    const status = await runJson('status', ['--database', url], dir);
    assertStatus(status, 0);
    assert.deepEqual(status.report.files?.map((f) => [f.name, f.state, f.appliedAt]), [
      ['01-projects.sql', 'applied', '2023-05-01T10:00:00.000Z'],
      ['02-seed.sql', 'pending', undefined],
    ]);
    assert.deepEqual(await snapshot(url), before, 'status wrote nothing');

    const applied = await runJson('apply', ['--database', url], dir);
    assertStatus(applied, 0);
    assert.deepEqual(applied.report.applied, ['02-seed.sql']);
    const after = await snapshot(url);
    assert.deepEqual(after.columns, before.columns, 'the tables keep their layout');
    assert.deepEqual(after.version, [{ id: 0, version: '3.1.0' }], 'the version row is not upgraded');
    assert.deepEqual(after.rows.slice(0, 2), before.rows, 'the old rows are untouched');
    assert.deepEqual(after.rows.slice(2).map((r) => [r.index, r.name, r.obsolete]), [[2, '02-seed.sql', false]]);
  });

  test('a history older than 2.0 (no applied table) is refused with what to do: exit 2, nothing written', async () => {
    const url = await freshDatabase(server, 'pre2_history');
    await sql(url, 'CREATE TABLE atdatabases_migrations_version (id INTEGER NOT NULL PRIMARY KEY, version TEXT)');
    await sql(url, "INSERT INTO atdatabases_migrations_version VALUES (0, '1.4.0')");
    const dir = project({ '01-projects.sql': PROJECTS });
    for (const command of ['apply', 'status']) {
      const result = await runCli([command, '--database', url], dir);
      assertStatus(result, 2);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /older than 2\.0\.0.*run pg-migrations 5\.0\.3 once/);
    }
    assert.deepEqual(await tables(url), ['atdatabases_migrations_version']);
    assert.deepEqual(await sql(url, 'SELECT id, version FROM atdatabases_migrations_version'), [{ id: 0, version: '1.4.0' }]);
  });
});

describe('interoperating with @databases/pg-migrations', { concurrency: 2 }, () => {
  const pgMigrations = path.join(ROOT, 'node_modules/@databases/pg-migrations/lib/cli.js');
  const runPgMigrations = (url: string, dir: string) =>
    new Promise<{ status: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [pgMigrations, 'apply', '--database', url, '--directory', path.join(dir, 'db/migrations')],
        { cwd: dir, env: { ...process.env, CI: 'true', NODE_OPTIONS: '' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });

  test('pg-migrations applies 01–02, we apply 03', async () => {
    const url = await freshDatabase(server, 'interop_a');
    const dir = project({ '01-projects.sql': 'CREATE TABLE projects (id uuid PRIMARY KEY);\n', '02-issues.sql': ISSUES.replace('NOT NULL REFERENCES projects (id)', 'NOT NULL') });
    const theirs = await runPgMigrations(url, dir);
    assert.equal(theirs.status, 0, theirs.output);
    writeFiles(dir, { 'db/migrations/03-seed.sql': 'INSERT INTO projects (id) VALUES (gen_random_uuid());\n' });
    const ours = await runJson('apply', ['--database', url], dir);
    assertStatus(ours, 0);
    assert.deepEqual(ours.report.applied, ['03-seed.sql']);
    assert.deepEqual((await history(url)).map((r) => r.name), ['01-projects.sql', '02-issues.sql', '03-seed.sql']);
  });

  test('we apply 01–03, pg-migrations finds nothing to do', async () => {
    const url = await freshDatabase(server, 'interop_b');
    const dir = project({
      '01-projects.sql': 'CREATE TABLE projects (id uuid PRIMARY KEY);\n',
      '02-issues.sql': ISSUES.replace('NOT NULL REFERENCES projects (id)', 'NOT NULL'),
      '03-seed.sql': 'INSERT INTO projects (id) VALUES (gen_random_uuid());\n',
    });
    assertStatus(await runCli(['apply', '--database', url], dir), 0);
    const theirs = await runPgMigrations(url, dir);
    assert.equal(theirs.status, 0, theirs.output);
    assert.equal((await history(url)).length, 3, theirs.output);
    assert.deepEqual(await sql(url, 'SELECT count(*)::int AS n FROM projects'), [{ n: 1 }], 'the seed ran once');
  });
});

describe('concurrency and crashes', () => {
  test('two appliers at once: exactly one applies, the other fails within a second saying another apply holds the lock', async () => {
    const url = await freshDatabase(server, 'lock');
    const dir = project({ '01-slow.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(2);\n', '02-next.sql': 'CREATE TABLE next (id int);\n' });
    const first = startNode(['apply', '--database', url], dir);
    await waitFor('the first applier to hold the advisory lock', async () =>
      (await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))[0].n > 0);
    const second = await runCli(['apply', '--database', url], dir);
    const firstDone = await first.done;
    assert.equal(firstDone.status, 0, first.stderr());
    assertStatus(second, 1);
    assert.match(second.stderr, /another apply is running: it holds the lock on postgres:\/\/.* \(advisory lock\)/);
    assert.equal(second.stderr.trimEnd().split('\n').length, 1);
    assert.deepEqual((await history(url)).map((r) => r.name), ['01-slow.sql', '02-next.sql']);
  });

  test('a second applier fails fast: well within a second', async () => {
    const url = await freshDatabase(server, 'lock_fast');
    // "Fast" means done while the first still holds the lock (8 s), not a wall-clock bound a loaded machine breaks.
    const dir = project({ '01-slow.sql': 'SELECT pg_sleep(8);\n' });
    const first = startNode(['apply', '--database', url], dir);
    await waitFor('the first applier to hold the advisory lock', async () =>
      (await sql<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))[0].n > 0);
    const second = startNode(['apply', '--database', url], dir);
    const secondDone = await second.done;
    assert.equal(secondDone.status, 1, second.stderr());
    assert.equal(first.child.exitCode, null, `the second applier waited for the first (${secondDone.ms.toFixed(0)} ms)`);
    assert.equal((await first.done).status, 0);
  });

  test('an applier killed (SIGKILL) in the middle of a file leaves no table and no history row; the next apply applies it', async () => {
    const url = await freshDatabase(server, 'killed');
    const dir = project({ '01-projects.sql': PROJECTS, '02-slow.sql': 'CREATE TABLE half_done (id int);\nSELECT pg_sleep(5);\n' });
    const applier = startNode(['apply', '--database', url], dir);
    const backend = await waitFor('the applier to be inside pg_sleep in the second file', async () => {
      const rows = await sql<{ pid: number }>(url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'electric-migrations' AND query LIKE 'SELECT pg_sleep%'");
      return rows[0]?.pid;
    });
    applier.child.kill('SIGKILL');
    assert.equal((await applier.done).signal, 'SIGKILL');
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'projects']);
    assert.deepEqual((await history(url)).map((r) => r.name), ['01-projects.sql']);
    // The server ends the orphaned session (and so releases its lock) once it notices the client is gone.
    await waitFor('the killed session to end', async () =>
      (await sql(url, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend])).length === 0, 10_000);
    const next = await runJson('apply', ['--database', url], dir);
    assertStatus(next, 0);
    assert.deepEqual(next.report.applied, ['02-slow.sql']);
  });
});

describe('bad input: one clear line, exit 2, nothing written', { concurrency: 4 }, () => {
  const assertOneLine = (result: { status: number; stdout: string; stderr: string }, pattern: RegExp) => {
    assertStatus(result, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, pattern);
  };

  test('an unreachable database answers at once (refused) or within the connect timeout', async () => {
    const dir = project({ '01-projects.sql': PROJECTS });
    const refused = await runCli(['apply', '--database', 'postgres://postgres:hunter2@127.0.0.1:1/app'], dir);
    assertOneLine(refused, /cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/app: connection refused/);
    assert.doesNotMatch(refused.stderr, /hunter2/);
    // A non-routable address: no answer at all, so the connect timeout decides.
    const started = performance.now();
    const silent = await runCli(['status', '--database', 'postgres://postgres@10.255.255.1:5432/app?connect_timeout=2'], dir);
    assertOneLine(silent, /cannot connect to postgres:\/\/postgres@10\.255\.255\.1:5432\/app\?connect_timeout=2: /);
    assert.ok(performance.now() - started < 8000, 'bounded by the connect timeout');
  });

  test('a missing directory, an unreadable file', async () => {
    const url = await freshDatabase(server, 'bad_files');
    assertOneLine(await runCli(['apply', '--database', url, '--dir', 'nowhere'], project({})), /migrations directory not found: nowhere/);
    const dir = project({ '01-projects.sql': PROJECTS });
    fs.symlinkSync(path.join(dir, 'gone.sql'), path.join(dir, 'db/migrations/02-gone.sql'));
    assertOneLine(await runCli(['apply', '--database', url], dir), /cannot read db\/migrations\/02-gone\.sql: a broken symbolic link/);
    assert.deepEqual(await tables(url), []);
  });

  test('a history table with unexpected columns', async () => {
    const url = await freshDatabase(server, 'bad_history');
    await sql(url, 'CREATE TABLE atdatabases_migrations_version (id integer PRIMARY KEY, version text)');
    await sql(url, "INSERT INTO atdatabases_migrations_version VALUES (0, '5.0.3')");
    await sql(url, 'CREATE TABLE atdatabases_migrations_applied (id serial PRIMARY KEY, name text, checksum text)');
    const dir = project({ '01-projects.sql': PROJECTS });
    assertOneLine(await runCli(['apply', '--database', url], dir), /atdatabases_migrations_applied has no column "index"/);
    assertOneLine(await runCli(['status', '--database', url], dir), /has no column "index"/);
    assert.deepEqual(await tables(url), ['atdatabases_migrations_applied', 'atdatabases_migrations_version']);
  });

  test('another layout is refused, naming the tool that applies it', async () => {
    const dir = makeProject({ 'db/migrations/20240101_init.sql': PROJECTS });
    assertOneLine(await runCli(['apply', '--pglite', 'x'], dir), /looks like a dbmate folder.*dbmate up/);
    assert.equal(fs.existsSync(path.join(dir, 'x')), false);
  });
});
