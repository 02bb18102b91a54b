/**
 * The pure half of applying: the history checks (pg-migrations' own rules), which statements of a file are sent,
 * where a database error lands in the file, the history-table judgement, the layout gate and URL masking.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { errorSpan } from '../../server/src/migrations/errorPosition';
import { HISTORY_SQL, judgeHistory, PG_MIGRATIONS_VERSION, type HistoryRow, type TableColumn } from '../../server/src/migrations/history';
import { judgeLayout } from '../../server/src/migrations/applyLayout';
import { planHistory, planStatements, type MigrationSource } from '../../server/src/migrations/plan';
import { maskUrl, scrubSecret } from '../../server/src/migrations/target';
import { loadParser, parseFile } from '../helpers/parser';

before(() => loadParser());

const file = (name: string, script = `-- ${name}\nCREATE TABLE t${name.slice(0, 2)} (id int);\n`): MigrationSource => ({
  path: `db/migrations/${name}`,
  name,
  index: Number.parseInt(name, 10),
  script,
});
const row = (source: MigrationSource, extra: Partial<HistoryRow> = {}): HistoryRow => ({
  index: source.index,
  name: source.name,
  script: source.script,
  appliedAt: new Date('2026-11-20T14:02:00Z'),
  ignoredError: null,
  obsolete: false,
  ...extra,
});
const codes = (plan: ReturnType<typeof planHistory>) => plan.findings.map((f) => `${f.file} ${f.code}`);

describe('planHistory (pg-migrations validateMigrationsSequence)', () => {
  const a = file('01-a.sql');
  const b = file('02-b.sql');
  const c = file('03-c.sql');

  test('nothing applied: every file pending, in number order', () => {
    const plan = planHistory([c, a, b], [], 'db/migrations');
    assert.deepEqual(plan.pending.map((f) => f.name), ['01-a.sql', '02-b.sql', '03-c.sql']);
    assert.deepEqual(plan.findings, []);
  });

  test('applied rows match files by number; the rest are pending', () => {
    const plan = planHistory([a, b, c], [row(a), row(b)], 'db/migrations');
    assert.deepEqual(plan.pending.map((f) => f.name), ['03-c.sql']);
    assert.deepEqual(plan.applied.map((r) => [r.name, r.path]), [['01-a.sql', 'db/migrations/01-a.sql'], ['02-b.sql', 'db/migrations/02-b.sql']]);
    assert.deepEqual(plan.findings, []);
  });

  test('an edited applied file is migration-edited on line 1, naming the first changed line', () => {
    const edited = { ...b, script: b.script.replace('int', 'bigint') };
    const plan = planHistory([a, edited, c], [row(a), row(b)], 'db/migrations');
    assert.deepEqual(codes(plan), ['db/migrations/02-b.sql migration-edited']);
    assert.deepEqual(plan.findings[0].span, { start: 0, end: '-- 02-b.sql'.length });
    assert.match(plan.findings[0].message, /line 2/);
  });

  test('a byte-order mark or a line ending is an edit: the text must be identical, as pg-migrations compares it', () => {
    const plan = planHistory([{ ...a, script: a.script.replace(/\n/g, '\r\n') }], [row(a)], 'db/migrations');
    assert.deepEqual(codes(plan), ['db/migrations/01-a.sql migration-edited']);
  });

  test('a history row without its file is migration-missing, named in the migrations directory', () => {
    const plan = planHistory([a, c], [row(a), row(b)], 'db/migrations');
    assert.ok(codes(plan).includes('db/migrations/02-b.sql migration-missing'), codes(plan).join());
  });

  test('an unapplied file before an applied one is migration-out-of-order', () => {
    const plan = planHistory([a, b, c], [row(a), row(c)], 'db/migrations');
    assert.deepEqual(codes(plan), ['db/migrations/02-b.sql migration-out-of-order']);
    assert.match(plan.findings[0].message, /03-c\.sql/);
  });

  test('two files with one number are migration-duplicate-index on each', () => {
    const plan = planHistory([a, file('1-other.sql'), b], [], 'db/migrations');
    assert.deepEqual(codes(plan).sort(), ['db/migrations/01-a.sql migration-duplicate-index', 'db/migrations/1-other.sql migration-duplicate-index']);
  });

  test('ignored_error set by "pg-migrations ignore-error" silences that check, as in pg-migrations', () => {
    const edited = { ...a, script: 'changed' };
    assert.deepEqual(codes(planHistory([edited], [row(a, { ignoredError: 'migration_file_edited' })], 'd')), []);
    assert.deepEqual(codes(planHistory([], [row(a, { ignoredError: 'migration_file_missing' })], 'd')), []);
    assert.deepEqual(codes(planHistory([a, b], [row(b, { ignoredError: 'migration_order_change' })], 'd')), []);
  });

  test('obsolete rows do not count as applied', () => {
    const plan = planHistory([a], [row(a, { obsolete: true, script: 'old text' })], 'db/migrations');
    assert.deepEqual(plan.pending.map((f) => f.name), ['01-a.sql']);
    assert.deepEqual(plan.findings, []);
  });
});

describe('per-file states (what status prints and the code lens shows)', () => {
  const a = file('01-a.sql');
  const b = file('02-b.sql');
  const c = file('03-c.sql');
  const d = file('04-d.sql');
  const at = new Date('2026-11-20T14:02:00Z');
  const states = (plan: ReturnType<typeof planHistory>) => plan.files.map((f) => [f.name, f.path, f.state]);

  test('applied (with when), edited (with the first changed line), file missing (where it was), out of order, pending', () => {
    const edited = { ...a, script: a.script.replace('int', 'text') };
    const plan = planHistory([d, c, edited], [row(a), row(b), row(d)], 'db/migrations');
    assert.deepEqual(states(plan), [
      ['01-a.sql', 'db/migrations/01-a.sql', { kind: 'edited', appliedAt: at, firstDifferentLine: 2 }],
      ['02-b.sql', 'db/migrations/02-b.sql', { kind: 'file-missing', appliedAt: at }],
      ['03-c.sql', 'db/migrations/03-c.sql', { kind: 'out-of-order', appliedAfter: '04-d.sql' }],
      ['04-d.sql', 'db/migrations/04-d.sql', { kind: 'applied', appliedAt: at }],
    ]);
    const pending = planHistory([a, b], [row(a)], 'db/migrations');
    assert.deepEqual(states(pending).map(([name, , state]) => [name, state]), [['01-a.sql', { kind: 'applied', appliedAt: at }], ['02-b.sql', { kind: 'pending' }]]);
  });

  test('every file gets exactly one state, agreeing with the findings', () => {
    const dup = file('2-dup.sql');
    const plan = planHistory([a, b, dup, c], [row(a), row(b)], 'db/migrations');
    assert.deepEqual(plan.files.map((f) => [f.name, f.state.kind]), [
      ['01-a.sql', 'applied'],
      ['02-b.sql', 'duplicate-index'],
      ['2-dup.sql', 'duplicate-index'],
      ['03-c.sql', 'pending'],
    ]);
    assert.deepEqual(plan.files.find((f) => f.name === '2-dup.sql')?.state, { kind: 'duplicate-index', applied: true });
    assert.deepEqual(codes(plan).sort(), ['db/migrations/02-b.sql migration-duplicate-index', 'db/migrations/2-dup.sql migration-duplicate-index']);
  });

  test('an edit accepted with "pg-migrations ignore-error" reads as applied; obsolete rows are not there at all', () => {
    const plan = planHistory([{ ...a, script: 'changed' }, b], [row(a, { ignoredError: 'migration_file_edited' }), row(b, { obsolete: true })], 'd');
    assert.deepEqual(plan.files.map((f) => f.state.kind), ['applied', 'pending']);
  });
});

describe('planStatements', () => {
  const plan = (text: string, sendDdlx = false) => planStatements(parseFile(text), { sendDdlx });
  const texts = (list: { text: string }[]) => list.map((s) => s.text);

  test('DDLX is skipped for Postgres and PGlite, sent verbatim to the proxy (decided by the AST)', () => {
    const text = 'CREATE TABLE items (id uuid PRIMARY KEY);\nALTER TABLE items ENABLE ELECTRIC;\nELECTRIC GRANT READ ON items TO ANYONE;\n';
    assert.deepEqual(texts(plan(text).statements), ['CREATE TABLE items (id uuid PRIMARY KEY)']);
    assert.deepEqual(texts(plan(text).skippedDdlx), ['ALTER TABLE items ENABLE ELECTRIC', 'ELECTRIC GRANT READ ON items TO ANYONE']);
    assert.deepEqual(texts(plan(text, true).statements).length, 3);
    assert.deepEqual(plan(text, true).skippedDdlx, []);
  });

  test('text that merely mentions ENABLE ELECTRIC (a comment, a string) is sent', () => {
    const text = "-- ALTER TABLE items ENABLE ELECTRIC;\nINSERT INTO notes VALUES ('ALTER TABLE items ENABLE ELECTRIC');\n";
    assert.deepEqual(plan(text).skippedDdlx, []);
    assert.equal(plan(text).statements.length, 1);
  });

  test("a file's own BEGIN opens the engine's transaction; its COMMIT is not sent", () => {
    const p = plan('BEGIN ISOLATION LEVEL SERIALIZABLE;\nCREATE TABLE a (id int);\nCOMMIT;\n');
    assert.equal(p.begin?.text, 'BEGIN ISOLATION LEVEL SERIALIZABLE');
    assert.deepEqual(texts(p.statements), ['CREATE TABLE a (id int)']);
    assert.deepEqual(texts(p.transactionControl), ['COMMIT']);
    assert.deepEqual(p.problems, []);
  });

  test('several BEGIN…COMMIT blocks become one transaction; savepoints are sent', () => {
    const p = plan('BEGIN; CREATE TABLE a (id int); COMMIT; START TRANSACTION; SAVEPOINT s; CREATE TABLE b (id int); ROLLBACK TO SAVEPOINT s; RELEASE s; END;');
    assert.equal(p.begin?.text, 'BEGIN');
    assert.deepEqual(texts(p.statements), ['CREATE TABLE a (id int)', 'SAVEPOINT s', 'CREATE TABLE b (id int)', 'ROLLBACK TO SAVEPOINT s', 'RELEASE s']);
    assert.deepEqual(texts(p.transactionControl), ['COMMIT', 'START TRANSACTION', 'END']);
  });

  test('ROLLBACK or PREPARE TRANSACTION refuse the file (apply-failed at the statement)', () => {
    for (const text of ['CREATE TABLE a (id int);\nROLLBACK;\n', 'CREATE TABLE a (id int);\nABORT;\n', "PREPARE TRANSACTION 'x';\n"]) {
      const p = plan(text);
      assert.deepEqual(p.problems.map((f) => f.code), ['apply-failed'], text);
    }
    const p = plan('CREATE TABLE a (id int);\nROLLBACK;\n');
    assert.deepEqual(p.problems[0].span, { start: 25, end: 33 });
  });

  test('a BEGIN after other statements is not the opener', () => {
    const p = plan('CREATE TABLE a (id int); BEGIN; CREATE TABLE b (id int); COMMIT;');
    assert.equal(p.begin, undefined);
    assert.deepEqual(texts(p.transactionControl), ['BEGIN', 'COMMIT']);
  });
});

describe('errorSpan', () => {
  const text = 'CREATE TABLE a (id int);\nSELECT nosuch FROM a;\n';

  test("Postgres' 1-based position within the statement is placed in the file, on the token", () => {
    const statement = parseFile(text).statements[1];
    const span = errorSpan(statement, { message: 'column "nosuch" does not exist', position: 8 });
    assert.equal(text.slice(span.start, span.end), 'nosuch');
  });

  test('positions count characters: an astral character before the error is one', () => {
    const t = "SELECT '😀', nosuch";
    const s = { span: { start: 10, end: 10 + t.length }, text: t };
    const span = errorSpan(s, { message: 'x', position: 13 });
    assert.equal(t.slice(span.start - 10, span.end - 10), 'nosuch');
  });

  test('an error inside a function body is found through internalQuery', () => {
    const t = "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT nosuch $$";
    const s = { span: { start: 0, end: t.length }, text: t };
    const span = errorSpan(s, { message: 'x', internalQuery: ' SELECT nosuch ', internalPosition: 9 });
    assert.equal(t.slice(span.start, span.end), 'nosuch');
  });

  test('without a position, the first line of the statement', () => {
    const s = { span: { start: 5, end: 30 }, text: 'INSERT INTO a\nVALUES (1, 2)' };
    assert.deepEqual(errorSpan(s, { message: 'duplicate key' }), { start: 5, end: 5 + 'INSERT INTO a'.length });
  });
});

describe('judgeHistory', () => {
  const versionColumns: TableColumn[] = [
    { table: 'atdatabases_migrations_version', column: 'id', type: 'integer', notNull: true, hasDefault: false },
    { table: 'atdatabases_migrations_version', column: 'version', type: 'text', notNull: false, hasDefault: false },
  ];
  const appliedColumns: TableColumn[] = [
    ['id', 'bigint'], ['index', 'integer'], ['name', 'text'], ['script', 'text'],
    ['applied_at', 'timestamp with time zone'], ['ignored_error', 'text'], ['obsolete', 'boolean'],
  ].map(([column, type]) => ({ table: 'atdatabases_migrations_applied', column, type, notNull: column !== 'ignored_error', hasDefault: column === 'id' }));

  test('no tables: empty; both with the current or an older 2.x+ version: present', () => {
    assert.deepEqual(judgeHistory([], undefined), { kind: 'empty' });
    assert.deepEqual(judgeHistory(versionColumns, undefined), { kind: 'versionTableOnly' });
    assert.deepEqual(judgeHistory([...versionColumns, ...appliedColumns], PG_MIGRATIONS_VERSION), { kind: 'present', version: '5.0.3' });
    assert.deepEqual(judgeHistory([...versionColumns, ...appliedColumns], '2.1.0'), { kind: 'present', version: '2.1.0' });
  });

  test('a newer or pre-2.0 layout, a NULL version, missing or retyped columns: unusable, with a reason', () => {
    const all = [...versionColumns, ...appliedColumns];
    for (const [columns, version, reason] of [
      [all, '6.0.0', /newer/],
      [all, '1.2.0', /older than 2\.0\.0/],
      [all, null, /no version/],
      [all.filter((c) => c.column !== 'obsolete'), '5.0.3', /no column "obsolete"/],
      [all.map((c) => (c.column === 'index' ? { ...c, type: 'text' } : c)), '5.0.3', /index is text, expected integer/],
      [[...all, { table: 'atdatabases_migrations_applied', column: 'checksum', type: 'text', notNull: true, hasDefault: false }], '5.0.3', /NOT NULL column "checksum"/],
      [appliedColumns, undefined, /exists but atdatabases_migrations_version does not/],
    ] as const) {
      const verdict = judgeHistory(columns, version);
      assert.equal(verdict.kind, 'unusable', String(version));
      if (verdict.kind === 'unusable') assert.match(verdict.problem, reason);
    }
  });

  test('the history insert is the text the proxy recognises, parameterised', () => {
    assert.match(HISTORY_SQL.insertApplied, /^INSERT INTO "atdatabases_migrations_applied"\n  \(\n    index, name, script,\n    applied_at, ignored_error, obsolete\n  \)\nVALUES/);
    assert.match(HISTORY_SQL.insertApplied, /\$1, \$2, \$3,\n    \$4,\n    \$5,\n    \$6\n/);
  });
});

describe('judgeLayout', () => {
  const entries = (...names: string[]) => names.map((name) => ({ name: name.replace(/\/$/, ''), isDirectory: name.endsWith('/') }));

  test('pg-migrations folders pass; _ files and subfolders are ignored', () => {
    assert.deepEqual(judgeLayout(entries('01-a.sql', '2-b.sql', '_seed.sql', 'notes.md', 'old/'), 'db/migrations'), { kind: 'pg-migrations' });
    assert.deepEqual(judgeLayout([], 'db/migrations'), { kind: 'pg-migrations' });
  });

  test('other tools are named', () => {
    const refused = (...names: string[]) => {
      const verdict = judgeLayout(entries(...names), 'm');
      return verdict.kind === 'refused' ? verdict.message : '';
    };
    assert.match(refused('20240101120000_init/', 'migration_lock.toml'), /prisma migrate deploy/);
    assert.match(refused('1_init.up.sql', '1_init.down.sql'), /golang-migrate/);
    assert.match(refused('0000_init.sql', 'meta/'), /drizzle-kit migrate/);
    assert.match(refused('20240101_init.sql'), /dbmate up/);
    assert.match(refused('01-a.sql', '02-b.ts'), /JavaScript\/TypeScript migrations/);
    assert.match(refused('01-a.sql', 'draft.sql'), /"draft\.sql".*prefix them with "_"/);
  });
});

describe('masking passwords', () => {
  test('URLs and key=value strings show *** for the password', () => {
    assert.equal(maskUrl('postgresql://postgres:proxy_password@localhost:65432/app'), 'postgresql://postgres:***@localhost:65432/app');
    assert.equal(maskUrl('postgres://u:p%40ss@h/db?sslmode=require'), 'postgres://u:***@h/db?sslmode=require');
    assert.equal(maskUrl('postgres://u@h/db'), 'postgres://u@h/db');
    assert.equal(maskUrl("host=h password='a b' user=u"), 'host=h password=*** user=u');
    assert.equal(scrubSecret('failed for secret123 and secret123', 'secret123'), 'failed for *** and ***');
  });
});
