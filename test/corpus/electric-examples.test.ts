/**
 * Electric's own example migrations (test/fixtures/electric-examples, taken from electric-sql/electric at the
 * commits named in each file's first line) must parse cleanly: no syntax error, and no statement that needed
 * Postgres' second opinion — the grammar models every one of them itself.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Statement } from '../../server/src/syntax/ast';
import { loadParser as initParser, parseFile } from '../helpers/parser';
import type { ParsedFile } from '../../server/src/syntax/parsed';
import { nameOf, qualifiedOf, sliceOf } from '../helpers/parse';

before(async () => {
  await initParser();
});

const DIR = path.join(__dirname, '../fixtures/electric-examples');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();

interface Expected {
  /** Statement kinds and how many of each. */
  kinds: Record<string, number>;
  /** CREATE TABLE names, in order. */
  created: string[];
  /** Electrified tables, in order, with the syntax used. */
  electrified: string[];
}

const alter = (tables: string[]) => tables.map((t) => `${t} (alterTable)`);
const call = (tables: string[]) => tables.map((t) => `${t} (call)`);
const INTRODUCTION_TABLES = ['demos', 'sliders', 'items', 'tournaments', 'players'];
const E2E_TABLES = ['items', 'other_items', 'timestamps', 'datetimes', 'bools', 'uuids', 'ints', 'floats', 'jsons', 'enums', 'blobs'];

const EXPECTED: Record<string, Expected> = {
  'checkout__01-create_items_table.sql': {
    kinds: { createTable: 3, enableElectric: 3, createIndex: 5 },
    created: ['items', 'orders', 'basket_items'],
    electrified: alter(['items', 'orders', 'basket_items']),
  },
  'checkout__02-create_process_item_trigger.sql': {
    kinds: { drop: 2, createFunction: 1, createTrigger: 1, alterTable: 1 },
    created: [],
    electrified: [],
  },
  'docs-data-modelling__example.sql': {
    kinds: { createTable: 5 },
    created: ['users', 'projects', 'memberships', 'issues', 'comments'],
    electrified: [],
  },
  'e2e-prisma-example__20230915175207_electric_migration.sql': {
    kinds: { enableElectric: 1 },
    created: [],
    electrified: alter(['public."Items"']),
  },
  'e2e-satellite-client__01-create_e2e_tables.sql': {
    kinds: { createTable: 11, enableElectric: 11, createType: 1 },
    created: E2E_TABLES.map((t) => `"${t}"`),
    electrified: alter(E2E_TABLES.map((t) => (t === 'items' ? t : `"${t}"`))),
  },
  'introduction-v0.6__1689167402_initial_data_model.sql': {
    kinds: { transaction: 2, query: 1, set: 1, createTable: 5, enableElectric: 5 },
    created: INTRODUCTION_TABLES,
    electrified: call(['demos', 'sliders', 'items', 'players', 'tournaments']),
  },
  'introduction__1689167402-initial_data_model.sql': {
    kinds: { transaction: 2, call: 1, set: 1, createTable: 5, enableElectric: 5 },
    created: INTRODUCTION_TABLES,
    electrified: call(['demos', 'sliders', 'items', 'players', 'tournaments']),
  },
  'ionic-demo__01-create_tables.sql': {
    kinds: { createTable: 1, enableElectric: 1 },
    created: ['"appointments"'],
    electrified: alter(['appointments']),
  },
  'linearlite__01-create_tables.sql': {
    kinds: { createTable: 2, enableElectric: 2 },
    created: ['"issue"', '"comment"'],
    electrified: alter(['issue', 'comment']),
  },
  'recipes__01-activity_events_table.sql': {
    kinds: { createTable: 1, enableElectric: 1 },
    created: ['activity_events'],
    electrified: alter(['activity_events']),
  },
  'recipes__02-logs_table.sql': {
    kinds: { createTable: 1, createIndex: 1, enableElectric: 1 },
    created: ['logs'],
    electrified: alter(['logs']),
  },
  'recipes__03-request_response_tables.sql': {
    kinds: { createTable: 2, enableElectric: 2, createFunction: 2, createTrigger: 2, alterTable: 2 },
    created: ['requests', 'responses'],
    electrified: alter(['requests', 'responses']),
  },
  'recipes__04-monitoring_table.sql': {
    kinds: { createTable: 1, createIndex: 1, enableElectric: 1 },
    created: ['monitoring'],
    electrified: alter(['monitoring']),
  },
  'recipes__05-background_jobs_table.sql': {
    kinds: { createTable: 1, enableElectric: 1, createFunction: 1, createTrigger: 1, alterTable: 1 },
    created: ['background_jobs'],
    electrified: alter(['background_jobs']),
  },
  'recipes__06-chat_room_table.sql': {
    kinds: { createTable: 1, createIndex: 1, enableElectric: 1 },
    created: ['chat_room'],
    electrified: alter(['chat_room']),
  },
  'recipes__07-data_viewer_table.sql': {
    kinds: { createTable: 1, createIndex: 2, enableElectric: 1 },
    created: ['commerce_orders'],
    electrified: alter(['commerce_orders']),
  },
  'starter-template-v0.6__create_items_table.sql': {
    kinds: { createTable: 1, enableElectric: 1 },
    created: ['items'],
    electrified: call(['items']),
  },
  'starter-template-v0.7__01-create_items_table.sql': {
    kinds: { createTable: 1, enableElectric: 1 },
    created: ['items'],
    electrified: alter(['items']),
  },
  'web-wa-sqlite__01-create_items_table.sql': {
    kinds: { createTable: 1, enableElectric: 1 },
    created: ['items'],
    electrified: alter(['items']),
  },
};

const parsed = new Map<string, ParsedFile>();
function parse(file: string): ParsedFile {
  let result = parsed.get(file);
  if (!result) {
    result = parseFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    parsed.set(file, result);
  }
  return result;
}

function asts(file: string): Statement[] {
  return parse(file).statements.map((s) => s.ast!);
}

describe('Electric example migrations', () => {
  it('every example file has expectations here', () => {
    assert.deepEqual(FILES, Object.keys(EXPECTED).sort());
  });

  for (const file of FILES) {
    describe(file, () => {
      it('has no syntax error and no fallback statement', () => {
        const result = parse(file);
        assert.deepEqual(result.errors.map((e) => `${sliceOf(result.text, e.span)}: ${e.message}`), []);
        assert.deepEqual(result.statements.filter((s) => s.fallback).map((s) => s.text), []);
        for (const s of result.statements) {
          assert.ok(s.ast, s.text);
          assert.equal(sliceOf(result.text, s.span), s.text);
          assert.equal(sliceOf(result.text, s.ast.span), s.text, 'the AST spans its statement');
        }
      });

      it('has the expected statements, tables and electrified tables', () => {
        const expected = EXPECTED[file];
        const statements = asts(file);
        const kinds: Record<string, number> = {};
        for (const s of statements) kinds[s.kind] = (kinds[s.kind] ?? 0) + 1;
        assert.deepEqual(kinds, expected.kinds);
        assert.deepEqual(statements.flatMap((s) => (s.kind === 'createTable' ? [qualifiedOf(s.name)] : [])), expected.created);
        assert.deepEqual(
          statements.flatMap((s) => (s.kind === 'enableElectric' ? [`${qualifiedOf(s.table)} (${s.syntax})`] : [])),
          expected.electrified,
        );
      });
    });
  }
});

describe('key ASTs of the examples', () => {
  it('checkout 02: DROP TRIGGER … ON, a plpgsql function, ENABLE ALWAYS TRIGGER', () => {
    const [dropTrigger, dropFunction, fn, trigger, alter] = asts('checkout__02-create_process_item_trigger.sql');
    assert.ok(dropTrigger.kind === 'drop' && dropFunction.kind === 'drop' && fn.kind === 'createFunction');
    assert.deepEqual([dropTrigger.objectType, dropTrigger.ifExists, dropTrigger.names.map(qualifiedOf), qualifiedOf(dropTrigger.onTable)],
      ['trigger', true, ['"process_order_trigger"'], '"public"."orders"']);
    assert.deepEqual([dropFunction.objectType, dropFunction.names.map(qualifiedOf)], ['function', ['call_process_order_trigger']]);
    assert.deepEqual([qualifiedOf(fn.name), fn.language], ['call_process_order_trigger', 'plpgsql']);
    assert.match(fn.body?.text ?? '', /PERFORM net\.http_post/);
    assert.ok(trigger.kind === 'createTrigger');
    assert.deepEqual([nameOf(trigger.name), qualifiedOf(trigger.table), qualifiedOf(trigger.function)],
      ['"process_order_trigger"', '"public"."orders"', 'call_process_order_trigger']);
    assert.ok(alter.kind === 'alterTable');
    assert.deepEqual(alter.actions.map((a) => (a.kind === 'trigger' ? `${a.kind} ${a.enable} ${a.mode}` : a.kind)), ['trigger true always']);
  });

  it('checkout 01: CREATE INDEX IF NOT EXISTS and ON DELETE SET NULL', () => {
    const statements = asts('checkout__01-create_items_table.sql');
    const indexes = statements.flatMap((s) => (s.kind === 'createIndex' ? [s] : []));
    assert.ok(indexes.every((i) => i.ifNotExists));
    assert.deepEqual(indexes.map((i) => `${nameOf(i.name)} ON ${qualifiedOf(i.table)}(${i.elements.map((e) => nameOf(e.column)).join()})`), [
      'orders_electric_user_id_idx ON orders(electric_user_id)',
      'orders_created_at_idx ON orders(created_at)',
      'basket_items_order_id_idx ON basket_items(order_id)',
      'basket_items_electric_user_id_idx ON basket_items(electric_user_id)',
      'basket_items_item_id_idx ON basket_items(item_id)',
    ]);
    const basket = statements.find((s) => s.kind === 'createTable' && s.name.name.name === 'basket_items');
    assert.ok(basket?.kind === 'createTable');
    const itemId = basket.elements.find((e) => e.kind === 'column' && e.name.name === 'item_id');
    assert.ok(itemId?.kind === 'column');
    assert.deepEqual(itemId.constraints.map((c) => (c.kind === 'references' ? `references ${qualifiedOf(c.references.table)} ${c.references.onDelete}` : c.kind)),
      ['notNull', 'references items set null']);
  });

  it('e2e satellite client: a quoted enum type used by a column', () => {
    const statements = asts('e2e-satellite-client__01-create_e2e_tables.sql');
    const type = statements.find((s) => s.kind === 'createType');
    assert.ok(type?.kind === 'createType');
    assert.deepEqual([qualifiedOf(type.name), type.variant, type.values.map((v) => v.value)], ['"Color"', 'enum', ['RED', 'GREEN', 'BLUE']]);
    const enums = statements.find((s) => s.kind === 'createTable' && s.name.name.name === 'enums');
    assert.ok(enums?.kind === 'createTable');
    const c = enums.elements.find((e) => e.kind === 'column' && e.name.name === 'c');
    assert.ok(c?.kind === 'column');
    assert.deepEqual([c.type.name, c.type.qualified?.name.quoted], ['Color', true]);
    const items = statements[0];
    assert.ok(items.kind === 'createTable');
    assert.deepEqual(items.elements.flatMap((e) => (e.kind === 'tableConstraint' ? [`${e.constraint.kind} ${nameOf(e.constraint.constraintName)}`] : [])),
      ['primaryKey "items_pkey"']);
  });

  it('introduction: the migration version, search_path and electrify calls inside a transaction', () => {
    const current = asts('introduction__1689167402-initial_data_model.sql');
    assert.deepEqual(current.slice(0, 3).map((s) => s.kind), ['transaction', 'call', 'set']);
    const [begin, version, searchPath] = current;
    assert.ok(begin.kind === 'transaction' && version.kind === 'call' && searchPath.kind === 'set');
    assert.equal(begin.verb, 'begin');
    assert.deepEqual([qualifiedOf(version.procedure), version.args.map((a) => a.string)], ['electric.migration_version', ['1689167402']]);
    assert.deepEqual(searchPath.searchPath?.map(nameOf), ['public']);
    const last = current[current.length - 1];
    assert.ok(last.kind === 'transaction' && last.verb === 'commit');
    const v06 = asts('introduction-v0.6__1689167402_initial_data_model.sql');
    assert.ok(v06[1].kind === 'query' && v06[1].keyword === 'select', 'SELECT electric.migration_version(…) in 0.6');
  });

  it('linearlite: quoted table names, a DEFERRABLE foreign key, comments between columns', () => {
    const [issue, comment] = asts('linearlite__01-create_tables.sql');
    assert.ok(issue.kind === 'createTable' && comment.kind === 'createTable');
    assert.equal(issue.ifNotExists, true);
    assert.deepEqual(comment.elements.map((e) => (e.kind === 'column' ? nameOf(e.name) : e.kind === 'tableConstraint' ? e.constraint.kind : e.kind)),
      ['"id"', '"body"', '"username"', '"issue_id"', '"created_at"', 'primaryKey', 'foreignKey']);
    const fk = comment.elements[6];
    assert.ok(fk.kind === 'tableConstraint' && fk.constraint.kind === 'foreignKey');
    assert.deepEqual([fk.constraint.columns.map(nameOf), qualifiedOf(fk.constraint.references.table), fk.constraint.deferrable], [['issue_id'], 'issue', true]);
  });

  it('prisma: DDLX after comments, on a schema-qualified quoted name', () => {
    const result = parse('e2e-prisma-example__20230915175207_electric_migration.sql');
    const [enable] = result.statements;
    assert.ok(enable.ast?.kind === 'enableElectric');
    assert.equal(sliceOf(result.text, enable.ast.table.span), 'public."Items"');
    assert.equal(sliceOf(result.text, enable.ast.keywordSpan), 'ALTER');
    assert.deepEqual(enable.ast.identifiers.map(nameOf), ['public', '"Items"']);
  });
});
