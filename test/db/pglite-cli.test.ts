/**
 * The default target, PGlite in a directory, through real processes: the bundle running from a copy of dist/ alone
 * (what the VS Code extension ships), two appliers on one directory, and an applier killed mid-file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { lockFileOf } from '../../server/src/migrations/targets/lockFile';
import { openPgliteDirectory } from '../../server/src/migrations/targets/pglite';
import { assertStatus, makeProject, ROOT, runCli, runJson, startNode, waitFor } from './support/cli';

const ITEMS = 'CREATE TABLE items (id uuid PRIMARY KEY, title text);\nALTER TABLE items ENABLE ELECTRIC;\n';

function project(files: Record<string, string>): string {
  return makeProject(Object.fromEntries(Object.entries(files).map(([name, text]) => [`db/migrations/${name}`, text])));
}

describe('PGlite through the CLI', () => {
  test('runs from a copy of dist/ alone, with no node_modules anywhere above it', async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'electric-migrations-dist-'));
    try {
      for (const file of fs.readdirSync(path.join(ROOT, 'dist'))) {
        if (!file.endsWith('.map')) fs.copyFileSync(path.join(ROOT, 'dist', file), path.join(copy, file));
      }
      for (let dir = copy; dir !== path.dirname(dir); dir = path.dirname(dir)) {
        assert.equal(fs.existsSync(path.join(dir, 'node_modules')), false, `${dir}/node_modules would hide a missing file`);
      }
      const dir = project({ '01-items.sql': ITEMS, '02-seed.sql': "INSERT INTO items (id) VALUES ('0f0b8f0e-2b7e-4c1c-8b0a-3c6a2f4b9d11');\n" });
      const cli = path.join(copy, 'cli.js');
      const applied = await startNode(['apply', '--format', 'json'], dir, cli).done;
      assert.equal(applied.status, 0);
      assert.ok(fs.existsSync(path.join(dir, '.electric-migrations/pglite/PG_VERSION')), 'the default directory under cwd');
      const status = startNode(['status', '--format', 'json'], dir, cli);
      assert.equal((await status.done).status, 0, status.stderr());
      const report = JSON.parse(status.stdout()) as { target: string; applied: string[]; pending: string[] };
      assert.deepEqual([report.target, report.applied, report.pending], ['pglite', ['01-items.sql', '02-seed.sql'], []]);
      assert.equal(fs.existsSync(lockFileOf(path.join(dir, '.electric-migrations/pglite'))), false, 'the lock is released');
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  test('status and refused applies do not create a PGlite directory', async () => {
    const dir = project({ '01-items.sql': ITEMS, '02-drop.sql': 'ALTER TABLE items DROP COLUMN title;\n' });
    const status = await runJson('status', ['--pglite', 'data'], dir);
    assertStatus(status, 0);
    assert.deepEqual(status.report.pending, ['01-items.sql', '02-drop.sql']);
    assertStatus(await runCli(['apply', '--pglite', 'data'], dir), 1);
    assert.equal(fs.existsSync(path.join(dir, 'data')), false);
  });

  test('a second applier on the same directory fails at once: PGlite is never opened by two processes', async () => {
    // The first applier holds the directory for 6 s; "at once" means the second is done while the first still runs
    // (not a wall-clock bound, which a loaded machine would break).
    const dir = project({ '01-slow.sql': 'CREATE TABLE slow (id int);\nSELECT pg_sleep(6);\n' });
    const dataDir = path.join(dir, 'pg');
    const first = startNode(['apply', '--pglite', 'pg'], dir);
    await waitFor('the first applier to take the directory lock', () => fs.existsSync(lockFileOf(dataDir)));
    const second = startNode(['apply', '--pglite', 'pg'], dir);
    const secondDone = await second.done;
    assert.equal(secondDone.status, 1, second.stderr());
    assert.match(second.stderr(), /another apply is running: it holds the lock on the PGlite directory/);
    assert.equal(first.child.exitCode, null, `the second applier waited for the first (${secondDone.ms.toFixed(0)} ms)`);
    assert.equal((await first.done).status, 0, first.stderr());
    const status = await runJson('status', ['--pglite', 'pg'], dir);
    assert.deepEqual(status.report.applied, ['01-slow.sql']);
  });

  test('an applier killed (SIGKILL) mid-file leaves no table and no history row; its stale lock is taken over; the next apply applies it', async () => {
    const dir = project({ '01-items.sql': ITEMS, '02-slow.sql': 'CREATE TABLE half_done (id int);\nSELECT pg_sleep(5);\n' });
    const dataDir = path.join(dir, 'pg');
    const tsx = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    const applier = startNode([path.join(dir, 'db/migrations'), dataDir], dir, path.join(__dirname, 'support/apply-child.ts'), ['--import', tsx]);
    await waitFor('the applier to send pg_sleep in the second file', () =>
      applier.stdout().split('\n').some((line) => line.includes('"kind":"statement"') && line.includes('pg_sleep')), 60_000);
    applier.child.kill('SIGKILL');
    assert.equal((await applier.done).signal, 'SIGKILL');
    assert.ok(fs.existsSync(lockFileOf(dataDir)), 'the killed process could not remove its lock');

    const target = await openPgliteDirectory(dataDir);
    try {
      const tables = await target.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      assert.deepEqual(tables.map((r) => r.t), ['atdatabases_migrations_applied', 'atdatabases_migrations_version', 'items']);
      const history = await target.query<{ name: string }>('SELECT name FROM atdatabases_migrations_applied');
      assert.deepEqual(history.map((r) => r.name), ['01-items.sql']);
    } finally {
      await target.close();
    }
    const next = await runJson('apply', ['--pglite', 'pg'], dir);
    assertStatus(next, 0);
    assert.deepEqual(next.report.applied, ['02-slow.sql']);
  });
});
