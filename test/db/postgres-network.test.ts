/**
 * The network between the applier and PostgreSQL failing: a host that accepts TCP but never answers (bounded by
 * the connect timeout, not a hang), and the connection cut in the middle of a file (the file is rolled back on the
 * server, no history row, the lock goes with the session, the next apply applies it). Real TCP, a real server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openPostgres } from '../../server/src/migrations/targets/postgres';
import { assertStatus, makeProject, runCli, runJson, startNode, waitFor } from './support/cli';
import { freshDatabase, sharedPostgres, sql, stopStartedServers, type PostgresServer } from './support/postgres';
import { relayTo, silentServer } from './support/tcp';

let server: PostgresServer;
before(async () => {
  server = await sharedPostgres();
});
after(stopStartedServers);

const project = (files: Record<string, string>) =>
  makeProject(Object.fromEntries(Object.entries(files).map(([name, text]) => [`db/migrations/${name}`, text])));

/** `url` pointing at 127.0.0.1:`port` instead of its own host and port. */
function through(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

describe('network failures', () => {
  test('a host that accepts the connection and never answers: exit 2, one line, within the connect timeout', async () => {
    const port = await silentServer();
    const dir = project({ '01-a.sql': 'CREATE TABLE a (id int);\n' });
    for (const command of ['status', 'apply']) {
      const started = performance.now();
      const result = await runCli([command, '--database', `postgres://postgres:hunter2@127.0.0.1:${port}/app?connect_timeout=2`], dir);
      const ms = performance.now() - started;
      assertStatus(result, 2);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/app\?connect_timeout=2: no answer within the connect timeout/);
      assert.doesNotMatch(result.stderr, /hunter2/);
      assert.ok(ms >= 1900, `waited the connect timeout (${ms.toFixed(0)} ms)`);
      assert.ok(ms < 6000, `and not much longer (${ms.toFixed(0)} ms)`);
    }
  });

  test('the connection cut mid-file: the apply fails at once, the file is rolled back, no history row; the next apply applies it', async () => {
    const url = await freshDatabase(server, 'cut');
    const relay = await relayTo(Number(new URL(url).port));
    const dir = project({
      '01-first.sql': 'CREATE TABLE first (id int);\n',
      '02-slow.sql': 'CREATE TABLE half_done (id int);\nSELECT pg_sleep(30);\n',
    });
    const applier = startNode(['apply', '--format', 'json', '--database', through(url, relay.port)], dir);
    const backend = await waitFor('the applier to be inside pg_sleep in the second file', async () => {
      const rows = await sql<{ pid: number }>(url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'electric-migrations' AND query LIKE 'SELECT pg_sleep%'");
      return rows[0]?.pid;
    });
    const cutAt = performance.now();
    relay.cut();
    const done = await applier.done;
    // Well before the statement would have ended on its own (30 s), with room for a busy two-core CI machine.
    assert.ok(performance.now() - cutAt < 15_000, `the applier noticed at once (${(performance.now() - cutAt).toFixed(0)} ms)`);
    assert.equal(done.status, 1, applier.stderr());
    const report = JSON.parse(applier.stdout()) as { applied: string[]; pending: string[]; diagnostics: Array<{ code: string; file: string; message: string }> };
    assert.deepEqual(report.applied, ['01-first.sql']);
    assert.deepEqual(report.pending, ['02-slow.sql']);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.file]), [['apply-failed', 'db/migrations/02-slow.sql']]);
    assert.match(report.diagnostics[0].message, /not applied/);

    // The server ends the orphaned session (client_connection_check_interval): its transaction and lock go with it.
    await waitFor('the cut session to end', async () => (await sql(url, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [backend])).length === 0, 10_000);
    const tables = await sql<{ t: string }>(url, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    assert.deepEqual(tables.map((r) => r.t), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'first']);
    assert.deepEqual((await sql<{ name: string }>(url, 'SELECT name FROM atdatabases_migrations_applied')).map((r) => r.name), ['01-first.sql']);
    const next = await runJson('apply', ['--database', url], dir);
    assertStatus(next, 0);
    assert.deepEqual(next.report.applied, ['02-slow.sql']);
  });

  test('sessions ask the server to probe a silent client (tcp_keepalives_*) and to check the socket while a statement runs', async () => {
    const url = await freshDatabase(server, 'keepalive');
    const target = await openPostgres(url, 'postgres');
    try {
      const rows = await target.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('tcp_keepalives_idle', 'tcp_keepalives_interval', 'tcp_keepalives_count', 'client_connection_check_interval') ORDER BY name",
      );
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, r.setting])), {
        client_connection_check_interval: '1000',
        tcp_keepalives_count: '3',
        tcp_keepalives_idle: '10',
        tcp_keepalives_interval: '5',
      });
    } finally {
      await target.close();
    }
  });
});
