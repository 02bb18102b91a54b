/**
 * The parser (server/src/syntax/parse.ts + the Ohm grammar): every statement family the grammar models, every DDLX
 * form of electric-ddlx.md §a.3 (released and unreleased), and syntax errors from fixtures. Positions are asserted
 * as the source text a span covers (`sliceOf`), never as offsets.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { AlterTableAction, ColumnDef, DdlxRole, TableConstraint } from '../../server/src/syntax/ast';
import { isDdlx } from '../../server/src/syntax/ast';
import { loadParser as initParser, parseFile } from '../helpers/parser';
import {
  kindsOf, nameOf, parseAll, parseClean, parseOne, qualifiedOf, readFailFixtures, readPassFixtures, sliceOf,
  syntaxErrorOf,
} from '../helpers/parse';

before(async () => {
  await initParser();
});

const FIXTURES = path.join(__dirname, '../fixtures/parse');

function columnsOf(sql: string): ColumnDef[] {
  return parseOne(sql, 'createTable').elements.filter((e): e is ColumnDef => e.kind === 'column');
}

function tableConstraintsOf(sql: string): TableConstraint[] {
  return parseOne(sql, 'createTable').elements.flatMap((e) => (e.kind === 'tableConstraint' ? [e.constraint] : []));
}

// ================================================================================================================
// CREATE TABLE

describe('CREATE TABLE', () => {
  it('reads the name, IF NOT EXISTS, and folds unquoted names but keeps quoted ones', () => {
    const sql = 'CREATE TABLE IF NOT EXISTS Public."Items" (Id uuid PRIMARY KEY, "Title" TEXT)';
    const t = parseOne(sql, 'createTable');
    assert.equal(qualifiedOf(t.name), 'public."Items"');
    assert.equal(sliceOf(sql, t.name.span), 'Public."Items"');
    assert.equal(sliceOf(sql, t.name.schema?.span), 'Public');
    assert.equal(sliceOf(sql, t.name.name.span), '"Items"');
    assert.equal(t.ifNotExists, true);
    assert.equal(t.temporary, false);
    assert.equal(t.unlogged, false);
    const [id, title] = t.elements as ColumnDef[];
    assert.deepEqual([nameOf(id.name), nameOf(title.name)], ['id', '"Title"']);
    assert.deepEqual([sliceOf(sql, id.name.span), sliceOf(sql, title.name.span)], ['Id', '"Title"']);
    assert.deepEqual([sliceOf(sql, id.span), sliceOf(sql, title.span)], ['Id uuid PRIMARY KEY', '"Title" TEXT']);
    assert.equal(title.type.name, 'text');
  });

  it('reads a quoted name with an escaped double quote', () => {
    const t = parseOne('CREATE TABLE "a""b" (x int)', 'createTable');
    assert.deepEqual(t.name.name, { name: 'a"b', quoted: true, span: t.name.name.span });
  });

  describe('column types', () => {
    // [written, name, modifiers, array dimensions]
    const TYPES: [string, string, string[], number][] = [
      ['int', 'int', [], 0],
      ['INTEGER', 'integer', [], 0],
      ['bigint', 'bigint', [], 0],
      ['smallint', 'smallint', [], 0],
      ['serial', 'serial', [], 0],
      ['boolean', 'boolean', [], 0],
      ['real', 'real', [], 0],
      ['double precision', 'double precision', [], 0],
      ['DOUBLE   PRECISION', 'double precision', [], 0],
      ['float(53)', 'float', ['53'], 0],
      ['numeric(10, 2)', 'numeric', ['10', '2'], 0],
      ['text', 'text', [], 0],
      ['uuid', 'uuid', [], 0],
      ['jsonb', 'jsonb', [], 0],
      ['bytea', 'bytea', [], 0],
      ['date', 'date', [], 0],
      ['timestamp', 'timestamp', [], 0],
      ['timestamp(3) with time zone', 'timestamp with time zone', ['3'], 0],
      ['TIMESTAMP WITHOUT TIME ZONE', 'timestamp without time zone', [], 0],
      ['timestamptz(6)', 'timestamptz', ['6'], 0],
      ['time with time zone', 'time with time zone', [], 0],
      ['time(2) without time zone', 'time without time zone', ['2'], 0],
      ['interval', 'interval', [], 0],
      ['interval year to month', 'interval', [], 0],
      ['interval(3)', 'interval', ['3'], 0],
      ['character varying(20)', 'character varying', ['20'], 0],
      ['CHARACTER VARYING', 'character varying', [], 0],
      ['national character varying(5)', 'character varying', ['5'], 0],
      ['varchar(255)', 'varchar', ['255'], 0],
      ['character(10)', 'character', ['10'], 0],
      ['char(1)', 'char', ['1'], 0],
      ['bit(3)', 'bit', ['3'], 0],
      ['bit varying(4)', 'bit varying', ['4'], 0],
      ['bit varying', 'bit varying', [], 0],
      ['int[]', 'int', [], 1],
      ['text[][]', 'text', [], 2],
      ['int[3]', 'int', [], 1],
      ['int ARRAY', 'int', [], 1],
      ['int ARRAY[4]', 'int', [], 1],
      ['uuid []', 'uuid', [], 1],
      ['character varying(20)[]', 'character varying', ['20'], 1],
      ['timestamp(3) with time zone[]', 'timestamp with time zone', ['3'], 1],
    ];
    for (const [written, name, modifiers, arrayDims] of TYPES) {
      it(`${written} → ${name}${modifiers.length ? `(${modifiers.join(',')})` : ''}${'[]'.repeat(arrayDims)}`, () => {
        const sql = `CREATE TABLE t (c ${written} NOT NULL)`;
        const [column] = columnsOf(sql);
        assert.equal(column.type.name, name);
        assert.deepEqual(column.type.modifiers, modifiers);
        assert.equal(column.type.arrayDims, arrayDims);
        assert.equal(sliceOf(sql, column.type.span), written);
        if (modifiers.length) assert.match(sliceOf(sql, column.type.modifiersSpan) ?? '', /^\(.*\)$/);
        else assert.equal(column.type.modifiersSpan, undefined);
        if (arrayDims) assert.match(sliceOf(sql, column.type.arraySpan) ?? '', /^(\[|ARRAY)/);
        else assert.equal(column.type.arraySpan, undefined);
        assert.deepEqual(column.constraints.map((c) => c.kind), ['notNull']);
      });
    }

    it('locates modifiers and array bounds', () => {
      const sql = 'CREATE TABLE t (a timestamp(3) with time zone, b varchar(255)[], c int ARRAY[4])';
      const [a, b, c] = columnsOf(sql);
      assert.equal(sliceOf(sql, a.type.modifiersSpan), '(3)');
      assert.equal(sliceOf(sql, b.type.modifiersSpan), '(255)');
      assert.equal(sliceOf(sql, b.type.arraySpan), '[]');
      assert.equal(sliceOf(sql, c.type.arraySpan), 'ARRAY[4]');
    });

    it('keeps user-defined, schema-qualified and quoted types as located names', () => {
      const sql = 'CREATE TABLE t (a public.mood, b "Color", c s."Mood"[])';
      const [a, b, c] = columnsOf(sql);
      assert.equal(a.type.name, 'mood');
      assert.equal(qualifiedOf(a.type.qualified), 'public.mood');
      assert.equal(b.type.name, 'Color');
      assert.equal(b.type.qualified?.name.quoted, true);
      assert.equal(sliceOf(sql, b.type.qualified?.span), '"Color"');
      assert.equal(qualifiedOf(c.type.qualified), 's."Mood"');
      assert.equal(c.type.arrayDims, 1);
    });
  });

  describe('column constraints', () => {
    it('reads every column constraint form with its span', () => {
      const sql = 'CREATE TABLE t (' + [
        'a int CONSTRAINT a_nn NOT NULL',
        'b int NULL',
        'c int DEFAULT 42',
        'd timestamptz DEFAULT now() NOT NULL',
        'e uuid PRIMARY KEY',
        'f text UNIQUE',
        'g int CHECK (g > 0)',
        'h uuid REFERENCES other (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL',
        'i int GENERATED ALWAYS AS IDENTITY',
        'j int GENERATED BY DEFAULT AS IDENTITY (START WITH 10)',
        'k int GENERATED ALWAYS AS (i * 2) STORED',
        'l text COLLATE "C"',
        'm uuid REFERENCES s.other DEFERRABLE INITIALLY DEFERRED',
      ].join(', ') + ')';
      const cols = columnsOf(sql);
      const summary = cols.map((c) => [nameOf(c.name), c.constraints.map((k) => `${k.kind}:${sliceOf(sql, k.span)}`)]);
      assert.deepEqual(summary, [
        ['a', ['notNull:CONSTRAINT a_nn NOT NULL']],
        ['b', ['null:NULL']],
        ['c', ['default:DEFAULT 42']],
        ['d', ['default:DEFAULT now()', 'notNull:NOT NULL']],
        ['e', ['primaryKey:PRIMARY KEY']],
        ['f', ['unique:UNIQUE']],
        ['g', ['check:CHECK (g > 0)']],
        ['h', ['references:REFERENCES other (id) MATCH FULL ON DELETE CASCADE ON UPDATE SET NULL']],
        ['i', ['identity:GENERATED ALWAYS AS IDENTITY']],
        ['j', ['identity:GENERATED BY DEFAULT AS IDENTITY (START WITH 10)']],
        ['k', ['generated:GENERATED ALWAYS AS (i * 2) STORED']],
        ['l', []],
        ['m', ['references:REFERENCES s.other DEFERRABLE INITIALLY DEFERRED']],
      ]);
      const byName = new Map(cols.map((c) => [c.name.name, c]));
      const only = (name: string) => byName.get(name)!.constraints[0];

      const a = only('a');
      assert.equal(nameOf(a.constraintName), 'a_nn');
      assert.equal(sliceOf(sql, a.constraintName?.span), 'a_nn');

      const c = only('c');
      assert.ok(c.kind === 'default');
      assert.equal(c.expr.text, '42');
      assert.equal(sliceOf(sql, c.expr.span), '42');
      const d = byName.get('d')!.constraints[0];
      assert.ok(d.kind === 'default');
      assert.equal(d.expr.text, 'now()', 'a DEFAULT expression ends where the next constraint starts');

      const g = only('g');
      assert.ok(g.kind === 'check');
      assert.equal(sliceOf(sql, g.expr.span), 'g > 0');

      const h = only('h');
      assert.ok(h.kind === 'references');
      assert.equal(qualifiedOf(h.references.table), 'other');
      assert.deepEqual(h.references.columns.map(nameOf), ['id']);
      assert.equal(h.references.match, 'full');
      assert.equal(h.references.onDelete, 'cascade');
      assert.equal(h.references.onUpdate, 'set null');

      const i = only('i');
      const j = only('j');
      assert.ok(i.kind === 'identity' && j.kind === 'identity');
      assert.equal(i.always, true);
      assert.equal(j.always, false);

      const k = only('k');
      assert.ok(k.kind === 'generated');
      assert.equal(k.stored, true);
      assert.equal(sliceOf(sql, k.expr.span), 'i * 2');

      const l = byName.get('l')!;
      assert.equal(nameOf(l.collate?.name), '"C"');

      const m = only('m');
      assert.ok(m.kind === 'references');
      assert.equal(qualifiedOf(m.references.table), 's.other');
      assert.equal(m.deferrable, true);
    });

    it('reads every referential action', () => {
      const actions = ['CASCADE', 'RESTRICT', 'NO ACTION', 'SET NULL', 'SET DEFAULT'];
      for (const action of actions) {
        const [column] = columnsOf(`CREATE TABLE t (a int REFERENCES o ON DELETE ${action} ON UPDATE ${action})`);
        const ref = column.constraints[0];
        assert.ok(ref.kind === 'references');
        assert.equal(ref.references.onDelete, action.toLowerCase());
        assert.equal(ref.references.onUpdate, action.toLowerCase());
      }
    });

    it('marks virtual generated columns as not stored', () => {
      const [column] = columnsOf('CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) VIRTUAL)').slice(1);
      const generated = column.constraints[0];
      assert.ok(generated.kind === 'generated');
      assert.equal(generated.stored, false);
    });
  });

  describe('table constraints', () => {
    it('reads every table constraint form with names, columns and spans', () => {
      const sql = 'CREATE TABLE t (a int, b int, ' + [
        'CONSTRAINT t_pk PRIMARY KEY (a, b)',
        'UNIQUE (b)',
        'CONSTRAINT t_ck CHECK (a > b)',
        'FOREIGN KEY (a) REFERENCES other (id) ON DELETE CASCADE',
        'EXCLUDE USING gist (a WITH =)',
        'CONSTRAINT t_nn NOT NULL a',
        'UNIQUE NULLS NOT DISTINCT (a)',
        'CONSTRAINT t_fk FOREIGN KEY (b) REFERENCES s.other DEFERRABLE INITIALLY IMMEDIATE',
      ].join(', ') + ')';
      const constraints = tableConstraintsOf(sql);
      assert.deepEqual(constraints.map((c) => [c.kind, nameOf(c.constraintName), sliceOf(sql, c.span)]), [
        ['primaryKey', 't_pk', 'CONSTRAINT t_pk PRIMARY KEY (a, b)'],
        ['unique', undefined, 'UNIQUE (b)'],
        ['check', 't_ck', 'CONSTRAINT t_ck CHECK (a > b)'],
        ['foreignKey', undefined, 'FOREIGN KEY (a) REFERENCES other (id) ON DELETE CASCADE'],
        ['exclude', undefined, 'EXCLUDE USING gist (a WITH =)'],
        ['notNull', 't_nn', 'CONSTRAINT t_nn NOT NULL a'],
        ['unique', undefined, 'UNIQUE NULLS NOT DISTINCT (a)'],
        ['foreignKey', 't_fk', 'CONSTRAINT t_fk FOREIGN KEY (b) REFERENCES s.other DEFERRABLE INITIALLY IMMEDIATE'],
      ]);
      const [pk, unique, check, fk, exclude, notNull, , fk2] = constraints;
      assert.ok(pk.kind === 'primaryKey' && unique.kind === 'unique' && check.kind === 'check');
      assert.deepEqual(pk.columns.map(nameOf), ['a', 'b']);
      assert.deepEqual(pk.columns.map((c) => sliceOf(sql, c.span)), ['a', 'b']);
      assert.deepEqual(unique.columns.map(nameOf), ['b']);
      assert.equal(sliceOf(sql, check.expr.span), 'a > b');
      assert.ok(fk.kind === 'foreignKey');
      assert.deepEqual(fk.columns.map(nameOf), ['a']);
      assert.equal(qualifiedOf(fk.references.table), 'other');
      assert.deepEqual(fk.references.columns.map(nameOf), ['id']);
      assert.equal(fk.references.onDelete, 'cascade');
      assert.ok(exclude.kind === 'exclude');
      assert.equal(exclude.expr.text, 'a WITH =');
      assert.ok(notNull.kind === 'notNull');
      assert.deepEqual(notNull.columns.map(nameOf), ['a']);
      assert.ok(fk2.kind === 'foreignKey');
      assert.equal(fk2.deferrable, true);
    });

    it('reads LIKE elements', () => {
      const sql = 'CREATE TABLE t (LIKE s.base INCLUDING ALL, extra int)';
      const t = parseOne(sql, 'createTable');
      const like = t.elements[0];
      assert.ok(like.kind === 'like');
      assert.equal(qualifiedOf(like.table), 's.base');
      assert.equal(sliceOf(sql, like.span), 'LIKE s.base INCLUDING ALL');
      assert.equal(t.elements[1].kind, 'column');
    });
  });

  describe('table variants', () => {
    it('TEMP / TEMPORARY / UNLOGGED', () => {
      assert.equal(parseOne('CREATE TEMP TABLE t (a int) ON COMMIT DROP', 'createTable').temporary, true);
      assert.equal(parseOne('CREATE GLOBAL TEMPORARY TABLE t (a int)', 'createTable').temporary, true);
      const unlogged = parseOne('CREATE UNLOGGED TABLE t (a int)', 'createTable');
      assert.deepEqual([unlogged.unlogged, unlogged.temporary], [true, false]);
    });

    it('PARTITION BY, PARTITION OF, INHERITS', () => {
      const partitioned = 'CREATE TABLE p (a int) PARTITION BY RANGE (a)';
      assert.equal(sliceOf(partitioned, parseOne(partitioned, 'createTable').partitionBy), 'PARTITION BY RANGE (a)');
      const partition = parseOne('CREATE TABLE c PARTITION OF s.p FOR VALUES FROM (1) TO (10)', 'createTable');
      assert.equal(qualifiedOf(partition.partitionOf), 's.p');
      assert.deepEqual(partition.elements, []);
      const inheriting = parseOne('CREATE TABLE ch (b int) INHERITS (par, s.par2)', 'createTable');
      assert.deepEqual(inheriting.inherits.map(qualifiedOf), ['par', 's.par2']);
    });

    it('CREATE TABLE … AS keeps the query opaque', () => {
      const sql = 'CREATE TABLE x AS SELECT 1 AS a';
      const t = parseOne(sql, 'createTable');
      assert.equal(sliceOf(sql, t.asQuery?.span), 'SELECT 1 AS a');
      assert.deepEqual(t.elements, []);
    });

    it('CREATE FOREIGN TABLE', () => {
      const t = parseOne('CREATE FOREIGN TABLE IF NOT EXISTS ft (a int) SERVER s', 'createForeignTable');
      assert.equal(qualifiedOf(t.name), 'ft');
      assert.equal(t.ifNotExists, true);
      assert.deepEqual(t.elements.map((e) => e.kind), ['column']);
    });
  });
});

// ================================================================================================================
// ALTER TABLE

describe('ALTER TABLE', () => {
  it('reads the target, IF EXISTS, ONLY and several actions', () => {
    const sql = 'ALTER TABLE IF EXISTS ONLY public."Items" ADD COLUMN IF NOT EXISTS c int NOT NULL, DROP COLUMN d';
    const a = parseOne(sql, 'alterTable');
    assert.equal(qualifiedOf(a.name), 'public."Items"');
    assert.equal(sliceOf(sql, a.name.span), 'public."Items"');
    assert.deepEqual([a.ifExists, a.only, a.foreign], [true, true, false]);
    assert.deepEqual(a.actions.map((x) => sliceOf(sql, x.span)), ['ADD COLUMN IF NOT EXISTS c int NOT NULL', 'DROP COLUMN d']);
    const add = a.actions[0];
    assert.ok(add.kind === 'addColumn');
    assert.equal(add.ifNotExists, true);
    assert.equal(nameOf(add.column.name), 'c');
    assert.equal(sliceOf(sql, add.column.span), 'c int NOT NULL');
    assert.equal(sliceOf(sql, add.column.type.span), 'int');
  });

  it('ALTER FOREIGN TABLE is an ALTER TABLE with the foreign flag', () => {
    assert.equal(parseOne('ALTER FOREIGN TABLE ft ADD COLUMN x int', 'alterTable').foreign, true);
  });

  // [action as written after `ALTER TABLE items `, expected kind, further checks]
  const ACTIONS: [string, AlterTableAction['kind'], ((a: AlterTableAction, sql: string) => void)?][] = [
    ['ADD COLUMN price double precision', 'addColumn', (a, sql) => {
      assert.ok(a.kind === 'addColumn');
      assert.equal(a.column.type.name, 'double precision');
      assert.equal(sliceOf(sql, a.column.type.span), 'double precision');
    }],
    ['ADD price numeric(10,2) DEFAULT 0', 'addColumn', (a) => {
      assert.ok(a.kind === 'addColumn');
      assert.deepEqual(a.column.constraints.map((c) => c.kind), ['default']);
    }],
    ['DROP COLUMN IF EXISTS price CASCADE', 'dropColumn', (a, sql) => {
      assert.ok(a.kind === 'dropColumn');
      assert.deepEqual([nameOf(a.column), sliceOf(sql, a.column.span), a.ifExists, a.behavior], ['price', 'price', true, 'cascade']);
    }],
    ['DROP price RESTRICT', 'dropColumn', (a) => {
      assert.ok(a.kind === 'dropColumn');
      assert.deepEqual([a.ifExists, a.behavior], [false, 'restrict']);
    }],
    ['ALTER COLUMN price TYPE bigint USING price::bigint', 'alterColumnType', (a, sql) => {
      assert.ok(a.kind === 'alterColumnType');
      assert.equal(nameOf(a.column), 'price');
      assert.equal(a.type.name, 'bigint');
      assert.equal(sliceOf(sql, a.using?.span), 'price::bigint');
    }],
    ['ALTER price SET DATA TYPE character varying(20) COLLATE "C"', 'alterColumnType', (a, sql) => {
      assert.ok(a.kind === 'alterColumnType');
      assert.equal(a.type.name, 'character varying');
      assert.equal(sliceOf(sql, a.type.span), 'character varying(20)');
      assert.equal(nameOf(a.collate?.name), '"C"');
    }],
    ['ALTER COLUMN created SET DEFAULT now()', 'setDefault', (a, sql) => {
      assert.ok(a.kind === 'setDefault');
      assert.equal(sliceOf(sql, a.expr.span), 'now()');
    }],
    ['ALTER COLUMN created DROP DEFAULT', 'dropDefault'],
    ['ALTER COLUMN title SET NOT NULL', 'setNotNull', (a, sql) => {
      assert.ok(a.kind === 'setNotNull');
      assert.equal(sliceOf(sql, a.column.span), 'title');
    }],
    ['ALTER COLUMN title DROP NOT NULL', 'dropNotNull'],
    ['ALTER COLUMN total DROP EXPRESSION IF EXISTS', 'dropExpression'],
    ['ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY', 'addIdentity', (a) => {
      assert.ok(a.kind === 'addIdentity');
      assert.equal(a.always, true);
    }],
    ['ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY', 'addIdentity', (a) => {
      assert.ok(a.kind === 'addIdentity');
      assert.equal(a.always, false);
    }],
    ['ALTER COLUMN id SET GENERATED BY DEFAULT', 'setIdentity'],
    ['ALTER COLUMN id RESTART WITH 10', 'setIdentity'],
    ['ALTER COLUMN id DROP IDENTITY IF EXISTS', 'dropIdentity'],
    ['ALTER COLUMN title SET STATISTICS 100', 'alterColumnStorage', (a) => {
      assert.ok(a.kind === 'alterColumnStorage');
      assert.equal(a.option, 'statistics');
    }],
    ['ALTER COLUMN title SET STORAGE EXTERNAL', 'alterColumnStorage', (a) => assert.ok(a.kind === 'alterColumnStorage' && a.option === 'storage')],
    ['ALTER COLUMN title SET COMPRESSION lz4', 'alterColumnStorage', (a) => assert.ok(a.kind === 'alterColumnStorage' && a.option === 'compression')],
    ['ALTER COLUMN title SET (n_distinct = 1)', 'alterColumnStorage', (a) => assert.ok(a.kind === 'alterColumnStorage' && a.option === 'set')],
    ['ALTER COLUMN title RESET (n_distinct)', 'alterColumnStorage', (a) => assert.ok(a.kind === 'alterColumnStorage' && a.option === 'reset')],
    ['ADD CONSTRAINT items_fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID', 'addConstraint', (a, sql) => {
      assert.ok(a.kind === 'addConstraint');
      assert.equal(a.constraint.kind, 'foreignKey');
      assert.equal(sliceOf(sql, a.constraint.constraintName?.span), 'items_fk');
      assert.equal(a.notValid, true);
    }],
    ['ADD PRIMARY KEY (id)', 'addConstraint', (a) => {
      assert.ok(a.kind === 'addConstraint');
      assert.equal(a.constraint.kind, 'primaryKey');
      assert.equal(a.notValid, false);
    }],
    ['ADD CONSTRAINT price_positive CHECK (price > 0)', 'addConstraint', (a) => assert.ok(a.kind === 'addConstraint' && a.constraint.kind === 'check')],
    ['ADD CONSTRAINT items_title_key UNIQUE USING INDEX items_title_idx', 'addConstraintUsingIndex', (a) => {
      assert.ok(a.kind === 'addConstraintUsingIndex');
      assert.deepEqual([nameOf(a.constraintName), nameOf(a.index)], ['items_title_key', 'items_title_idx']);
    }],
    ['ADD PRIMARY KEY USING INDEX items_pkey_idx', 'addConstraintUsingIndex', (a) => {
      assert.ok(a.kind === 'addConstraintUsingIndex');
      assert.equal(a.constraintName, undefined);
    }],
    ['ALTER CONSTRAINT items_fk DEFERRABLE INITIALLY DEFERRED', 'alterConstraint', (a) => assert.ok(a.kind === 'alterConstraint' && nameOf(a.constraintName) === 'items_fk')],
    ['VALIDATE CONSTRAINT items_fk', 'validateConstraint', (a) => assert.ok(a.kind === 'validateConstraint' && nameOf(a.constraintName) === 'items_fk')],
    ['DROP CONSTRAINT IF EXISTS items_fk CASCADE', 'dropConstraint', (a, sql) => {
      assert.ok(a.kind === 'dropConstraint');
      assert.deepEqual([sliceOf(sql, a.constraintName.span), a.ifExists, a.behavior], ['items_fk', true, 'cascade']);
    }],
    ['RENAME CONSTRAINT old_name TO new_name', 'renameConstraint', (a, sql) => {
      assert.ok(a.kind === 'renameConstraint');
      assert.deepEqual([sliceOf(sql, a.from.span), sliceOf(sql, a.to.span)], ['old_name', 'new_name']);
    }],
    ['RENAME COLUMN "Title" TO title', 'renameColumn', (a) => {
      assert.ok(a.kind === 'renameColumn');
      assert.deepEqual([nameOf(a.from), nameOf(a.to)], ['"Title"', 'title']);
    }],
    ['RENAME title TO name', 'renameColumn'],
    ['RENAME TO products', 'renameTable', (a, sql) => assert.ok(a.kind === 'renameTable' && sliceOf(sql, a.to.span) === 'products')],
    ['SET SCHEMA archive', 'setSchema', (a) => assert.ok(a.kind === 'setSchema' && nameOf(a.schema) === 'archive')],
    ['OWNER TO CURRENT_USER', 'ownerTo'],
    ['OWNER TO app_owner', 'ownerTo'],
    ['ENABLE TRIGGER ALL', 'trigger', (a) => assert.deepEqual(a, { kind: 'trigger', enable: true, span: a.span })],
    ['ENABLE ALWAYS TRIGGER process_order_trigger', 'trigger', (a) => assert.ok(a.kind === 'trigger' && a.enable && a.mode === 'always')],
    ['ENABLE REPLICA TRIGGER t1', 'trigger', (a) => assert.ok(a.kind === 'trigger' && a.enable && a.mode === 'replica')],
    ['DISABLE TRIGGER USER', 'trigger', (a) => assert.ok(a.kind === 'trigger' && !a.enable)],
    ['ENABLE RULE r1', 'rule', (a) => assert.ok(a.kind === 'rule' && a.enable)],
    ['DISABLE RULE r1', 'rule', (a) => assert.ok(a.kind === 'rule' && !a.enable)],
    ['ENABLE ROW LEVEL SECURITY', 'rowLevelSecurity', (a) => assert.ok(a.kind === 'rowLevelSecurity' && a.mode === 'enable')],
    ['DISABLE ROW LEVEL SECURITY', 'rowLevelSecurity', (a) => assert.ok(a.kind === 'rowLevelSecurity' && a.mode === 'disable')],
    ['FORCE ROW LEVEL SECURITY', 'rowLevelSecurity', (a) => assert.ok(a.kind === 'rowLevelSecurity' && a.mode === 'force')],
    ['NO FORCE ROW LEVEL SECURITY', 'rowLevelSecurity', (a) => assert.ok(a.kind === 'rowLevelSecurity' && a.mode === 'noForce')],
    ['SET (fillfactor = 70)', 'tableOptions', (a) => assert.ok(a.kind === 'tableOptions' && !a.reset)],
    ['RESET (fillfactor)', 'tableOptions', (a) => assert.ok(a.kind === 'tableOptions' && a.reset)],
    ['SET ACCESS METHOD heap', 'setAccessMethod'],
    ['SET TABLESPACE fast_disk', 'setTablespace'],
    ['CLUSTER ON items_pkey', 'cluster'],
    ['SET WITHOUT CLUSTER', 'cluster'],
    ['SET WITHOUT OIDS', 'setWithoutOids'],
    ['SET LOGGED', 'setLogged', (a) => assert.ok(a.kind === 'setLogged' && a.logged)],
    ['SET UNLOGGED', 'setLogged', (a) => assert.ok(a.kind === 'setLogged' && !a.logged)],
    ['INHERIT s.parent', 'inherit', (a) => assert.ok(a.kind === 'inherit' && a.inherit && qualifiedOf(a.parent) === 's.parent')],
    ['NO INHERIT parent', 'inherit', (a) => assert.ok(a.kind === 'inherit' && !a.inherit)],
    ['REPLICA IDENTITY FULL', 'replicaIdentity'],
    ['REPLICA IDENTITY USING INDEX items_pkey', 'replicaIdentity'],
    ['ATTACH PARTITION items_2024 FOR VALUES FROM (1) TO (10)', 'attachPartition', (a) => assert.ok(a.kind === 'attachPartition' && qualifiedOf(a.partition) === 'items_2024')],
    ['DETACH PARTITION items_2023 CONCURRENTLY', 'detachPartition', (a) => assert.ok(a.kind === 'detachPartition' && qualifiedOf(a.partition) === 'items_2023')],
    ['OF item_type', 'of'],
    ['NOT OF', 'notOf'],
  ];

  for (const [action, kind, check] of ACTIONS) {
    it(`${action} → ${kind}`, () => {
      const sql = `ALTER TABLE items ${action}`;
      const statement = parseOne(sql, 'alterTable');
      assert.equal(statement.actions.length, 1);
      const [a] = statement.actions;
      assert.equal(a.kind, kind);
      assert.equal(sliceOf(sql, a.span), action);
      if ('column' in a && a.kind !== 'addColumn') {
        assert.match(action, new RegExp(`\\b${sliceOf(sql, a.column.span)}\\b`));
      }
      check?.(a, sql);
    });
  }

  it('the table above covers every ALTER TABLE action kind of ast.ts', () => {
    const every: AlterTableAction['kind'][] = [
      'addColumn', 'dropColumn', 'alterColumnType', 'setDefault', 'dropDefault', 'setNotNull', 'dropNotNull',
      'dropExpression', 'addIdentity', 'setIdentity', 'dropIdentity', 'alterColumnStorage', 'addConstraint',
      'addConstraintUsingIndex', 'alterConstraint', 'validateConstraint', 'dropConstraint', 'renameConstraint',
      'renameColumn', 'renameTable', 'setSchema', 'ownerTo', 'trigger', 'rule', 'rowLevelSecurity', 'tableOptions',
      'setAccessMethod', 'setTablespace', 'cluster', 'setWithoutOids', 'setLogged', 'inherit', 'replicaIdentity',
      'attachPartition', 'detachPartition', 'of', 'notOf',
    ];
    assert.deepEqual([...new Set(ACTIONS.map(([, kind]) => kind))].sort(), [...every].sort());
  });
});

// ================================================================================================================
// DROP

describe('DROP', () => {
  // [statement, object type, object keywords as written, names]
  const DROPS: [string, string, string, string[]][] = [
    ['DROP TABLE items', 'table', 'TABLE', ['items']],
    ['DROP TABLE a, s.b, "C"', 'table', 'TABLE', ['a', 's.b', '"C"']],
    ['DROP INDEX CONCURRENTLY IF EXISTS items_idx', 'index', 'INDEX CONCURRENTLY', ['items_idx']],
    ['DROP TYPE mood', 'type', 'TYPE', ['mood']],
    ['DROP DOMAIN posint', 'domain', 'DOMAIN', ['posint']],
    ['DROP VIEW v1, v2', 'view', 'VIEW', ['v1', 'v2']],
    ['DROP MATERIALIZED VIEW mv', 'materialized view', 'MATERIALIZED VIEW', ['mv']],
    ['DROP FUNCTION IF EXISTS call_process_order_trigger()', 'function', 'FUNCTION', ['call_process_order_trigger']],
    ['DROP FUNCTION f(int, text), g', 'function', 'FUNCTION', ['f', 'g']],
    ['DROP PROCEDURE p', 'procedure', 'PROCEDURE', ['p']],
    ['DROP TRIGGER IF EXISTS "process_order_trigger" ON "public"."orders"', 'trigger', 'TRIGGER', ['"process_order_trigger"']],
    ['DROP SCHEMA app CASCADE', 'schema', 'SCHEMA', ['app']],
    ['DROP SEQUENCE s.seq', 'sequence', 'SEQUENCE', ['s.seq']],
    ['DROP EXTENSION "uuid-ossp"', 'extension', 'EXTENSION', ['"uuid-ossp"']],
    ['DROP FOREIGN TABLE ft', 'foreign table', 'FOREIGN TABLE', ['ft']],
    ['DROP POLICY p ON items', 'policy', 'POLICY', ['p']],
    ['DROP RULE r ON items', 'rule', 'RULE', ['r']],
    ['DROP AGGREGATE agg(int)', 'aggregate', 'AGGREGATE', ['agg']],
    ['DROP ROLE r1, r2', 'role', 'ROLE', ['r1', 'r2']],
  ];
  for (const [sql, objectType, keywords, names] of DROPS) {
    it(`${sql}`, () => {
      const d = parseOne(sql, 'drop');
      assert.equal(d.objectType, objectType);
      assert.equal(sliceOf(sql, d.objectKeywordsSpan), keywords);
      assert.deepEqual(d.names.map(qualifiedOf), names);
      for (const name of d.names) assert.ok(sql.includes(sliceOf(sql, name.span)!));
    });
  }

  it('reads IF EXISTS, CASCADE / RESTRICT and CONCURRENTLY', () => {
    const a = parseOne('DROP TABLE IF EXISTS items CASCADE', 'drop');
    assert.deepEqual([a.ifExists, a.behavior, a.concurrently], [true, 'cascade', false]);
    const b = parseOne('DROP TYPE mood RESTRICT', 'drop');
    assert.deepEqual([b.ifExists, b.behavior], [false, 'restrict']);
    const c = parseOne('DROP INDEX CONCURRENTLY i', 'drop');
    assert.equal(c.concurrently, true);
    assert.equal(parseOne('DROP TABLE t', 'drop').behavior, undefined);
  });

  it('DROP TRIGGER t ON table keeps the table apart from the dropped names', () => {
    const sql = 'DROP TRIGGER IF EXISTS "process_order_trigger" ON "public"."orders" CASCADE';
    const d = parseOne(sql, 'drop');
    assert.deepEqual(d.names.map(qualifiedOf), ['"process_order_trigger"']);
    assert.equal(qualifiedOf(d.onTable), '"public"."orders"');
    assert.equal(sliceOf(sql, d.onTable?.span), '"public"."orders"');
    assert.equal(d.behavior, 'cascade');
  });

  it('object types the grammar does not list are opaque statements, not errors', () => {
    assert.deepEqual(kindsOf(parseAll('DROP OWNED BY r; DROP CAST (int AS text); DROP OPERATOR + (int, int)')).map((k) => k.split(' ').slice(0, 2).join(' ')),
      ['other:drop owned', 'other:drop cast', 'other:drop operator']);
  });
});

// ================================================================================================================
// Indexes, types, domains, schemas, extensions, sequences

describe('CREATE INDEX', () => {
  it('reads every clause', () => {
    const sql = 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS items_idx ON ONLY s.items USING btree '
      + '(title, lower(body), (price * 2) DESC NULLS LAST, slug text_pattern_ops) INCLUDE (a, b) WITH (fillfactor = 70) WHERE price > 0';
    const i = parseOne(sql, 'createIndex');
    assert.deepEqual([i.unique, i.concurrently, i.ifNotExists, i.only], [true, true, true, true]);
    assert.equal(nameOf(i.name), 'items_idx');
    assert.equal(sliceOf(sql, i.name?.span), 'items_idx');
    assert.equal(qualifiedOf(i.table), 's.items');
    assert.equal(nameOf(i.method), 'btree');
    assert.deepEqual(i.elements.map((e) => [nameOf(e.column), e.expr?.text, sliceOf(sql, e.span)]), [
      ['title', undefined, 'title'],
      [undefined, 'lower(body)', 'lower(body)'],
      [undefined, '(price * 2)', '(price * 2) DESC NULLS LAST'],
      ['slug', undefined, 'slug text_pattern_ops'],
    ]);
    assert.deepEqual(i.include.map(nameOf), ['a', 'b']);
    assert.equal(sliceOf(sql, i.where?.span), 'price > 0');
  });

  it('an index needs no name', () => {
    const i = parseOne('CREATE INDEX ON items (title)', 'createIndex');
    assert.equal(i.name, undefined);
    assert.deepEqual([i.unique, i.concurrently, i.ifNotExists, i.only], [false, false, false, false]);
    assert.equal(qualifiedOf(i.table), 'items');
  });

  it('reads the access method', () => {
    assert.equal(nameOf(parseOne('CREATE INDEX i ON t USING gin (tags)', 'createIndex').method), 'gin');
  });
});

describe('CREATE TYPE / ALTER TYPE', () => {
  it('enum: labels unescaped, located inside the quotes', () => {
    const sql = "CREATE TYPE s.mood AS ENUM ('sad', 'ok', 'it''s')";
    const t = parseOne(sql, 'createType');
    assert.equal(t.variant, 'enum');
    assert.equal(qualifiedOf(t.name), 's.mood');
    assert.deepEqual(t.values.map((v) => v.value), ['sad', 'ok', "it's"]);
    assert.deepEqual(t.values.map((v) => sliceOf(sql, v.span)), ['sad', 'ok', "it''s"]);
  });

  it('composite, range, base and shell types', () => {
    const composite = parseOne('CREATE TYPE pair AS (a int, b text[])', 'createType');
    assert.equal(composite.variant, 'composite');
    assert.deepEqual(composite.attributes.map((a) => [nameOf(a.name), a.type.name, a.type.arrayDims]), [['a', 'int', 0], ['b', 'text', 1]]);
    assert.equal(parseOne('CREATE TYPE fr AS RANGE (subtype = float8)', 'createType').variant, 'range');
    assert.equal(parseOne('CREATE TYPE b (input = f_in, output = f_out)', 'createType').variant, 'base');
    assert.equal(parseOne('CREATE TYPE shell', 'createType').variant, 'shell');
  });

  it('ALTER TYPE ADD VALUE with IF NOT EXISTS and a position', () => {
    const sql = "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' BEFORE 'ok'";
    const t = parseOne(sql, 'alterType');
    assert.equal(qualifiedOf(t.name), 'mood');
    const a = t.action;
    assert.ok(a.kind === 'addValue');
    assert.deepEqual([a.value, sliceOf(sql, a.valueSpan), a.ifNotExists, a.position, a.neighbor], ['happy', 'happy', true, 'before', 'ok']);
    assert.equal(sliceOf(sql, a.span), "ADD VALUE IF NOT EXISTS 'happy' BEFORE 'ok'");
    const after = parseOne("ALTER TYPE mood ADD VALUE 'x' AFTER 'ok'", 'alterType').action;
    assert.ok(after.kind === 'addValue');
    assert.deepEqual([after.ifNotExists, after.position], [false, 'after']);
  });

  it('ALTER TYPE RENAME VALUE, RENAME TO, and other actions', () => {
    const rv = parseOne("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", 'alterType').action;
    assert.deepEqual(rv.kind === 'renameValue' && [rv.from, rv.to], ['sad', 'blue']);
    const rt = parseOne('ALTER TYPE mood RENAME TO feeling', 'alterType').action;
    assert.ok(rt.kind === 'renameTo' && nameOf(rt.to) === 'feeling');
    const sql = 'ALTER TYPE mood OWNER TO someone';
    const other = parseOne(sql, 'alterType').action;
    assert.equal(other.kind, 'other');
    assert.equal(sliceOf(sql, other.span), 'OWNER TO someone');
  });
});

describe('CREATE DOMAIN, SCHEMA, EXTENSION, SEQUENCE', () => {
  it('CREATE DOMAIN reads the base type', () => {
    const sql = 'CREATE DOMAIN posint AS int CHECK (VALUE > 0)';
    const d = parseOne(sql, 'createDomain');
    assert.equal(qualifiedOf(d.name), 'posint');
    assert.equal(d.type.name, 'int');
    assert.equal(sliceOf(sql, d.type.span), 'int');
    assert.equal(parseOne('CREATE DOMAIN s.email varchar(320) NOT NULL', 'createDomain').type.name, 'varchar');
  });

  it('CREATE SCHEMA with and without a name', () => {
    const a = parseOne('CREATE SCHEMA IF NOT EXISTS app', 'createSchema');
    assert.deepEqual([nameOf(a.name), a.ifNotExists], ['app', true]);
    assert.equal(parseOne('CREATE SCHEMA AUTHORIZATION joe', 'createSchema').name, undefined);
    assert.equal(nameOf(parseOne('CREATE SCHEMA s AUTHORIZATION joe', 'createSchema').name), 's');
  });

  it('CREATE EXTENSION', () => {
    const sql = 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public';
    const e = parseOne(sql, 'createExtension');
    assert.deepEqual([nameOf(e.name), sliceOf(sql, e.name.span), e.ifNotExists], ['"uuid-ossp"', '"uuid-ossp"', true]);
    assert.equal(nameOf(parseOne('CREATE EXTENSION pgcrypto', 'createExtension').name), 'pgcrypto');
  });

  it('CREATE / ALTER SEQUENCE', () => {
    assert.equal(qualifiedOf(parseOne('CREATE SEQUENCE IF NOT EXISTS s.seq START 1 INCREMENT BY 2', 'createSequence').name), 's.seq');
    assert.equal(qualifiedOf(parseOne('CREATE TEMP SEQUENCE q', 'createSequence').name), 'q');
    assert.equal(qualifiedOf(parseOne('ALTER SEQUENCE IF EXISTS s.seq RESTART WITH 5', 'alterSequence').name), 's.seq');
  });
});

// ================================================================================================================
// Functions, triggers, views, comments, privileges

describe('CREATE FUNCTION / PROCEDURE', () => {
  it('a plpgsql trigger function with a $$ body holding ; and quotes', () => {
    const sql = "CREATE OR REPLACE FUNCTION public.f() RETURNS trigger AS $$\nBEGIN\n  UPDATE t SET s = 'x;y' WHERE id = new.id;\n  RETURN NULL;\nEND;\n$$ LANGUAGE plpgsql";
    const f = parseOne(sql, 'createFunction');
    assert.deepEqual([f.procedure, f.orReplace, qualifiedOf(f.name), f.language], [false, true, 'public.f', 'plpgsql']);
    assert.equal(f.body?.text, "\nBEGIN\n  UPDATE t SET s = 'x;y' WHERE id = new.id;\n  RETURN NULL;\nEND;\n");
    assert.equal(sliceOf(sql, f.body?.span), f.body?.text);
  });

  it('a procedure with a tagged dollar body, the language before the body', () => {
    const sql = 'CREATE PROCEDURE p(a int, b text DEFAULT $x$d$x$) LANGUAGE sql AS $body$ SELECT $$1$$ $body$';
    const f = parseOne(sql, 'createFunction');
    assert.deepEqual([f.procedure, f.orReplace, f.language, f.body?.text], [true, false, 'sql', ' SELECT $$1$$ ']);
  });

  it('string bodies, quoted languages, RETURN and BEGIN ATOMIC', () => {
    const k = parseOne("CREATE FUNCTION k(int) RETURNS TABLE (a int) AS 'select 1' LANGUAGE sql STRICT", 'createFunction');
    assert.deepEqual([k.body?.text, k.language], ['select 1', 'sql']);
    const g = parseOne("CREATE FUNCTION g() RETURNS int LANGUAGE 'SQL' IMMUTABLE RETURN 1", 'createFunction');
    assert.equal(g.language, 'sql');
    const sql = 'CREATE FUNCTION h() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END';
    const h = parseOne(sql, 'createFunction');
    assert.equal(sliceOf(sql, h.body?.span), 'BEGIN ATOMIC SELECT 1; END');
  });
});

describe('CREATE TRIGGER', () => {
  it('reads the name, table and function', () => {
    const sql = 'CREATE OR REPLACE TRIGGER trg AFTER INSERT OR UPDATE OF a, b ON public.items FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION s.process_item()';
    const t = parseOne(sql, 'createTrigger');
    assert.deepEqual([t.orReplace, t.constraint, nameOf(t.name), qualifiedOf(t.table), qualifiedOf(t.function)],
      [true, false, 'trg', 'public.items', 's.process_item']);
    assert.equal(sliceOf(sql, t.table.span), 'public.items');
  });

  it('constraint triggers and EXECUTE PROCEDURE with arguments', () => {
    const t = parseOne("CREATE CONSTRAINT TRIGGER ct AFTER DELETE ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE PROCEDURE f('x')", 'createTrigger');
    assert.deepEqual([t.constraint, qualifiedOf(t.function)], [true, 'f']);
  });
});

describe('CREATE VIEW / MATERIALIZED VIEW', () => {
  it('views keep the query opaque', () => {
    const sql = 'CREATE OR REPLACE VIEW s.v (a) WITH (security_barrier) AS SELECT 1 AS a';
    const v = parseOne(sql, 'createView');
    assert.deepEqual([v.orReplace, v.materialized, qualifiedOf(v.name)], [true, false, 's.v']);
    assert.equal(sliceOf(sql, v.query?.span), 'SELECT 1 AS a');
    assert.equal(parseOne('CREATE TEMP RECURSIVE VIEW rv (n) AS VALUES (1)', 'createView').materialized, false);
  });

  it('materialized views', () => {
    const sql = 'CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT * FROM t WITH NO DATA';
    const v = parseOne(sql, 'createView');
    assert.deepEqual([v.orReplace, v.materialized, qualifiedOf(v.name)], [false, true, 'mv']);
    assert.equal(sliceOf(sql, v.query?.span), 'SELECT * FROM t WITH NO DATA');
  });
});

describe('COMMENT ON', () => {
  const COMMENTS: [string, string, string[]][] = [
    ["COMMENT ON TABLE s.items IS 'Things'", 'table', ['s', 'items']],
    ['COMMENT ON COLUMN items.title IS NULL', 'column', ['items', 'title']],
    ["COMMENT ON COLUMN public.items.\"Title\" IS 'x'", 'column', ['public', 'items', '"Title"']],
    ["COMMENT ON MATERIALIZED VIEW mv IS 'm'", 'materialized view', ['mv']],
    ["COMMENT ON FUNCTION f(int) IS 'f'", 'function', ['f']],
    ["COMMENT ON TRIGGER trg ON items IS 'x'", 'trigger', ['trg']],
    ["COMMENT ON CONSTRAINT c ON items IS 'c'", 'constraint', ['c']],
    ["COMMENT ON INDEX i IS 'i'", 'index', ['i']],
    ["COMMENT ON TYPE mood IS 'e'", 'type', ['mood']],
    ["COMMENT ON SCHEMA app IS 's'", 'schema', ['app']],
  ];
  for (const [sql, objectType, target] of COMMENTS) {
    it(sql, () => {
      const c = parseOne(sql, 'comment');
      assert.equal(c.objectType, objectType);
      assert.deepEqual(c.target.map(nameOf), target);
    });
  }

  it('the column is the last part of the target, located', () => {
    const sql = 'COMMENT ON COLUMN items.title IS NULL';
    const c = parseOne(sql, 'comment');
    assert.equal(sliceOf(sql, c.target[c.target.length - 1].span), 'title');
  });
});

describe('Postgres GRANT / REVOKE', () => {
  it('table privileges list the tables', () => {
    const sql = 'GRANT SELECT, INSERT ON TABLE a, s.b TO app_user';
    const g = parseOne(sql, 'pgGrant');
    assert.deepEqual([g.revoke, g.tables.map(qualifiedOf)], [false, ['a', 's.b']]);
    assert.equal(sliceOf(sql, g.tables[1].span), 's.b');
    assert.deepEqual(parseOne('GRANT ALL ON items TO PUBLIC', 'pgGrant').tables.map(qualifiedOf), ['items']);
    const r = parseOne('REVOKE UPDATE (a) ON t FROM r', 'pgGrant');
    assert.deepEqual([r.revoke, r.tables.map(qualifiedOf)], [true, ['t']]);
  });

  it('other privileges and role grants name no table', () => {
    for (const sql of ['GRANT USAGE ON SCHEMA s TO r', 'GRANT r1 TO r2', 'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM r', 'GRANT EXECUTE ON FUNCTION f() TO r']) {
      assert.deepEqual(parseOne(sql, 'pgGrant').tables, [], sql);
    }
  });

  it('a DDLX GRANT is not a Postgres GRANT', () => {
    assert.equal(parseOne("ELECTRIC GRANT SELECT ON items TO 'r'", 'grant').kind, 'grant');
  });
});

// ================================================================================================================
// DML, session and other statements

describe('DML', () => {
  it('INSERT reads the table and the column list', () => {
    const sql = 'INSERT INTO s.items (id, "Title") VALUES (1, 2) ON CONFLICT DO NOTHING';
    const i = parseOne(sql, 'insert');
    assert.deepEqual([qualifiedOf(i.table), i.columns.map(nameOf)], ['s.items', ['id', '"Title"']]);
    assert.equal(sliceOf(sql, i.columns[1].span), '"Title"');
    assert.deepEqual(parseOne('INSERT INTO t AS x SELECT 1', 'insert').columns, []);
  });

  it('UPDATE and DELETE read their table', () => {
    assert.equal(qualifiedOf(parseOne('UPDATE ONLY items SET a = 1 WHERE b', 'update').table), 'items');
    assert.equal(qualifiedOf(parseOne('DELETE FROM s.items WHERE a', 'delete').table), 's.items');
  });

  it('SELECT, WITH, VALUES, TABLE and parenthesised queries are opaque queries', () => {
    const QUERIES: [string, string][] = [
      ['SELECT pg_sleep(1)', 'select'],
      ["SELECT electric.migration_version('1689167402')", 'select'],
      ['WITH x AS (SELECT 1) SELECT * FROM x', 'with'],
      ['VALUES (1), (2)', 'values'],
      ['TABLE items', 'table'],
      ['(SELECT 1)', '('],
    ];
    for (const [sql, keyword] of QUERIES) assert.equal(parseOne(sql, 'query').keyword, keyword, sql);
  });

  it('TRUNCATE lists its tables', () => {
    const sql = 'TRUNCATE TABLE ONLY a, s.b * RESTART IDENTITY CASCADE';
    const t = parseOne(sql, 'truncate');
    assert.deepEqual(t.tables.map(qualifiedOf), ['a', 's.b']);
    assert.equal(sliceOf(sql, t.tables[1].span), 's.b');
    assert.deepEqual(parseOne('TRUNCATE items', 'truncate').tables.map(qualifiedOf), ['items']);
  });
});

describe('transactions, SET / RESET', () => {
  it('transaction verbs', () => {
    const VERBS: [string, string][] = [
      ['BEGIN', 'begin'], ['BEGIN TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'begin'], ['START TRANSACTION', 'start'],
      ['COMMIT', 'commit'], ['END', 'end'], ['ROLLBACK', 'rollback'], ['ABORT', 'abort'], ['SAVEPOINT sp', 'savepoint'],
      ['RELEASE SAVEPOINT sp', 'release'], ['ROLLBACK TO SAVEPOINT sp', 'rollback'], ["PREPARE TRANSACTION 'x'", 'prepare'],
    ];
    for (const [sql, verb] of VERBS) assert.equal(parseOne(sql, 'transaction').verb, verb, sql);
  });

  it('SET search_path lists the schemas, quoted or not', () => {
    const sql = 'SET search_path TO app, "Public"';
    const s = parseOne(sql, 'set');
    assert.deepEqual([s.reset, s.parameter, s.searchPath?.map(nameOf)], [false, 'search_path', ['app', '"Public"']]);
    assert.deepEqual(s.searchPath?.map((n) => sliceOf(sql, n.span)), ['app', '"Public"']);
    const upper = parseOne('SET SEARCH_PATH = public', 'set');
    assert.deepEqual(upper.searchPath?.map(nameOf), ['public']);
    const local = parseOne("SET LOCAL search_path = 'a'", 'set');
    assert.deepEqual(local.searchPath?.map((n) => n.name), ['a']);
  });

  it('other SET and RESET statements', () => {
    const s = parseOne('SET SESSION statement_timeout = 0', 'set');
    assert.deepEqual([s.reset, s.parameter, s.searchPath], [false, 'statement_timeout', undefined]);
    assert.equal(parseOne("SET client_min_messages TO 'warning'", 'set').parameter, 'client_min_messages');
    const r = parseOne('RESET search_path', 'set');
    assert.deepEqual([r.reset, r.parameter], [true, 'search_path']);
    assert.equal(parseOne('RESET ALL', 'set').reset, true);
  });
});

describe('CALL', () => {
  it("CALL electric.electrify('t') is an enableElectric with syntax call", () => {
    const sql = "CALL electric.electrify('items')";
    const e = parseOne(sql, 'enableElectric');
    assert.equal(e.syntax, 'call');
    assert.equal(qualifiedOf(e.table), 'items');
    assert.equal(sliceOf(sql, e.table.name.span), 'items');
    assert.equal(sliceOf(sql, e.keywordSpan), 'CALL');
    assert.deepEqual(e.unreleased, []);
  });

  it("CALL electric.electrify('public.\"Items\"') reads the string as Postgres' parse_ident does", () => {
    const sql = `CALL electric.electrify('public."Items"')`;
    const e = parseOne(sql, 'enableElectric');
    assert.equal(e.syntax, 'call');
    assert.equal(qualifiedOf(e.table), 'public."Items"');
    assert.equal(sliceOf(sql, e.table.schema?.span), 'public');
    assert.equal(sliceOf(sql, e.table.name.span), '"Items"');
  });

  it("CALL electric.electrify('Items') folds the unquoted name", () => {
    const e = parseOne("CALL Electric.Electrify('Items')", 'enableElectric');
    assert.deepEqual(e.table.name.name, 'items');
  });

  it("CALL electric.electrify('s', 't') names schema and table verbatim", () => {
    const sql = "CALL electric.electrify('My Schema', 'My Table')";
    const e = parseOne(sql, 'enableElectric');
    assert.equal(e.syntax, 'call');
    assert.deepEqual([e.table.schema?.name, e.table.name.name], ['My Schema', 'My Table']);
    assert.equal(sliceOf(sql, e.table.schema?.span), 'My Schema');
    assert.equal(sliceOf(sql, e.table.name.span), 'My Table');
    const short = "CALL electric.electrify('s','t')";
    assert.equal(sliceOf(short, parseOne(short, 'enableElectric').table.span), "'s','t'");
  });

  it('other procedures are plain calls with their arguments', () => {
    const sql = "CALL electric.migration_version('1689167402')";
    const c = parseOne(sql, 'call');
    assert.equal(qualifiedOf(c.procedure), 'electric.migration_version');
    assert.deepEqual(c.args.map((a) => [a.string, a.text, sliceOf(sql, a.span)]), [['1689167402', "'1689167402'", "'1689167402'"]]);
    const named = parseOne("CALL p(a => 1, b := 'x')", 'call');
    assert.deepEqual(named.args.map((a) => [a.string, a.text]), [[undefined, '1'], ['x', "'x'"]]);
    assert.deepEqual(parseOne('CALL noargs()', 'call').args, []);
  });

  it('electrify with a non-string argument is a plain call', () => {
    assert.equal(parseOne('CALL electric.electrify(t)', 'call').kind, 'call');
  });
});

describe('DO blocks', () => {
  it('DO $$ … $$ keeps the keyword and the body', () => {
    const sql = `DO $$ BEGIN CALL electric.electrify('public."Items"'); END $$`;
    const d = parseOne(sql, 'do');
    assert.equal(sliceOf(sql, d.keywordSpan), 'DO');
    assert.equal(sliceOf(sql, d.body.span), `$$ BEGIN CALL electric.electrify('public."Items"'); END $$`);
  });

  it('DO with a LANGUAGE clause, tagged quotes or a plain string', () => {
    assert.equal(parseOne('DO LANGUAGE plpgsql $x$ BEGIN END $x$', 'do').kind, 'do');
    assert.equal(parseOne("DO 'BEGIN END'", 'do').body.text, "'BEGIN END'");
  });
});

describe('statements the grammar does not model in detail', () => {
  it('are opaque `other` statements with their leading keywords, not fallbacks', () => {
    const OTHERS: [string, string[]][] = [
      ['CREATE POLICY p ON items USING (true)', ['create', 'policy']],
      ['CREATE ROLE app LOGIN', ['create', 'role']],
      ['ALTER INDEX i RENAME TO j', ['alter', 'index']],
      ['REFRESH MATERIALIZED VIEW mv', ['refresh', 'materialized']],
      ['VACUUM items', ['vacuum', 'items']],
      ['ANALYZE items', ['analyze', 'items']],
      ['LOCK TABLE items IN ACCESS EXCLUSIVE MODE', ['lock', 'table']],
      ['CREATE RULE r AS ON INSERT TO t DO INSTEAD NOTHING', ['create', 'rule']],
    ];
    for (const [sql, keywords] of OTHERS) {
      const o = parseOne(sql, 'other');
      assert.deepEqual(o.keywords.slice(0, 2), keywords, sql);
    }
  });
});

// ================================================================================================================
// DDLX (electric-ddlx.md §a.3)

describe('DDLX ENABLE / DISABLE', () => {
  it('ALTER TABLE t ENABLE ELECTRIC', () => {
    const sql = 'ALTER TABLE public."Items" ENABLE ELECTRIC';
    const e = parseOne(sql, 'enableElectric');
    assert.equal(e.syntax, 'alterTable');
    assert.equal(qualifiedOf(e.table), 'public."Items"');
    assert.equal(sliceOf(sql, e.table.span), 'public."Items"');
    assert.equal(sliceOf(sql, e.keywordSpan), 'ALTER');
    assert.deepEqual(e.unreleased, []);
    assert.deepEqual(e.identifiers.map(nameOf), ['public', '"Items"']);
    assert.ok(isDdlx(e));
  });

  it('ALTER TABLE t DISABLE ELECTRIC', () => {
    const e = parseOne('alter table S.T disable electric', 'disableElectric');
    assert.equal(e.syntax, 'alterTable');
    assert.equal(qualifiedOf(e.table), 's.t');
  });

  it('ELECTRIC ENABLE t / ELECTRIC DISABLE t, in any case', () => {
    const sql = 'ElEcTrIc EnAbLe Items';
    const e = parseOne(sql, 'enableElectric');
    assert.equal(e.syntax, 'electric');
    assert.equal(qualifiedOf(e.table), 'items');
    assert.equal(sliceOf(sql, e.keywordSpan), 'ElEcTrIc');
    const d = parseOne('ELECTRIC DISABLE s."T"', 'disableElectric');
    assert.deepEqual([d.syntax, qualifiedOf(d.table)], ['electric', 's."T"']);
  });

  it('a -- comment inside a DDLX statement is skipped', () => {
    const e = parseOne('ELECTRIC -- why\nENABLE items', 'enableElectric');
    assert.equal(qualifiedOf(e.table), 'items');
  });

  it('non-ASCII and $ in unquoted identifiers (folded)', () => {
    assert.equal(qualifiedOf(parseOne('ELECTRIC ENABLE Köln_en$ts', 'enableElectric').table), 'köln_en$ts');
  });
});

function roleSummary(sql: string, role: DdlxRole): Record<string, unknown> {
  return {
    form: role.form,
    value: role.value,
    valueSpan: sliceOf(sql, role.valueSpan),
    column: role.column && [nameOf(role.column.schema), nameOf(role.column.table), nameOf(role.column.column)].filter(Boolean).join('.'),
    identifier: nameOf(role.identifier),
    scope: role.scope && { form: role.scope.form, name: qualifiedOf(role.scope.name), span: sliceOf(sql, role.scope.span) },
    span: sliceOf(sql, role.span),
  };
}

describe('DDLX ASSIGN / UNASSIGN', () => {
  const ASSIGNS: [string, string, Record<string, unknown>][] = [
    ["ELECTRIC ASSIGN 'admin' TO users.user_id", 'users.user_id',
      { form: 'string', value: 'admin', valueSpan: 'admin', column: undefined, identifier: undefined, scope: undefined, span: "'admin'" }],
    ["ELECTRIC ASSIGN 'projects:member' TO memberships.user_id", 'memberships.user_id',
      { form: 'string', value: 'projects:member', valueSpan: 'projects:member', column: undefined, identifier: undefined, scope: undefined, span: "'projects:member'" }],
    ['ELECTRIC ASSIGN memberships.role TO memberships.user_id', 'memberships.user_id',
      { form: 'column', value: undefined, valueSpan: undefined, column: 'memberships.role', identifier: undefined, scope: undefined, span: 'memberships.role' }],
    ['ELECTRIC ASSIGN public.memberships.role TO public.memberships.user_id', 'public.memberships.user_id',
      { form: 'column', value: undefined, valueSpan: undefined, column: 'public.memberships.role', identifier: undefined, scope: undefined, span: 'public.memberships.role' }],
    ["ELECTRIC ASSIGN (projects, 'member') TO memberships.user_id", 'memberships.user_id',
      { form: 'string', value: 'member', valueSpan: 'member', column: undefined, identifier: undefined, scope: { form: 'tuple', name: 'projects', span: 'projects' }, span: "(projects, 'member')" }],
    ["ELECTRIC ASSIGN (public.projects, 'member') TO m.u", 'm.u',
      { form: 'string', value: 'member', valueSpan: 'member', column: undefined, identifier: undefined, scope: { form: 'tuple', name: 'public.projects', span: 'public.projects' }, span: "(public.projects, 'member')" }],
    ["ELECTRIC ASSIGN projects:'member' TO memberships.user_id", 'memberships.user_id',
      { form: 'string', value: 'member', valueSpan: 'member', column: undefined, identifier: undefined, scope: { form: 'colon', name: 'projects', span: 'projects' }, span: "projects:'member'" }],
    ['ELECTRIC ASSIGN (projects, memberships.role) TO memberships.user_id', 'memberships.user_id',
      { form: 'column', value: undefined, valueSpan: undefined, column: 'memberships.role', identifier: undefined, scope: { form: 'tuple', name: 'projects', span: 'projects' }, span: '(projects, memberships.role)' }],
    ['ELECTRIC ASSIGN (NULL, admin) TO users.user_id', 'users.user_id',
      { form: 'identifier', value: undefined, valueSpan: undefined, column: undefined, identifier: 'admin', scope: { form: 'tuple', name: undefined, span: 'NULL' }, span: '(NULL, admin)' }],
    ['ELECTRIC ASSIGN deliveries:driver TO deliveries.driver_id', 'deliveries.driver_id',
      { form: 'identifier', value: undefined, valueSpan: undefined, column: undefined, identifier: 'driver', scope: { form: 'colon', name: 'deliveries', span: 'deliveries' }, span: 'deliveries:driver' }],
    ["ELECTRIC ASSIGN '' TO users.user_id", 'users.user_id',
      { form: 'string', value: '', valueSpan: '', column: undefined, identifier: undefined, scope: undefined, span: "''" }],
  ];
  for (const [sql, user, role] of ASSIGNS) {
    it(sql, () => {
      const a = parseOne(sql, 'assign');
      assert.deepEqual(roleSummary(sql, a.role), role);
      assert.equal(sliceOf(sql, a.user.span), user);
      assert.equal(a.ifExpr, undefined);
      assert.deepEqual(a.unreleased, []);
      assert.equal(sliceOf(sql, a.keywordSpan), 'ELECTRIC');
    });
  }

  it('ASSIGN … IF ( expr ) keeps the condition', () => {
    const sql = "ELECTRIC ASSIGN 'projects:member' TO memberships.user_id IF (can_read_records(user_id) AND x = -12)";
    const a = parseOne(sql, 'assign');
    assert.equal(sliceOf(sql, a.ifExpr?.span), '(can_read_records(user_id) AND x = -12)');
    assert.equal(a.ifExpr?.parenthesized, true);
    assert.deepEqual(a.unreleased, []);
    assert.deepEqual([nameOf(a.user.table), nameOf(a.user.column)], ['memberships', 'user_id']);
    assert.deepEqual([sliceOf(sql, a.user.table.span), sliceOf(sql, a.user.column.span)], ['memberships', 'user_id']);
  });

  it('UNASSIGN', () => {
    const sql = "ELECTRIC UNASSIGN 'projects:member' FROM public.memberships.user_id";
    const u = parseOne(sql, 'unassign');
    assert.equal(u.role.value, 'projects:member');
    assert.deepEqual([nameOf(u.user.schema), nameOf(u.user.table), nameOf(u.user.column)], ['public', 'memberships', 'user_id']);
    assert.equal(sliceOf(sql, u.user.span), 'public.memberships.user_id');
    assert.equal(u.ifExpr, undefined);
    const tuple = parseOne('ELECTRIC UNASSIGN (NULL, memberships.role) FROM memberships.user_id', 'unassign');
    assert.deepEqual([tuple.role.form, tuple.role.scope?.name], ['column', undefined]);
  });
});

describe('DDLX GRANT / REVOKE', () => {
  it('GRANT with a column list, USING path and CHECK', () => {
    const sql = "ELECTRIC GRANT UPDATE (title, Body) ON public.items TO 'projects:member' USING project_id/owner CHECK (name = 'Paul')";
    const g = parseOne(sql, 'grant');
    assert.deepEqual(g.privileges.map((p) => [p.name, sliceOf(sql, p.span)]), [['update', 'UPDATE']]);
    assert.deepEqual(g.columns?.map(nameOf), ['title', 'body']);
    assert.deepEqual(g.columns?.map((c) => sliceOf(sql, c.span)), ['title', 'Body']);
    assert.deepEqual(g.tables.map(qualifiedOf), ['public.items']);
    assert.equal(sliceOf(sql, g.tables[0].span), 'public.items');
    assert.deepEqual(g.roles.map((r) => roleSummary(sql, r)), [
      { form: 'string', value: 'projects:member', valueSpan: 'projects:member', column: undefined, identifier: undefined, scope: undefined, span: "'projects:member'" },
    ]);
    assert.deepEqual(g.using?.path.map(nameOf), ['project_id', 'owner']);
    assert.equal(sliceOf(sql, g.using?.span), 'USING project_id/owner');
    assert.equal(sliceOf(sql, g.check?.span), "name = 'Paul'");
    assert.equal(g.check?.parenthesized, true);
    assert.deepEqual(g.unreleased, []);
  });

  it('every privilege keyword', () => {
    for (const privilege of ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ALL', 'READ', 'WRITE']) {
      const sql = `ELECTRIC GRANT ${privilege} ON items TO 'member'`;
      const g = parseOne(sql, 'grant');
      assert.deepEqual(g.privileges.map((p) => [p.name, sliceOf(sql, p.span)]), [[privilege.toLowerCase(), privilege]]);
      assert.deepEqual([g.columns, g.using, g.check, g.unreleased], [undefined, undefined, undefined, []]);
    }
  });

  it('an empty USING path', () => {
    const sql = "ELECTRIC GRANT ALL ON t TO 'r' USING";
    assert.deepEqual(parseOne(sql, 'grant').using?.path, []);
  });

  it('GRANT to a scope written outside the string: (scope, role) and scope:role', () => {
    const tuple = "ELECTRIC GRANT ALL ON t TO (projects, 'member')";
    assert.deepEqual(roleSummary(tuple, parseOne(tuple, 'grant').roles[0]).scope, { form: 'tuple', name: 'projects', span: 'projects' });
    const colon = "ELECTRIC GRANT READ ON t TO projects:'member'";
    assert.deepEqual(roleSummary(colon, parseOne(colon, 'grant').roles[0]).scope, { form: 'colon', name: 'projects', span: 'projects' });
  });

  it('GRANT … CHECK with function calls, literals and operators', () => {
    const sql = "ELECTRIC GRANT WRITE ON t TO 'x' CHECK (can_write(row_id, 1) AND a <> -2 OR b != 'q' AND c <= d * 3)";
    const g = parseOne(sql, 'grant');
    assert.equal(g.check?.text, "can_write(row_id, 1) AND a <> -2 OR b != 'q' AND c <= d * 3");
    assert.deepEqual(g.unreleased, []);
  });

  it('REVOKE, with and without a column list', () => {
    const sql = "ELECTRIC REVOKE DELETE ON items FROM 'member'";
    const r = parseOne(sql, 'revoke');
    assert.deepEqual([r.privileges.map((p) => p.name), r.tables.map(qualifiedOf), r.roles.map((x) => x.value)], [['delete'], ['items'], ['member']]);
    assert.deepEqual([r.using, r.check, r.unreleased], [undefined, undefined, []]);
    const withColumns = parseOne("ELECTRIC REVOKE INSERT (a, b) ON s.t FROM 'p:x'", 'revoke');
    assert.deepEqual(withColumns.columns?.map(nameOf), ['a', 'b']);
  });
});

describe('DDLX SQLITE', () => {
  it("ELECTRIC SQLITE '…' unescapes the string; the span covers its content", () => {
    const sql = "ELECTRIC SQLITE 'CREATE TABLE it''s (a int)'";
    const s = parseOne(sql, 'sqlite');
    assert.equal(s.body.text, "CREATE TABLE it's (a int)");
    assert.equal(sliceOf(sql, s.body.span), "CREATE TABLE it''s (a int)");
    assert.deepEqual([s.unreleased, s.identifiers], [[], []]);
  });

  it('ELECTRIC SQLITE $$…$$ and $tag$…$tag$ keep ; and quotes inside', () => {
    const sql = "ELECTRIC SQLITE $$ CREATE TABLE x (a text DEFAULT 'a;b'); $$";
    const s = parseOne(sql, 'sqlite');
    assert.equal(s.body.text, " CREATE TABLE x (a text DEFAULT 'a;b'); ");
    assert.equal(sliceOf(sql, s.body.span), s.body.text);
    assert.equal(parseOne('ELECTRIC SQLITE $tag$ x $tag$', 'sqlite').body.text, ' x ');
  });
});

describe('DDLX syntax the docs show but the released parser rejects (§a.3 items 1–9)', () => {
  // [statement, kind, expected unreleased features with the text each spans]
  const UNRELEASED: [string, 'grant' | 'revoke' | 'assign', [string, string][]][] = [
    // 1. several privileges
    ["ELECTRIC GRANT SELECT, INSERT ON items TO 'member'", 'grant', [['privilege-list', 'SELECT, INSERT']]],
    ["ELECTRIC REVOKE SELECT, DELETE ON items FROM 'member'", 'revoke', [['privilege-list', 'SELECT, DELETE']]],
    // 2. ALL PRIVILEGES
    ["ELECTRIC GRANT ALL PRIVILEGES ON items TO 'member'", 'grant', [['all-privileges', 'ALL PRIVILEGES']]],
    ["ELECTRIC REVOKE ALL PRIVILEGES ON items FROM 'member'", 'revoke', [['all-privileges', 'ALL PRIVILEGES']]],
    // 3. ON TABLE
    ["ELECTRIC GRANT SELECT ON TABLE items TO 'member'", 'grant', [['on-table', 'TABLE']]],
    ["ELECTRIC REVOKE SELECT ON TABLE items FROM 'member'", 'revoke', [['on-table', 'TABLE']]],
    // 4. several tables or roles
    ["ELECTRIC GRANT SELECT ON items, orders TO 'member'", 'grant', [['table-list', 'items, orders']]],
    ["ELECTRIC GRANT SELECT ON items TO 'member', 'admin'", 'grant', [['role-list', "'member', 'admin'"]]],
    ["ELECTRIC REVOKE SELECT ON items FROM 'member', 'admin'", 'revoke', [['role-list', "'member', 'admin'"]]],
    // 5. bare ANYONE / AUTHENTICATED
    ['ELECTRIC GRANT SELECT ON items TO ANYONE', 'grant', [['bare-anyone', 'ANYONE']]],
    ['ELECTRIC GRANT SELECT ON items TO authenticated', 'grant', [['bare-authenticated', 'authenticated']]],
    ['ELECTRIC REVOKE SELECT ON items FROM AUTHENTICATED', 'revoke', [['bare-authenticated', 'AUTHENTICATED']]],
    // 6. dotted names inside CHECK / IF
    ["ELECTRIC GRANT INSERT ON items TO 'member' CHECK (new.owner_id = auth.user_id)", 'grant', [['dotted-name', 'new.owner_id'], ['dotted-name', 'auth.user_id']]],
    ["ELECTRIC ASSIGN 'r' TO memberships.user_id IF (memberships.role = 'admin')", 'assign', [['dotted-name', 'memberships.role']]],
    // 7. IS [NOT] NULL and prefix NOT
    ["ELECTRIC GRANT SELECT ON items TO 'member' CHECK (deleted_at IS NULL)", 'grant', [['is-null', 'deleted_at IS NULL']]],
    ["ELECTRIC GRANT SELECT ON items TO 'member' CHECK (owner IS NOT NULL)", 'grant', [['is-null', 'owner IS NOT NULL']]],
    ["ELECTRIC GRANT SELECT ON items TO 'member' CHECK (NOT archived)", 'grant', [['prefix-not', 'NOT archived']]],
    // 8. IF without parentheses
    ["ELECTRIC ASSIGN 'r' TO memberships.user_id IF can_read()", 'assign', [['if-without-parentheses', 'can_read()']]],
    ["ELECTRIC ASSIGN 'r' TO memberships.user_id IF (a) OR (b)", 'assign', [['if-without-parentheses', '(a) OR (b)']]],
    // 9. a float constant
    ["ELECTRIC GRANT SELECT ON items TO 'member' CHECK (price > 1.5)", 'grant', [['float-constant', '1.5']]],
    ["ELECTRIC ASSIGN 'r' TO m.user_id IF (score >= -.5)", 'assign', [['float-constant', '-.5']]],
  ];
  for (const [sql, kind, features] of UNRELEASED) {
    it(sql, () => {
      const statement = parseOne(sql, kind);
      assert.deepEqual(statement.unreleased.map((u) => [u.feature, sliceOf(sql, u.span)]), features);
    });
  }

  it('the released equivalents mark nothing', () => {
    for (const sql of [
      "ELECTRIC GRANT ALL ON items TO 'member'",
      "ELECTRIC GRANT SELECT ON items TO 'ANYONE'",
      "ELECTRIC GRANT SELECT ON items TO 'member' CHECK (owner_id = auth_user_id() AND price > 1)",
      "ELECTRIC ASSIGN 'r' TO m.user_id IF (can_read(user_id))",
    ]) {
      const statement = parseClean(sql).statements[0].ast;
      assert.ok(statement && isDdlx(statement));
      assert.deepEqual(statement.unreleased, [], sql);
    }
  });

  it('lists several constructs of one statement', () => {
    const sql = "ELECTRIC GRANT SELECT, UPDATE ON TABLE a, b TO ANYONE, 'x' CHECK (NOT new.x IS NULL AND y > 1.5)";
    const g = parseOne(sql, 'grant');
    assert.deepEqual(g.unreleased.map((u) => `${u.feature} ${sliceOf(sql, u.span)}`).sort(), [
      'bare-anyone ANYONE',
      'dotted-name new.x',
      'float-constant 1.5',
      'is-null new.x IS NULL',
      'on-table TABLE',
      'prefix-not NOT new.x IS NULL',
      'privilege-list SELECT, UPDATE',
      "role-list ANYONE, 'x'",
      'table-list a, b',
    ]);
    assert.deepEqual(g.privileges.map((p) => p.name), ['select', 'update']);
    assert.deepEqual(g.tables.map(qualifiedOf), ['a', 'b']);
    assert.deepEqual(g.roles.map((r) => r.form), ['anyone', 'string']);
  });
});

describe('DDLX identifiers (for the reserved-word rule)', () => {
  it('ALTER TABLE read ENABLE ELECTRIC parses with the identifier read', () => {
    const sql = 'ALTER TABLE read ENABLE ELECTRIC';
    const e = parseOne(sql, 'enableElectric');
    assert.equal(qualifiedOf(e.table), 'read');
    assert.deepEqual(e.identifiers.map((n) => [n.name, n.quoted, sliceOf(sql, n.span)]), [['read', false, 'read']]);
  });

  it('DDLX keywords that Postgres allows as names parse as identifiers', () => {
    const CASES: [string, string[]][] = [
      ['ELECTRIC ENABLE write', ['write']],
      ['ELECTRIC DISABLE Privileges', ['privileges']],
      ['ALTER TABLE sqlite ENABLE ELECTRIC', ['sqlite']],
      ['ALTER TABLE electric ENABLE ELECTRIC', ['electric']],
      ["ELECTRIC ASSIGN 'r' TO enable.grant", ['enable', 'grant']],
      ["ELECTRIC GRANT SELECT (read, write) ON t TO 'r' USING read/write", ['read', 'write', 't', 'read', 'write']],
    ];
    for (const [sql, identifiers] of CASES) {
      const statement = parseClean(sql).statements[0].ast;
      assert.ok(statement && isDdlx(statement), sql);
      assert.deepEqual(statement.identifiers.map((n) => n.name), identifiers, sql);
      for (const n of statement.identifiers) assert.equal(sliceOf(sql, n.span)?.toLowerCase(), n.name, sql);
    }
  });

  it('quoted identifiers are marked quoted', () => {
    const sql = 'ALTER TABLE "read" ENABLE ELECTRIC';
    assert.deepEqual(parseOne(sql, 'enableElectric').identifiers.map((n) => [n.name, n.quoted, sliceOf(sql, n.span)]), [['read', true, '"read"']]);
  });

  it('a table named if, a DDLX keyword, parses with the identifier if', () => {
    const e = parseOne('ALTER TABLE if ENABLE ELECTRIC', 'enableElectric');
    assert.deepEqual(e.identifiers.map((n) => n.name), ['if']);
  });

  describe('lists every identifier in the order written', () => {
    const CASES: [string, string[]][] = [
      ["ELECTRIC GRANT UPDATE (title) ON public.items TO 'r' USING project_id CHECK (name = 'x')", ['title', 'public', 'items', 'project_id', 'name']],
      ["ELECTRIC ASSIGN (public.projects, 'member') TO public.m.u", ['public', 'projects', 'public', 'm', 'u']],
      ["ELECTRIC ASSIGN 'r' TO memberships.user_id IF (can_read())", ['memberships', 'user_id', 'can_read']],
      ['ELECTRIC ASSIGN (projects, admin) TO t.c', ['projects', 'admin', 't', 'c']],
      ['ELECTRIC ASSIGN deliveries:driver TO d.u', ['deliveries', 'driver', 'd', 'u']],
      ["ELECTRIC GRANT INSERT ON t TO 'r' CHECK (new.owner_id = 1)", ['t', 'new', 'owner_id']],
    ];
    for (const [sql, identifiers] of CASES) {
      it(sql, () => {
        const statement = parseClean(sql).statements[0].ast;
        assert.ok(statement && isDdlx(statement), sql);
        assert.deepEqual(statement.identifiers.map((n) => n.name), identifiers, sql);
      });
    }
  });
});

// ================================================================================================================
// Files: offsets, caching, fixtures

describe('statements in a file', () => {
  it('spans are offsets into the file, also for a statement seen before (cached)', () => {
    const text = '-- header\nALTER TABLE items ENABLE ELECTRIC;\n\n  ALTER TABLE items ENABLE ELECTRIC;\nCREATE TABLE b (x int);';
    const [first, second, third] = parseAll(text);
    assert.ok(first.kind === 'enableElectric' && second.kind === 'enableElectric' && third.kind === 'createTable');
    assert.equal(sliceOf(text, first.table.span), 'items');
    assert.equal(sliceOf(text, second.table.span), 'items');
    assert.notEqual(first.table.span.start, second.table.span.start);
    assert.equal(sliceOf(text, second.span), 'ALTER TABLE items ENABLE ELECTRIC');
    assert.equal(sliceOf(text, second.keywordSpan), 'ALTER');
    assert.equal(sliceOf(text, (third.elements[0] as ColumnDef).type.span), 'int');
  });

  it('one bad statement does not hide the others', () => {
    const text = 'CREATE TABLE a (x int);\nCREATE TABLE b (x int,, y int);\nALTER TABLE a ENABLE ELECTRIC;';
    const file = parseFile(text);
    assert.deepEqual(file.statements.map((s) => (s.error ? 'error' : s.ast?.kind)), ['createTable', 'error', 'enableElectric']);
    assert.equal(file.errors.length, 1);
    assert.equal(sliceOf(text, file.errors[0].span), ',');
    assert.equal(file.errors[0].span.start, text.indexOf(',,') + 1);
  });

  it('DDLX kinds are recognised by isDdlx', () => {
    const statements = parseAll("ALTER TABLE t ENABLE ELECTRIC; ELECTRIC GRANT READ ON t TO 'r'; CALL electric.electrify('t'); CREATE TABLE u (a int)");
    assert.deepEqual(statements.map(isDdlx), [true, true, true, false]);
  });
});

describe('fixtures: test/fixtures/parse', () => {
  for (const { file, text, expectedToken } of readFailFixtures(FIXTURES)) {
    it(`${file}: a syntax error at ${JSON.stringify(expectedToken)}`, () => {
      const error = syntaxErrorOf(text);
      assert.equal(error.at, expectedToken, `span of "${error.message}"`);
      assert.match(error.message, /^Expected /);
    });
  }

  for (const { file, text } of readPassFixtures(FIXTURES)) {
    it(`${file}: parses without syntax errors or fallbacks`, () => {
      const file_ = parseClean(text);
      assert.ok(file_.statements.length > 1, 'several statements per file');
      for (const s of file_.statements) assert.ok(s.ast, s.text);
    });
  }
});

describe('syntax error messages', () => {
  before(async () => initParser());

  it('a forgotten ";" reads as one, with a hint on the next statement', () => {
    const text = 'CREATE TABLE items (id uuid PRIMARY KEY)\nALTER TABLE items ENABLE ELECTRIC;';
    const [error] = parseFile(text).errors;
    assert.equal(text.slice(error.span.start, error.span.end), 'ALTER');
    assert.match(error.message, /^Expected .*";", found "ALTER" \(is a ";" missing at the end of the line before\?\)$/);
  });

  it('no hint when the unexpected word does not start a line', () => {
    const [error] = parseFile('CREATE TABLE items (id uuid) garbage;').errors;
    assert.doesNotMatch(error.message, /missing/);
  });
});
