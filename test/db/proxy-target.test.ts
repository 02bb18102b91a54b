/**
 * The electric-proxy target, without an Electric server (none runs here): it must differ from the postgres target
 * only in sending DDLX verbatim. A PostgreSQL that logs every statement (`log_statement=all`) and requires a
 * password shows exactly what arrives: each file's statements, in order, one file per transaction together with the
 * history INSERT that Electric's proxy reads the migration version from (extended protocol, six columns).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadParser, parseFile } from '../helpers/parser';
import { assertStatus, makeProject, runCli, runJson } from './support/cli';
import { freshDatabase, serverLog, sql, startPostgres, stopStartedServers, type PostgresServer } from './support/postgres';

const PASSWORD = 'pr0xy pass/word';
let server: PostgresServer;

before(async () => {
  await loadParser();
  server = await startPostgres({ password: PASSWORD, settings: ['log_statement=all', "log_line_prefix='%m [%p] %d '"] });
});
after(stopStartedServers);

const FILES: Record<string, string> = {
  '01-projects.sql': `-- Projects: a comment line, then a statement over several lines.
CREATE TABLE projects (
  id uuid PRIMARY KEY,
  name text NOT NULL -- trailing comment
);
CREATE INDEX projects_name_idx ON projects (name);
`,
  '02-touch.sql': `CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.name := trim(NEW.name); -- a ";" inside the body
  RETURN NEW;
END;
$$;
CREATE TRIGGER projects_touch BEFORE INSERT ON projects FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO projects (id, name) VALUES ('6a8e2a1c-3f0b-4c55-9a55-9b2b0c1e2f3a', ' demo ');
`,
};

interface LogEntry {
  database: string;
  /** `statement`/`execute`: logged before running; `rejected`: a statement the server could not even parse. */
  kind: 'statement' | 'execute' | 'rejected' | 'other';
  text: string;
}

/** The server log as entries (a statement over several lines is one entry), for one database. */
function logOf(database: string): LogEntry[] {
  const entries = serverLog(server).split(/^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] )/m);
  return entries.flatMap((entry): LogEntry[] => {
    const match = /^\S+ \S+ \S+ \[\d+\] (\S*) ?(\w+):  ([\s\S]*)$/.exec(entry.replace(/\n$/, ''));
    if (!match || match[1] !== database) return [];
    // The stderr log continues a multi-line message with a tab after each line break.
    const body = match[3].replace(/\n\t/g, '\n');
    // log_statement needs a parse tree, so a syntax error is logged only as the ERROR's STATEMENT line.
    if (match[2] === 'STATEMENT') return [{ database, kind: 'rejected', text: body }];
    if (match[2] !== 'LOG') return [];
    if (body.startsWith('statement: ')) return [{ database, kind: 'statement' as const, text: body.slice('statement: '.length) }];
    const execute = /^execute [^:]+: ([\s\S]*)$/.exec(body);
    if (execute) return [{ database, kind: 'execute' as const, text: execute[1] }];
    return [{ database, kind: 'other' as const, text: body }];
  });
}

function urlWithPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

describe('the electric-proxy target', () => {
  test('sends the exact statements of each file, in order, one transaction per file with its history INSERT', async () => {
    const url = await freshDatabase(server, 'proxy_log');
    const database = new URL(url).pathname.slice(1);
    const dir = makeProject(Object.fromEntries(Object.entries(FILES).map(([n, t]) => [`db/migrations/${n}`, t])));
    const result = await runJson('apply', ['--target', 'electric-proxy', '--database', url], dir);
    assertStatus(result, 0);
    assert.equal(result.report.target, 'electric-proxy');
    assert.deepEqual(result.report.applied, ['01-projects.sql', '02-touch.sql']);

    const log = logOf(database);
    const begins = log.flatMap((e, i) => (e.kind === 'statement' && e.text === 'BEGIN' ? [i] : []));
    // The first transaction creates the history tables; then one per file.
    assert.equal(begins.length, 3, JSON.stringify(log, null, 1));
    for (const [n, name] of Object.keys(FILES).entries()) {
      const start = begins[n + 1];
      const end = log.findIndex((e, i) => i > start && e.kind === 'statement' && e.text === 'COMMIT');
      const inside = log.slice(start + 1, end);
      const expected = parseFile(FILES[name]).statements.map((s) => s.text);
      assert.match(inside[0].text, /^SELECT applied_at FROM "atdatabases_migrations_applied" WHERE index=\$1/, 'the concurrent-applier guard');
      assert.deepEqual(inside.slice(1, -1).map((e) => [e.kind, e.text]), expected.map((t) => ['statement', t]), name);
      const insert = inside[inside.length - 1];
      assert.equal(insert.kind, 'execute', 'the history INSERT goes through the extended protocol, with bound values');
      assert.match(insert.text, /^INSERT INTO "atdatabases_migrations_applied"\n  \(\n    index, name, script,\n    applied_at, ignored_error, obsolete\n  \)/);
    }
    assert.deepEqual(await sql(url, 'SELECT name FROM projects'), [{ name: 'demo' }]);
  });

  test('DDLX goes to the proxy verbatim (here Postgres rejects it), while the postgres target skips it', async () => {
    const url = await freshDatabase(server, 'proxy_ddlx');
    const database = new URL(url).pathname.slice(1);
    const ddlx = 'CREATE TABLE items (id uuid PRIMARY KEY);\nALTER TABLE items ENABLE ELECTRIC;\n';
    const dir = makeProject({ 'db/migrations/01-items.sql': ddlx });
    const proxy = await runJson('apply', ['--target', 'electric-proxy', '--database', url], dir);
    assertStatus(proxy, 1);
    assert.deepEqual(proxy.report.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`), ['apply-failed 2:26'], 'at ELECTRIC, where Postgres stops parsing');
    assert.deepEqual(proxy.report.skippedDdlx, []);
    assert.ok(logOf(database).some((e) => e.kind === 'rejected' && e.text === 'ALTER TABLE items ENABLE ELECTRIC'), 'sent verbatim');
    assert.deepEqual(await sql(url, "SELECT 1 FROM pg_tables WHERE tablename = 'items'"), [], 'rolled back');

    const plain = await runJson('apply', ['--database', url], dir);
    assertStatus(plain, 0);
    assert.deepEqual(plain.report.skippedDdlx.map((s) => s.statement), ['ALTER TABLE items ENABLE ELECTRIC']);
  });

  test('a wrong password: exit 2, one line, the password never printed, nothing written', async () => {
    const url = await freshDatabase(server, 'proxy_password');
    const wrong = 'wr0ng-Pa55-xyz';
    const dir = makeProject({ 'db/migrations/01-items.sql': 'CREATE TABLE items (id uuid PRIMARY KEY);\n' });
    for (const args of [['apply'], ['apply', '--target', 'electric-proxy'], ['status']]) {
      const result = await runCli([...args, '--database', urlWithPassword(url, wrong)], dir);
      assertStatus(result, 2);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /password authentication failed/);
      assert.match(result.stderr, /postgres:\*\*\*@/);
      assert.ok(!result.stderr.includes(wrong) && !result.stderr.includes(encodeURIComponent(wrong)), result.stderr);
    }
    assert.deepEqual(await sql(url, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'"), []);
  });
});
