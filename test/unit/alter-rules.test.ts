/**
 * The rules about changing electrified tables, ADD COLUMN, statements and references: the exact range, the
 * Electric code and message quoted per version, and `data`. (Which lines fire is covered by the rule fixtures in
 * test/fixtures/rules; this file pins the details the fixtures cannot express, and the DDLX cases, whose other
 * findings belong to other rules.)
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { lintMigrations } from '../helpers/parser';
import type { Diagnostic, ElectricVersion } from '../../server/src/rules/types';
import { loadParser as initParser } from '../helpers/parser';

before(() => initParser());

const ITEMS = 'CREATE TABLE items (id uuid PRIMARY KEY, name text, value int4);\nALTER TABLE items ENABLE ELECTRIC;\n';
const ITEMS_06 = "CREATE TABLE items (id uuid PRIMARY KEY, name text, value int4);\nCALL electric.electrify('items');\n";

interface Found {
  code: string;
  text: string;
  message: string;
  severity: string;
  data?: Record<string, unknown>;
  file: string;
}

/** Lints `files` (name → text) as db/migrations and returns the findings of `codes` with the text they cover. */
function lint(files: Record<string, string>, version: ElectricVersion = '0.12', codes?: string[]): Found[] {
  const docs = Object.entries(files).map(([name, text]) => ({ path: `db/migrations/${name}`, text }));
  const texts = new Map(docs.map((d) => [d.path, d.text]));
  return lintMigrations(docs, { electricVersion: version, rules: {} }, { migrationsDirectory: 'db/migrations' })
    .filter((d: Diagnostic) => !codes || codes.includes(d.code))
    .map((d) => ({ code: d.code, text: texts.get(d.file)!.slice(d.span.start, d.span.end), message: d.message, severity: d.severity, data: d.data, file: d.file }));
}

function one(files: Record<string, string>, version: ElectricVersion, code: string): Found {
  const found = lint(files, version, [code]);
  assert.equal(found.length, 1, JSON.stringify(found, null, 2));
  return found[0];
}

describe('Electric codes and messages by version', () => {
  const cases: Array<[string, ElectricVersion, string, string, string]> = [
    // [statement, version, code, range text, quoted Electric text]
    ['DROP TABLE items;', '0.12', 'drop-electrified-table', 'items', '(EX100): Cannot DROP Electrified table "public"."items"'],
    ['DROP TABLE items;', '0.8', 'drop-electrified-table', 'items', '(EX008): Cannot drop electrified table "public"."items"'],
    ['DROP TABLE items;', '0.6', 'drop-electrified-table', 'items', '"dropping electrified table public.items"'],
    ['ALTER TABLE items DROP COLUMN name;', '0.9', 'drop-electrified-column', 'name', '(EX010): Cannot drop column "name" of electrified table "public"."items"'],
    ['ALTER TABLE items DROP COLUMN name;', '0.7', 'drop-electrified-column', 'name', '(EX002): Cannot drop column "name" of electrified table "public"."items"'],
    ['ALTER TABLE items DROP COLUMN name;', '0.6', 'drop-electrified-column', 'name', '"dropping column electrified table public.items.name"'],
    ['ALTER TABLE items ALTER COLUMN value TYPE int8;', '0.10', 'alter-electrified-column-type', 'int8', '(EX009): Cannot change type of column "value" of electrified table "public"."items"'],
    ['ALTER TABLE items ALTER COLUMN value TYPE int8;', '0.8', 'alter-electrified-column-type', 'int8', '(EX003): Cannot change type of column "value"'],
    ['ALTER TABLE items ALTER COLUMN value TYPE int8;', '0.6', 'alter-electrified-column-type', 'int8', '"Column type change is not an additive migration"'],
    ['ALTER TABLE items RENAME COLUMN name TO title;', '0.11', 'rename-electrified', 'name', '(EX008): Cannot rename column "name" of electrified table "public"."items"'],
    ['ALTER TABLE items RENAME COLUMN name TO title;', '0.7', 'rename-electrified', 'name', '(EX005): Cannot rename column "name"'],
    ['ALTER TABLE items RENAME CONSTRAINT items_pkey TO k;', '0.12', 'rename-electrified', 'items_pkey', '(EX012): Cannot rename constraint "items_pkey"'],
    ['ALTER TABLE items RENAME CONSTRAINT items_pkey TO k;', '0.8', 'rename-electrified', 'items_pkey', '(EX006): Cannot rename constraint "items_pkey"'],
    ['ALTER TABLE items RENAME TO things;', '0.9', 'rename-electrified', 'RENAME TO things', '(EX002): Cannot rename electrified table "public"."items"'],
    ['ALTER TABLE items RENAME TO things;', '0.8', 'rename-electrified', 'RENAME TO things', '(EX006): Cannot rename electrified table "public"."items"'],
    ['ALTER TABLE items ALTER COLUMN name SET NOT NULL;', '0.12', 'alter-electrified-table', 'ALTER COLUMN name SET NOT NULL', '(EX007): Cannot alter column "name" of electrified table "public"."items"'],
    ['ALTER TABLE items ALTER COLUMN name SET NOT NULL;', '0.8', 'alter-electrified-table', 'ALTER COLUMN name SET NOT NULL', '(EX004): Cannot alter column "name"'],
    ['ALTER TABLE items ADD CONSTRAINT c CHECK (value > 0);', '0.12', 'alter-electrified-table', 'ADD CONSTRAINT c CHECK (value > 0)', '(EX007): Cannot alter column "" of electrified table'],
    ['ALTER TABLE items ENABLE TRIGGER audit;', '0.7', 'alter-electrified-table', 'ENABLE TRIGGER audit', '(EX004): Cannot alter column "audit"'],
    ['ALTER TABLE items ADD COLUMN code varchar(255);', '0.12', 'add-column-unsupported-type', 'varchar(255)', '(EX005): Cannot electrify column of type "varchar(255)"'],
    ['ALTER TABLE items ADD COLUMN tags int4[];', '0.9', 'add-column-unsupported-type', 'int4[]', '(EX005): Cannot electrify column of type "int4[]"'],
    ['ALTER TABLE items ADD COLUMN at timestamp(3) with time zone;', '0.12', 'add-column-unsupported-type', 'timestamp(3) with time zone', '"timestamptz(3)"'],
    ['ALTER TABLE items ADD COLUMN c character(10);', '0.12', 'add-column-unsupported-type', 'character(10)', '"bpchar(10)"'],
    ['ALTER TABLE items ADD COLUMN ids uuid[][];', '0.12', 'add-column-unsupported-type', 'uuid[][]', '"uuid[][]"'],
    ['ALTER TABLE items ADD COLUMN n bigserial;', '0.12', 'add-column-unsupported-type', 'bigserial', '"bigserial"'],
    ['ALTER TABLE items ADD COLUMN c character(10);', '0.8', 'add-column-unsupported-type', 'character(10)', '(EX001): Cannot electrify column of type "bpchar"'],
    ['ALTER TABLE items ADD COLUMN n serial;', '0.7', 'add-column-unsupported-type', 'serial', '(EX001): Cannot electrify column of type "serial"'],
    ["ALTER TABLE items ADD COLUMN s text DEFAULT 'x';", '0.9', 'add-column-default', "DEFAULT 'x'", '(EX006): Cannot electrify column with DEFAULT clause'],
    ['ALTER TABLE items ADD COLUMN s text UNIQUE NOT NULL;', '0.12', 'add-column-constraint', 'UNIQUE', '(EX011): Cannot electrify column with UNIQUE constraint'],
    ['ALTER TABLE items ADD COLUMN o uuid REFERENCES items (id);', '0.12', 'add-column-constraint', 'REFERENCES items (id)', '(EX011): Cannot electrify column with FOREIGN KEY constraint'],
    ['ALTER TABLE items ADD COLUMN n int8 GENERATED ALWAYS AS IDENTITY;', '0.12', 'add-column-constraint', 'GENERATED ALWAYS AS IDENTITY', '(EX011): Cannot electrify column with GENERATED constraint'],
  ];
  for (const [statement, version, code, range, quoted] of cases) {
    test(`${version} ${statement} → ${code}`, () => {
      const f = one({ '01-a.sql': version === '0.6' ? ITEMS_06 : ITEMS, '02-b.sql': `${statement}\n` }, version, code);
      assert.equal(f.text, range);
      assert.ok(f.message.includes(quoted), f.message);
      assert.equal(f.file, 'db/migrations/02-b.sql');
    });
  }

  test('findings carry data: the table, the Electric code and message', () => {
    const f = one({ '01-a.sql': ITEMS + 'ALTER TABLE items DROP COLUMN name;\n' }, '0.12', 'drop-electrified-column');
    assert.deepEqual(f.data, {
      table: 'public.items',
      column: 'name',
      electricCode: 'EX010',
      electricMessage: 'Cannot drop column "name" of electrified table "public"."items"',
    });
    const d = one({ '01-a.sql': ITEMS + "ALTER TABLE items ADD COLUMN s text DEFAULT 'x';\n" }, '0.12', 'add-column-default');
    assert.equal(d.data?.electricCode, 'EX006');
    assert.ok(d.data?.defaultSpan, 'the DEFAULT clause span, for a code action that removes it');
  });
});

describe('what counts as electrified', () => {
  test('only after the electrify statement, in the same file or an earlier one', () => {
    const before = lint({ '01-a.sql': 'CREATE TABLE items (id uuid PRIMARY KEY, name text);\nALTER TABLE items DROP COLUMN name;\nALTER TABLE items ENABLE ELECTRIC;\n' });
    assert.deepEqual(before, []);
    const after = lint({ '01-a.sql': ITEMS, '02-b.sql': 'SELECT 1;\n', '03-c.sql': 'ALTER TABLE items DROP COLUMN name;\n' });
    assert.deepEqual(after.map((f) => `${f.file} ${f.code}`), ['db/migrations/03-c.sql drop-electrified-column']);
  });

  test('a table dropped before the file is no longer electrified; ALTER TABLE IF EXISTS on it is fine', () => {
    const found = lint({ '01-a.sql': ITEMS_06 + 'DROP TABLE items;\n', '02-b.sql': 'ALTER TABLE IF EXISTS items DROP COLUMN name;\n' }, '0.6');
    assert.deepEqual(found.map((f) => f.code), ['drop-electrified-table']);
  });

  test('each electrified table of a multi-table DROP, on its own name', () => {
    const found = lint({ '01-a.sql': ITEMS + 'CREATE TABLE notes (id uuid PRIMARY KEY);\nALTER TABLE notes ENABLE ELECTRIC;\nCREATE TABLE t (id uuid PRIMARY KEY);\nDROP TABLE t, items, public.notes;\n' });
    assert.deepEqual(found.map((f) => `${f.code} ${f.text} ${f.data?.multiTableDrop}`), ['drop-electrified-table items true', 'drop-electrified-table public.notes true']);
  });

  test('quoted names: "Items" is not items', () => {
    const found = lint({ '01-a.sql': 'CREATE TABLE "Items" (id uuid PRIMARY KEY, name text);\nALTER TABLE public."Items" ENABLE ELECTRIC;\nCREATE TABLE items (id uuid PRIMARY KEY, name text);\nALTER TABLE items DROP COLUMN name;\nALTER TABLE "Items" DROP COLUMN name;\n' });
    assert.deepEqual(found.map((f) => `${f.code} ${f.message.match(/"public"\."\w+"/)?.[0]}`), ['drop-electrified-column "public"."Items"']);
  });

  test('the allow-list is version-specific: ENABLE ALWAYS TRIGGER passes 0.8, fails 0.7', () => {
    const files = { '01-a.sql': ITEMS + 'ALTER TABLE items ENABLE ALWAYS TRIGGER audit, OWNER TO app;\n' };
    assert.deepEqual(lint(files, '0.8'), []);
    assert.deepEqual(lint(files, '0.7').map((f) => f.text), ['ENABLE ALWAYS TRIGGER audit', 'OWNER TO app']);
  });

  test('ADD COLUMN of an enum is rejected in every version, with the enum name', () => {
    const files = { '01-a.sql': "CREATE TYPE mood AS ENUM ('a', 'b');\n" + ITEMS + 'ALTER TABLE items ADD COLUMN m mood;\n' };
    for (const version of ['0.8', '0.9', '0.12'] as const) {
      const f = one(files, version, 'add-column-unsupported-type');
      assert.ok(f.message.includes('Cannot electrify column of type "mood"'), f.message);
    }
  });

  test('add-column-not-null is a warning; the add-column rules fire one per clause', () => {
    const found = lint({ '01-a.sql': ITEMS + "ALTER TABLE items ADD COLUMN s varchar(4) NOT NULL DEFAULT 'x' CHECK (s <> '');\n" });
    assert.deepEqual(found.map((f) => `${f.code} ${f.severity} ${f.text}`), [
      'add-column-unsupported-type error varchar(4)',
      'add-column-not-null warning NOT NULL',
      "add-column-default error DEFAULT 'x'",
      "add-column-constraint error CHECK (s <> '')",
    ]);
  });

  test('alter-electrified-enum points at the value and names the columns', () => {
    const f = one({ '01-a.sql': "CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE items (id uuid PRIMARY KEY, m mood);\nALTER TABLE items ENABLE ELECTRIC;\n", '02-b.sql': "ALTER TYPE public.mood ADD VALUE 'b' AFTER 'a';\n" }, '0.12', 'alter-electrified-enum');
    assert.equal(f.text, 'b');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.data?.columns, ['public.items.m']);
  });
});

describe('do-block, duplicates', () => {
  test('do-block covers the DO keyword, from 0.7', () => {
    const files = { '01-a.sql': "do $$ begin perform 1; end $$;\n" };
    assert.deepEqual(lint(files, '0.7').map((f) => `${f.code} ${f.text}`), ['do-block do']);
    assert.deepEqual(lint(files, '0.6'), []);
  });

  test('duplicate-table follows search_path: a table of another schema is no duplicate', () => {
    const files = { '01-a.sql': 'CREATE TABLE items (id uuid PRIMARY KEY);\nCREATE SCHEMA app;\nSET search_path TO app, public;\nCREATE TABLE items (id uuid PRIMARY KEY);\nCREATE TABLE items (id uuid PRIMARY KEY);\n' };
    const found = lint(files, '0.12', ['duplicate-table']);
    assert.equal(found.length, 1);
    assert.ok(found[0].message.includes('"app"."items"'), found[0].message);
  });

  test('duplicate-column: the second definition, pointing back at the first', () => {
    const found = lintMigrations([{ path: 'db/migrations/01-a.sql', text: 'CREATE TABLE t (a text, b text, a int4);\n' }], { electricVersion: '0.12', rules: {} }, { migrationsDirectory: 'db/migrations' });
    assert.equal(found.length, 1);
    assert.equal(found[0].span.start, 'CREATE TABLE t (a text, b text, '.length);
    assert.equal(found[0].related?.[0].span.start, 'CREATE TABLE t ('.length);
  });
});

describe('unknown-table and unknown-column in DDLX', () => {
  const CODES = ['unknown-table', 'unknown-column'];
  const BASE = 'CREATE TABLE users (id uuid PRIMARY KEY, role text);\nALTER TABLE users ENABLE ELECTRIC;\n';

  test('GRANT column lists and tables', () => {
    const found = lint({ '01-a.sql': BASE + "ELECTRIC GRANT UPDATE (role, rank) ON users TO 'admin';\nELECTRIC GRANT SELECT ON accounts TO 'admin';\nELECTRIC REVOKE SELECT ON users FROM 'admin';\n" }, '0.12', CODES);
    assert.deepEqual(found.map((f) => `${f.code} ${f.text} ${f.severity}`), ['unknown-column rank error', 'unknown-table accounts warning']);
  });

  test('ASSIGN / UNASSIGN: the user column table and column, the dynamic role column', () => {
    const found = lint({
      '01-a.sql':
        BASE +
        "ELECTRIC ASSIGN 'member' TO members.user_id;\n" +
        'ELECTRIC ASSIGN users.kind TO users.id;\n' +
        "ELECTRIC UNASSIGN 'member' FROM users.uid;\n" +
        'ELECTRIC ASSIGN users.role TO users.id;\n',
    }, '0.12', CODES);
    assert.deepEqual(found.map((f) => `${f.code} ${f.text}`), ['unknown-table members', 'unknown-column kind', 'unknown-column uid']);
  });

  test('DISABLE is checked; electrifying an unknown table is another rule', () => {
    const found = lint({ '01-a.sql': 'ELECTRIC DISABLE ghosts;\nALTER TABLE phantoms ENABLE ELECTRIC;\n' }, '0.12', CODES);
    assert.deepEqual(found.map((f) => `${f.code} ${f.text}`), ['unknown-table ghosts']);
  });
});

describe('unknown-table leniency', () => {
  test('a table created where the model cannot see (a DO block) is not reported, nor are its columns', () => {
    const found = lint({ '01-a.sql': 'DO $$ BEGIN EXECUTE \'CREATE TABLE IF NOT EXISTS dyn (id uuid)\'; END $$;\nALTER TABLE dyn ADD COLUMN note text;\nCREATE INDEX ON dyn (nope);\n' }, '0.12', ['unknown-table', 'unknown-column']);
    assert.deepEqual(found, []);
  });

  test('system schemas are not reported', () => {
    const found = lint({ '01-a.sql': 'CREATE TABLE t (id uuid PRIMARY KEY, oid_ref oid REFERENCES pg_catalog.pg_class (oid));\n' }, '0.12', ['unknown-table']);
    assert.deepEqual(found, []);
  });
});

describe('no cascades from statements the model cannot read', () => {
  test('a table whose ALTER has a syntax error: its columns are not judged', () => {
    const found = lint({ '01-a.sql': 'CREATE TABLE items (id uuid PRIMARY KEY);\nALTER TABLE items ADD COLUMN note text garbage here;\nCREATE INDEX ON items (note);\n' });
    assert.deepEqual(found.map((f) => f.code), ['syntax-error']);
  });

  test('a CREATE TABLE with a syntax error: the table is not reported unknown', () => {
    const found = lint({ '01-a.sql': 'CREATE TABLE items (id uuid PRIMARY KEY,, );\nALTER TABLE items ADD COLUMN note text;\n', '02-b.sql': 'CREATE INDEX ON items (note);\n' });
    assert.deepEqual(found.map((f) => f.code), ['syntax-error']);
  });
});
