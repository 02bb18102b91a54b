/**
 * The schema model: the fold over migrations in order, "as of (file, offset)" queries, name resolution and type
 * normalisation, on real parsed SQL.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { catalogAt, foldMigrations, type FoldFile } from '../../server/src/schema/fold';
import { loadParser as initParser, parseFile } from '../helpers/parser';

function files(...texts: string[]): FoldFile[] {
  return texts.map((text, i) => ({ path: `db/migrations/0${i + 1}-m.sql`, parsed: parseFile(text) }));
}

function slice(fileSet: FoldFile[], at: { file: string; span: { start: number; end: number } }): string {
  const file = fileSet.find((f) => f.path === at.file)!;
  return file.parsed.text.slice(at.span.start, at.span.end);
}

describe('schema model', () => {
  before(async () => initParser());

  test('tables, columns and types as Postgres stores them, with where each was defined', () => {
    const set = files(
      'CREATE TABLE items (id uuid PRIMARY KEY, n integer, big bigint, name varchar(20), code char, at timestamp with time zone, t time(3), seq serial, tags text[]);',
    );
    const items = foldMigrations(set).tables.get('public.items')!;
    const types = Object.fromEntries([...items.columns].map(([name, c]) => [name, c.type.display]));
    assert.deepEqual(types, {
      id: 'uuid', n: 'int4', big: 'int8', name: 'varchar(20)', code: 'bpchar(1)', at: 'timestamptz', t: 'time(3)', seq: 'serial', tags: 'text[]',
    });
    assert.equal(slice(set, items.columns.get('name')!.typeAt), 'varchar(20)');
    assert.equal(slice(set, items.definedAt), 'items');
    assert.equal(items.columns.get('seq')!.default?.source, 'serial');
    assert.deepEqual(items.constraints.map((c) => [c.kind, c.name, c.columns]), [['primaryKey', 'items_pkey', ['id']]]);
  });

  test('quoted names keep their case, unquoted ones fold to lower case', () => {
    const catalog = foldMigrations(files('CREATE TABLE "Items" (id uuid); CREATE TABLE Other (ID uuid);'));
    assert.deepEqual([...catalog.tables.keys()].sort(), ['public.Items', 'public.other']);
    assert.deepEqual([...catalog.tables.get('public.other')!.columns.keys()], ['id']);
  });

  test('SET search_path decides where unqualified names are created and found', () => {
    const catalog = foldMigrations(files('CREATE SCHEMA app; SET search_path TO app, public; CREATE TABLE items (id uuid); ALTER TABLE items ADD COLUMN name text;'));
    assert.ok(catalog.tables.has('app.items'));
    assert.deepEqual([...catalog.tables.get('app.items')!.columns.keys()], ['id', 'name']);
  });

  test('as of (file, offset): earlier files, then the statements above the offset', () => {
    const second = 'ALTER TABLE items ADD COLUMN a text;\nALTER TABLE items ENABLE ELECTRIC;\nALTER TABLE items ADD COLUMN b text;';
    const set = files('CREATE TABLE items (id uuid PRIMARY KEY);', second);
    const columns = (offset: number) => [...catalogAt(set, 1, offset).tables.get('public.items')!.columns.keys()];
    assert.deepEqual(columns(0), ['id']);
    assert.deepEqual(columns(second.indexOf('ALTER TABLE items ENABLE')), ['id', 'a']);
    assert.equal(catalogAt(set, 1, second.indexOf('ALTER TABLE items ENABLE')).tables.get('public.items')!.electrified, undefined);
    const after = catalogAt(set, 1, second.length);
    assert.deepEqual([...after.tables.get('public.items')!.columns.keys()], ['id', 'a', 'b']);
    const electrified = after.tables.get('public.items')!.electrified!;
    assert.equal(electrified.at.file, set[1].path);
    assert.equal(slice(set, electrified.at), 'items');
  });

  test('renames, drops, IF NOT EXISTS and LIKE behave as in Postgres', () => {
    const catalog = foldMigrations(files(
      'CREATE TABLE users (id uuid PRIMARY KEY, name text);',
      'CREATE TABLE posts (id uuid PRIMARY KEY, author uuid REFERENCES users (id));',
      'CREATE TABLE IF NOT EXISTS users (other int); ALTER TABLE users RENAME TO people; ALTER TABLE people RENAME COLUMN name TO full_name;',
      'CREATE TABLE archive (LIKE posts); DROP TABLE IF EXISTS posts;',
    ));
    assert.deepEqual([...catalog.tables.keys()].sort(), ['public.archive', 'public.people']);
    assert.deepEqual([...catalog.tables.get('public.people')!.columns.keys()], ['id', 'full_name']);
    assert.deepEqual([...catalog.tables.get('public.archive')!.columns.keys()], ['id', 'author']);
  });

  test('a foreign key follows its target through a rename', () => {
    const catalog = foldMigrations(files('CREATE TABLE a (id uuid PRIMARY KEY); CREATE TABLE b (a_id uuid REFERENCES a); ALTER TABLE a RENAME TO c;'));
    assert.deepEqual(catalog.tables.get('public.b')!.constraints.map((c) => c.references?.table), ['public.c']);
  });

  test('enum values in order, including ADD VALUE BEFORE/AFTER and RENAME VALUE', () => {
    const catalog = foldMigrations(files("CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy'; ALTER TYPE mood ADD VALUE 'great'; ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"));
    assert.deepEqual(catalog.types.get('public.mood')!.values, ['blue', 'ok', 'happy', 'great']);
  });

  test('statements with syntax errors are skipped, the rest still folds', () => {
    const catalog = foldMigrations(files('CREATE TABLE a (id uuid,, x);\nCREATE TABLE b (id uuid);'));
    assert.deepEqual([...catalog.tables.keys()], ['public.b']);
  });
});
