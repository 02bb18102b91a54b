/**
 * The schema rules end to end through the real CLI: `lint --dir … --format json` over a folder whose violations
 * span three files (an electrified table in 01, changed in 02 and 03), severities from the registry, the
 * configuration file turning rules off or down, and a suppression comment.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertStatus, lintJson, makeProject, summarize } from './support/cli';

const FILES: Record<string, string> = {
  'db/migrations/01-create.sql': [
    'CREATE TABLE projects (',
    '  id uuid PRIMARY KEY,',
    '  name text,',
    '  owner_id uuid',
    ');',
    'ALTER TABLE projects ENABLE ELECTRIC;',
    'CREATE INDEX projects_owner_idx ON projects (owner);',
    '',
  ].join('\n'),
  'db/migrations/02-change.sql': [
    '-- Changes Electric rejects on the table electrified by 01.',
    'ALTER TABLE projects DROP COLUMN name;',
    'ALTER TABLE projects ADD COLUMN status varchar(20);',
    'ALTER TABLE projects ADD COLUMN archived bool NOT NULL;',
    '',
  ].join('\n'),
  'db/migrations/03-more.sql': [
    'DO $$ BEGIN PERFORM 1; END $$;',
    'ALTER TABLE tasks ADD COLUMN done bool;',
    'CREATE TABLE projects (id uuid PRIMARY KEY);',
    'DROP TABLE projects;',
    '',
  ].join('\n'),
};

const EXPECTED = [
  'db/migrations/01-create.sql:7 unknown-column error',
  'db/migrations/02-change.sql:2 drop-electrified-column error',
  'db/migrations/02-change.sql:3 add-column-unsupported-type error',
  'db/migrations/02-change.sql:4 add-column-not-null warning',
  'db/migrations/03-more.sql:1 do-block error',
  'db/migrations/03-more.sql:2 unknown-table warning',
  'db/migrations/03-more.sql:3 duplicate-table error',
  'db/migrations/03-more.sql:4 drop-electrified-table error',
];

describe('electric-migrations lint: schema rules', { concurrency: 4 }, () => {
  test('each violation with its id, line, column and severity; exit 1', async () => {
    const dir = makeProject(FILES);
    const { status, report, stderr } = await lintJson(['--dir', 'db/migrations'], dir);
    assert.equal(status, 1, stderr);
    assert.equal(report.files, 3);
    assert.deepEqual(report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.severity}`), EXPECTED);
    const byCode = new Map(report.diagnostics.map((d) => [d.code, d]));
    // Ranges: the smallest node that is wrong.
    assert.deepEqual(pick(byCode.get('drop-electrified-column')!), { column: 34, endColumn: 38 }, 'the column name');
    assert.deepEqual(pick(byCode.get('add-column-unsupported-type')!), { column: 40, endColumn: 51 }, 'the type');
    assert.deepEqual(pick(byCode.get('do-block')!), { column: 1, endColumn: 3 }, 'the DO keyword');
    assert.deepEqual(pick(byCode.get('drop-electrified-table')!), { column: 12, endColumn: 20 }, 'the table name');
    assert.match(byCode.get('drop-electrified-column')!.message, /^Electric rejects this \(EX010\): Cannot drop column "name" of electrified table "public"\."projects"/);
    assert.match(byCode.get('add-column-unsupported-type')!.message, /\(EX005\): Cannot electrify column of type "varchar\(20\)"/);
  });

  test('the Electric version changes what is reported', async () => {
    const dir = makeProject(FILES);
    const { report } = await lintJson(['--dir', 'db/migrations', '--electric-version', '0.8'], dir);
    const codes = summarize(report);
    assert.ok(!codes.includes('db/migrations/02-change.sql:3 add-column-unsupported-type'), 'varchar(20) passes 0.8');
    assert.ok(codes.includes('db/migrations/02-change.sql:2 drop-electrified-column'));
    const drop = report.diagnostics.find((d) => d.code === 'drop-electrified-column')!;
    assert.match(drop.message, /\(EX002\)/);
  });

  test('config: "off" drops a rule, "warning" and "error" change severities', async () => {
    const dir = makeProject({
      ...FILES,
      'electric-migrations.json': JSON.stringify({
        rules: { 'do-block': 'off', 'drop-electrified-column': 'warning', 'unknown-table': 'error', 'duplicate-table': 'off' },
      }),
    });
    const { status, report } = await lintJson(['--dir', 'db/migrations'], dir);
    assert.equal(status, 1);
    const lines = report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.severity}`);
    assert.deepEqual(lines, [
      'db/migrations/01-create.sql:7 unknown-column error',
      'db/migrations/02-change.sql:2 drop-electrified-column warning',
      'db/migrations/02-change.sql:3 add-column-unsupported-type error',
      'db/migrations/02-change.sql:4 add-column-not-null warning',
      'db/migrations/03-more.sql:2 unknown-table error',
      'db/migrations/03-more.sql:4 drop-electrified-table error',
    ]);
  });

  test('only warnings left: exit 0', async () => {
    const dir = makeProject({
      'db/migrations/01-create.sql': FILES['db/migrations/01-create.sql'].replace('(owner)', '(owner_id)'),
      'db/migrations/02-change.sql': 'ALTER TABLE projects ADD COLUMN archived bool NOT NULL;\nALTER TABLE tasks ADD COLUMN done bool;\n',
    });
    const { status, report } = await lintJson(['--dir', 'db/migrations'], dir);
    assertStatus({ status, stderr: JSON.stringify(report) }, 0);
    assert.deepEqual(summarize(report), ['db/migrations/02-change.sql:1 add-column-not-null', 'db/migrations/02-change.sql:2 unknown-table']);
  });

  test('a suppression comment silences one finding, and only that one', async () => {
    const dir = makeProject({
      ...FILES,
      'db/migrations/02-change.sql': [
        '-- Changes Electric rejects on the table electrified by 01.',
        '-- electric-migrations-ignore drop-electrified-column -- the column is dropped on a fork without Electric',
        'ALTER TABLE projects DROP COLUMN name;',
        'ALTER TABLE projects ADD COLUMN status varchar(20);',
        'ALTER TABLE projects ADD COLUMN archived bool NOT NULL;',
        '',
      ].join('\n'),
    });
    const { status, report } = await lintJson(['--dir', 'db/migrations'], dir);
    assert.equal(status, 1);
    const lines = summarize(report).filter((l) => l.includes('02-change'));
    assert.deepEqual(lines, ['db/migrations/02-change.sql:4 add-column-unsupported-type', 'db/migrations/02-change.sql:5 add-column-not-null']);
  });
});

function pick(d: { column: number; endColumn: number }): { column: number; endColumn: number } {
  return { column: d.column, endColumn: d.endColumn };
}
