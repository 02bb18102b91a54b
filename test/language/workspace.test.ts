/**
 * The language service's workspace without a connection: incremental work held to a checked-in budget (statements
 * re-parsed and files re-checked per edit, machine-independent), places that stay right when an edit above moves
 * them, and schema snapshots "as of" a position.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { MigrationWorkspace } from '../../server/src/language/workspace';
import { loadParser, testParser } from '../helpers/parser';

const BUDGET = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'incremental-budget.json'), 'utf8')) as Record<string, { filesChecked: number; statementsParsed: number }>;
const DIR = 'db/migrations';

/** A realistic folder: 60 files, each creating and electrifying a table that references the previous one. */
function folder(count = 60): { path: string; text: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    const previous = i > 0 ? `,\n  t${i}_id uuid REFERENCES t${i} (id)` : '';
    return {
      path: `${DIR}/${n}-t${i + 1}.sql`,
      text: `-- table ${i + 1}\nCREATE TABLE t${i + 1} (\n  id uuid PRIMARY KEY,\n  name text NOT NULL${previous}\n);\n\nCREATE INDEX t${i + 1}_name ON t${i + 1} (name);\nALTER TABLE t${i + 1} ENABLE ELECTRIC;\n`,
    };
  });
}

function workspaceOf(documents: { path: string; text: string }[]): MigrationWorkspace {
  const workspace = new MigrationWorkspace({ parser: testParser(), settings: { electricVersion: '0.12', rules: {} }, migrationsDirectory: DIR });
  workspace.setDocuments(documents);
  workspace.analyse();
  return workspace;
}

/** The work one edit costs. */
function cost(workspace: MigrationWorkspace, edit: () => void): { filesChecked: number; statementsParsed: number } {
  const parsed = testParser().stats.statementsParsed;
  const checked = workspace.stats.filesChecked;
  edit();
  workspace.analyse();
  return { filesChecked: workspace.stats.filesChecked - checked, statementsParsed: testParser().stats.statementsParsed - parsed };
}

function withinBudget(actual: { filesChecked: number; statementsParsed: number }, name: string): void {
  const budget = BUDGET[name];
  assert.ok(actual.filesChecked <= budget.filesChecked && actual.statementsParsed <= budget.statementsParsed, `${name}: ${JSON.stringify(actual)} exceeds the budget ${JSON.stringify(budget)}`);
}

describe('workspace: incremental analysis', () => {
  before(() => loadParser());

  test('an edit of a middle file that leaves its schema alone re-checks that file only and re-parses one statement', () => {
    const documents = folder();
    const workspace = workspaceOf(documents);
    const middle = documents[30];
    withinBudget(cost(workspace, () => workspace.setDocument(middle.path, `CRATE TABLE oops (id uuid);\n${middle.text}`)), 'editTopOfMiddleFile');
    assert.deepEqual(workspace.diagnostics(middle.path).map((d) => d.code), ['syntax-error']);
    withinBudget(cost(workspace, () => workspace.setDocument(middle.path, middle.text.replace('-- table 31', '-- table thirty-one'))), 'editCommentBetweenStatements');
    withinBudget(cost(workspace, () => workspace.setDocument(documents[59].path, `${documents[59].text}ALTER TABLE t60 ADD COLUMN extra text;\n`)), 'editLastFile');
  });

  test('an edit that changes the schema re-checks the files after it, and their results follow', () => {
    const documents = folder();
    const workspace = workspaceOf(documents);
    const edited = documents[30];
    const spent = cost(workspace, () => workspace.setDocument(edited.path, edited.text.replace(/ALTER TABLE t31 ENABLE ELECTRIC;\n/, '')));
    assert.equal(spent.filesChecked, 30, 'the edited file and the 29 after it');
    // t32 references t31, which is no longer electrified anywhere.
    assert.ok(workspace.diagnostics(documents[31].path).some((d) => d.code === 'electrify-fk-unelectrified'));
  });

  test('a later file that is not re-checked points at the new place of what moved above it', () => {
    const documents = [
      { path: `${DIR}/01-a.sql`, text: 'CREATE TABLE a (id uuid PRIMARY KEY, name text);\nALTER TABLE a ENABLE ELECTRIC;\n' },
      { path: `${DIR}/02-b.sql`, text: 'ALTER TABLE a DROP COLUMN name;\n' },
    ];
    const workspace = workspaceOf(documents);
    const related = () => workspace.diagnostics(documents[1].path)[0].related![0];
    assert.equal(related().span.start, documents[0].text.indexOf('a ENABLE'));
    const inserted = '-- a comment\n-- and another\n';
    const spent = cost(workspace, () => workspace.setDocument(documents[0].path, inserted + documents[0].text));
    assert.equal(spent.filesChecked, 1, '02 is not checked again');
    assert.equal(related().span.start, inserted.length + documents[0].text.indexOf('a ENABLE'));
    assert.notEqual(workspace.diagnosticsKey(documents[1].path), '', 'the key changes, so the editor gets the moved position');
  });

  test('schema snapshots are as of a position, and stay as they were', () => {
    const documents = [{ path: `${DIR}/01-a.sql`, text: 'CREATE TABLE a (id uuid PRIMARY KEY);\nALTER TABLE a ADD COLUMN b text;\nALTER TABLE a ADD COLUMN c text;\n' }];
    const workspace = workspaceOf(documents);
    const early = workspace.schemaAt(documents[0].path, documents[0].text.indexOf('ALTER TABLE a ADD COLUMN c'))!;
    assert.deepEqual([...early.tables.get('public.a')!.columns.keys()], ['id', 'b']);
    const late = workspace.schemaAt(documents[0].path, documents[0].text.length)!;
    assert.deepEqual([...late.tables.get('public.a')!.columns.keys()], ['id', 'b', 'c']);
    assert.deepEqual([...early.tables.get('public.a')!.columns.keys()], ['id', 'b'], 'the earlier snapshot is unchanged');
    assert.throws(() => early.writableTable('public.a'), /frozen/);
  });

  test('50,000 ADD COLUMN statements on one table are linear, not quadratic', { timeout: 180_000 }, () => {
    const lines = ['CREATE TABLE wide (id uuid PRIMARY KEY);'];
    for (let i = 0; i < 50_000; i++) lines.push(`ALTER TABLE wide ADD COLUMN c${i} text;`);
    lines.push('ALTER TABLE wide ADD COLUMN c7 text;');
    const workspace = workspaceOf([{ path: `${DIR}/01-wide.sql`, text: lines.join('\n') }]);
    assert.deepEqual(workspace.diagnostics(`${DIR}/01-wide.sql`).map((d) => d.code), ['duplicate-column']);
  });
});
