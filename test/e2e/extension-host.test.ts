// The extension's test suite (test/e2e/suite) in a real VS Code: code-server's bundled VS Code server, its
// workbench in headless Chromium, the extension loaded from this repository (extensionDevelopmentPath) and the
// suite run by the extension host (extensionTestsPath). Each test of the suite is reported here as a subtest; then
// the PGlite database that "Apply Pending Migrations" wrote is opened here and its tables checked.
// Skips (with the reason) when scripts/e2e-setup.sh has not installed the toolchain, unless E2E_REQUIRED=1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { runSuiteInCodeServer } from './support/codeServer';
import { toolchainOrSkip, withLock } from './support/toolchain';

const { toolchain, skip } = toolchainOrSkip('the real-VS Code extension tests');

test('extension tests in code-server\'s VS Code (extensionTestsPath)', { skip, timeout: 12 * 60_000 }, async (t) => {
  let tables: string[] | undefined;
  let history: string[] | undefined;
  const result = await withLock(() => runSuiteInCodeServer(toolchain!, {
    inspect: async (lines) => {
      const dir = lines.map((l) => /^\[electric-e2e\] PGLITE (.+)$/.exec(l)?.[1]).find(Boolean);
      if (!dir) return;
      const db = await PGlite.create({ dataDir: dir });
      try {
        tables = (await db.query<{ name: string }>(`SELECT table_name || '(' || string_agg(column_name, ',' ORDER BY ordinal_position) || ')' AS name
          FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'atdatabases%' GROUP BY table_name ORDER BY table_name`)).rows.map((r) => r.name);
        history = (await db.query<{ name: string }>('SELECT name FROM atdatabases_migrations_applied ORDER BY index')).rows.map((r) => r.name);
        const index = await db.query("SELECT 1 FROM pg_indexes WHERE indexname = 'issues_project_id'");
        if (index.rows.length === 1) tables.push('index issues_project_id');
      } finally {
        await db.close();
      }
    },
  }));
  for (const line of result.lines.filter((l) => / LOG /.test(l))) t.diagnostic(line);
  const all = [...result.passed, ...result.failed.map((f) => f.name), ...result.skipped.map((s) => s.name)];
  assert.ok(all.length >= 20, `the suite reported ${all.length} tests; console:\n${result.lines.join('\n')}`);
  for (const name of result.passed) await t.test(name, () => {});
  for (const s of result.skipped) await t.test(s.name, { skip: s.reason }, () => {});
  for (const f of result.failed) await t.test(f.name, () => { assert.fail(f.message); });
  await t.test('the database Apply Pending Migrations wrote has the tables and the history', () => {
    assert.deepEqual(tables, ['issues(id,project_id,title)', 'projects(id,name,tags)', 'index issues_project_id']);
    assert.deepEqual(history, ['01-create_projects.sql', '02-create_issues.sql', '03-drop_projects.sql', '04-add_tags.sql']);
  });
});
