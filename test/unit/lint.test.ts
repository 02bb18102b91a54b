import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { lintMigrations, testParser } from '../helpers/parser';
import { type LintSettings, type MigrationDocument } from '../../server/src/language/lint';
import { compareMigrationNames, migrationIndex } from '../../server/src/migrations/naming';
import { rulePolicy } from '../../server/src/rules/policy';
import type { Diagnostic } from '../../server/src/rules/types';
import { lintMigrations as lint } from '../../server/src/language/lint';
import { parserWith } from '../../server/src/syntax/parse';
import { loadParser as initParser } from '../helpers/parser';

const CREATE_ITEMS = 'CREATE TABLE items (id uuid PRIMARY KEY);\n';
const defaults: LintSettings = { electricVersion: '0.12', rules: {} };

before(() => initParser());

/**
 * A document; by default one that creates a table of its own (same length as CREATE_ITEMS), so that several
 * default documents in one folder do not trip the schema rules (duplicate-table).
 */
let tableCount = 0;
function doc(path: string, text = CREATE_ITEMS.replace('items', `t${String(++tableCount).padStart(4, '0')}`)): MigrationDocument {
  return { path, text };
}

/** `file start-end code severity`: compact to compare. */
function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file} ${d.span.start}-${d.span.end} ${d.code} ${d.severity}`);
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.file} ${d.code}`);
}

describe('migration names and order', () => {
  test('migrationIndex reads the numeric prefix', () => {
    assert.equal(migrationIndex('01-a.sql'), 1);
    assert.equal(migrationIndex('1-a.sql'), 1);
    assert.equal(migrationIndex('20240101120000-init.sql'), 20240101120000);
    assert.equal(migrationIndex('a-01.sql'), undefined);
    assert.equal(migrationIndex('01_a.sql'), undefined);
  });

  test('orders by number, then by name, unnumbered last', () => {
    const names = ['10-z.sql', 'notes.sql', '2-b.sql', '02-a.sql', '1-c.sql'];
    assert.deepEqual([...names].sort(compareMigrationNames), ['1-c.sql', '02-a.sql', '2-b.sql', '10-z.sql', 'notes.sql']);
  });
});

describe('rule policy', () => {
  test('since/until versions and off settings decide which rules run', () => {
    const at07 = rulePolicy({ electricVersion: '0.7', rules: { 'unknown-table': 'off' } });
    assert.equal(at07.isActive('do-block'), true);
    assert.equal(at07.isActive('ddlx-before-proxy'), false, 'until 0.6');
    assert.equal(at07.isActive('add-column-default'), false, 'since 0.9');
    assert.equal(at07.isActive('unknown-table'), false, 'off');
    const at06 = rulePolicy({ electricVersion: '0.6', rules: {} });
    assert.equal(at06.isActive('do-block'), false, 'since 0.7');
    assert.equal(at06.isActive('ddlx-before-proxy'), true);
  });

  test('configured severities replace the registry ones', () => {
    const policy = rulePolicy({ electricVersion: '0.12', rules: { 'unknown-table': 'error', 'do-block': 'info' } });
    assert.equal(policy.severityOf('unknown-table'), 'error');
    assert.equal(policy.severityOf('do-block'), 'info');
    assert.equal(policy.severityOf('migration-bad-filename'), 'warning');
  });
});

describe('lintMigrations: file rules', () => {
  test('a clean folder has no diagnostics', () => {
    const docs = [doc('db/migrations/01-a.sql'), doc('db/migrations/02-b.sql', 'CREATE TABLE users (id uuid PRIMARY KEY);')];
    assert.deepEqual(lintMigrations(docs, defaults, { migrationsDirectory: 'db/migrations' }), []);
  });

  test('migration-bad-filename: a warning on line 1 of a misnamed file; _ files are ignored', () => {
    const docs = [
      doc('db/migrations/01-a.sql'),
      doc('db/migrations/create-users.sql', '-- first line\nCREATE TABLE users (id uuid PRIMARY KEY);'),
      doc('db/migrations/_seed.sql', 'this is not SQL at all'),
    ];
    const diagnostics = lintMigrations(docs, defaults, { migrationsDirectory: 'db/migrations' });
    assert.deepEqual(summary(diagnostics), ['db/migrations/create-users.sql 0-13 migration-bad-filename warning']);
  });

  test('migration-duplicate-index: an error on line 1 of each file sharing an index', () => {
    const docs = [doc('m/1-a.sql'), doc('m/01-b.sql'), doc('m/2-c.sql')];
    const diagnostics = lintMigrations(docs, defaults, { migrationsDirectory: 'm' });
    assert.deepEqual(codes(diagnostics), ['m/01-b.sql migration-duplicate-index', 'm/1-a.sql migration-duplicate-index']);
    assert.ok(diagnostics.every((d) => d.span.start === 0 && d.severity === 'error'));
    assert.match(diagnostics[0].message, /1-a\.sql/);
  });

  test('down-migration: down files on line 1', () => {
    const docs = [doc('m/01-a.sql'), doc('m/02-a.down.sql'), doc('m/down.sql'), doc('m/03-b_down.sql')];
    const diagnostics = lintMigrations(docs, defaults, { migrationsDirectory: 'm', report: (p) => p !== 'm/down.sql' });
    assert.deepEqual(summary(diagnostics), [
      `m/02-a.down.sql 0-${CREATE_ITEMS.length - 1} down-migration error`,
      `m/03-b_down.sql 0-${CREATE_ITEMS.length - 1} down-migration error`,
    ]);
    const bare = lintMigrations(docs, defaults, { migrationsDirectory: 'm', report: (p) => p === 'm/down.sql' });
    assert.deepEqual(codes(bare), ['m/down.sql down-migration', 'm/down.sql migration-bad-filename']);
  });

  test('down-migration: the marker line of dbmate, goose and sql-migrate sections', () => {
    const markers = ['-- migrate:down', '-- +goose Down', '--+migrate Down'];
    for (const marker of markers) {
      const text = `-- migrate:up\n${CREATE_ITEMS}${marker}\nDROP TABLE items;\n`;
      const [diagnostic, ...rest] = lintMigrations([doc('m/01-a.sql', text)], defaults, { migrationsDirectory: 'm' });
      assert.deepEqual(rest, [], marker);
      assert.equal(diagnostic.code, 'down-migration');
      assert.equal(text.slice(diagnostic.span.start, diagnostic.span.end), marker);
    }
  });

  test('a file outside the migrations directory is linted on its own', () => {
    const docs = [doc('m/01-a.sql'), doc('elsewhere/notes.sql'), doc('elsewhere/01-b.sql')];
    assert.deepEqual(lintMigrations(docs, defaults, { migrationsDirectory: 'm' }), []);
  });

  test('without a migrations directory every document is in it', () => {
    const diagnostics = lintMigrations([doc('x/1-a.sql'), doc('y/1-b.sql')], defaults);
    assert.deepEqual(codes(diagnostics), ['x/1-a.sql migration-duplicate-index', 'y/1-b.sql migration-duplicate-index']);
  });

  test('a null migrations directory lints every document on its own', () => {
    const diagnostics = lintMigrations([doc('x/1-a.sql'), doc('x/notes.sql'), doc('x/01-b.sql')], defaults, { migrationsDirectory: null });
    assert.deepEqual(diagnostics, []);
  });

  test('report limits the output, other files remain context', () => {
    const docs = [doc('m/1-a.sql'), doc('m/01-b.sql')];
    const diagnostics = lintMigrations(docs, defaults, { migrationsDirectory: 'm', report: (p) => p === 'm/1-a.sql' });
    assert.deepEqual(codes(diagnostics), ['m/1-a.sql migration-duplicate-index']);
  });
});

describe('lintMigrations: syntax, settings and suppression', () => {
  test('syntax errors of the parser become syntax-error diagnostics', () => {
    const text = `${CREATE_ITEMS}CREATE TABLE (;\nSELECT 'unterminated`;
    const diagnostics = lintMigrations([doc('m/01-a.sql', text)], defaults, { migrationsDirectory: 'm' });
    assert.ok(diagnostics.length >= 2, JSON.stringify(diagnostics));
    assert.ok(diagnostics.every((d) => d.code === 'syntax-error' && d.severity === 'error'));
    assert.ok(diagnostics.every((d) => d.span.start >= CREATE_ITEMS.length), 'the valid statement has no error');
  });

  test('configured severities apply, off drops the rule', () => {
    const docs = [doc('m/notes.sql'), doc('m/1-a.sql'), doc('m/01-b.sql')];
    const settings: LintSettings = { electricVersion: '0.12', rules: { 'migration-bad-filename': 'info', 'migration-duplicate-index': 'off' } };
    assert.deepEqual(summary(lintMigrations(docs, settings, { migrationsDirectory: 'm' })), [
      `m/notes.sql 0-${CREATE_ITEMS.length - 1} migration-bad-filename info`,
    ]);
  });

  test('suppression comments silence file rules; unused ids are reported', () => {
    const text = `-- electric-migrations-ignore-file migration-bad-filename, down-migration\n${CREATE_ITEMS}`;
    assert.deepEqual(lintMigrations([doc('m/draft.sql', text)], defaults, { migrationsDirectory: 'm' }).map((d) => d.code), [
      'unused-ignore',
    ]);
    const diagnostic = lintMigrations([doc('m/draft.sql', text)], defaults, { migrationsDirectory: 'm' })[0];
    assert.equal(text.slice(diagnostic.span.start, diagnostic.span.end), 'down-migration');
    assert.equal(diagnostic.severity, 'warning');
  });

  test('unused-ignore can be configured off', () => {
    const text = `-- electric-migrations-ignore duplicate-table\n${CREATE_ITEMS}`;
    const settings: LintSettings = { electricVersion: '0.12', rules: { 'unused-ignore': 'off' } };
    assert.deepEqual(lintMigrations([doc('m/01-a.sql', text)], settings, { migrationsDirectory: 'm' }), []);
    assert.equal(lintMigrations([doc('m/01-a.sql', text)], defaults, { migrationsDirectory: 'm' }).length, 1);
  });

  test('diagnostics are sorted by file, then position', () => {
    const docs = [doc('m/b.sql', '-- migrate:down\n'), doc('m/a.sql', `${CREATE_ITEMS}-- migrate:down\n`)];
    const diagnostics = lintMigrations(docs, defaults, { migrationsDirectory: 'm' });
    assert.deepEqual(codes(diagnostics), [
      'm/a.sql migration-bad-filename',
      'm/a.sql down-migration',
      // Same range (the only line): ordered by code.
      'm/b.sql down-migration',
      'm/b.sql migration-bad-filename',
    ]);
  });

  test('the parser analyses each distinct statement once: unchanged statements come from its cache', () => {
    const stats = testParser().stats;
    const docs = [doc('m/01-a.sql', 'CREATE TABLE cache_probe_a (id uuid PRIMARY KEY);'), doc('m/02-b.sql', 'CREATE TABLE cache_probe_b (id uuid PRIMARY KEY);')];
    const before = stats.statementsParsed;
    lintMigrations(docs, defaults, { migrationsDirectory: 'm' });
    assert.equal(stats.statementsParsed - before, 2);
    lintMigrations([docs[0], doc('m/02-b.sql', 'CREATE TABLE cache_probe_b (id uuid PRIMARY KEY, name text);')], defaults, { migrationsDirectory: 'm' });
    assert.equal(stats.statementsParsed - before, 3);
  });
});

describe('analysis bugs are never silent', () => {
  // A second opinion that fails like a bug would (not a syntax error): the statement cannot be analysed.
  const broken = { parseSync: () => { throw new TypeError('simulated bug'); } };

  test('an exception inside the analysis becomes a diagnostic and a logged internal error', () => {
    const logged: string[] = [];
    const parser = parserWith(broken, { onInternalError: (message) => logged.push(message) });
    const [diagnostic] = lint(parser, [{ path: 'm/01-a.sql', text: 'CREATE TABLE a (id uuid PRIMARY KEY);\n' }], defaults, { migrationsDirectory: 'm' });
    assert.equal(diagnostic.code, 'syntax-error');
    assert.match(diagnostic.message, /Internal error while analysing this statement \(simulated bug\).*bug in electric-migrations/);
    assert.equal(logged.length, 1);
    assert.match(logged[0], /TypeError: simulated bug/);
  });

  test('a strict parser (the tests’) throws it instead', () => {
    const parser = parserWith(broken, { strict: true });
    assert.throws(() => parser.parseFile('CREATE TABLE a (id uuid PRIMARY KEY);'), /simulated bug/);
  });
});
