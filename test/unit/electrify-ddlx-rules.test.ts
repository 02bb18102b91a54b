/**
 * The electrify-*, ddlx-* and grant-* rules beyond what the line-based fixtures can say: exact ranges, related
 * locations, severities that depend on the version, code-action data, and robustness on partial ASTs.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { lintMigrations } from '../helpers/parser';
import { type MigrationDocument } from '../../server/src/language/lint';
import { scopeKeyOfString } from '../../server/src/electric/roles';
import { MigrationWorkspace } from '../../server/src/language/workspace';
import { ELECTRIC_VERSIONS, type Diagnostic, type ElectricVersion } from '../../server/src/rules/types';
import { loadParser as initParser, parseFile, testParser } from '../helpers/parser';

before(() => initParser());

const DIR = 'db/migrations';

function lint(files: string[] | string, version: ElectricVersion = '0.12'): { diagnostics: Diagnostic[]; docs: MigrationDocument[] } {
  const texts = typeof files === 'string' ? [files] : files;
  const docs = texts.map((text, i) => ({ path: `${DIR}/${String(i + 1).padStart(2, '0')}-m.sql`, text }));
  return { diagnostics: lintMigrations(docs, { electricVersion: version, rules: {} }, { migrationsDirectory: DIR }), docs };
}

/** `code "covered text"` for the diagnostics of the given codes (all when none given). */
function covered(result: ReturnType<typeof lint>, ...codes: string[]): string[] {
  const text = new Map(result.docs.map((d) => [d.path, d.text]));
  return result.diagnostics
    .filter((d) => codes.length === 0 || codes.includes(d.code))
    .map((d) => `${d.file.slice(DIR.length + 1)} ${d.code} ${JSON.stringify(text.get(d.file)!.slice(d.span.start, d.span.end))}`);
}

function one(result: ReturnType<typeof lint>, code: string): Diagnostic {
  const found = result.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(covered(result))}`);
  return found[0];
}

describe('electrify-* ranges', () => {
  test('a clause in the same file: the diagnostic is on the clause itself', () => {
    const r = lint(
      'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(20), at timestamptz DEFAULT now(), qty int CHECK (qty > 0));\n' +
        'ALTER TABLE t ENABLE ELECTRIC;\n',
    );
    assert.deepEqual(covered(r, 'electrify-unsupported-type', 'electrify-default', 'electrify-constraint', 'electrify-sequential-key'), [
      '01-m.sql electrify-sequential-key "id"',
      '01-m.sql electrify-unsupported-type "varchar(20)"',
      '01-m.sql electrify-default "DEFAULT now()"',
      '01-m.sql electrify-constraint "CHECK (qty > 0)"',
    ]);
    for (const d of r.diagnostics) assert.equal(d.related, undefined, `${d.code} needs no related location`);
  });

  test('a clause in an earlier file: on the table name of the electrify statement, related at the definition', () => {
    const r = lint([
      'CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name varchar(20), at timestamptz DEFAULT now(), UNIQUE (name));\n',
      '-- later\nALTER TABLE public.t ENABLE ELECTRIC;\n',
    ]);
    const mine = r.diagnostics.filter((d) => d.code.startsWith('electrify-'));
    assert.deepEqual(mine.map((d) => d.code).sort(), ['electrify-constraint', 'electrify-default', 'electrify-sequential-key', 'electrify-unsupported-type']);
    const first = r.docs[0].text;
    const related: string[] = [];
    for (const d of mine) {
      assert.equal(d.file, `${DIR}/02-m.sql`);
      assert.equal(r.docs[1].text.slice(d.span.start, d.span.end), 'public.t');
      assert.equal(d.related?.length, 1);
      assert.equal(d.related![0].file, `${DIR}/01-m.sql`);
      related.push(`${d.code} ${first.slice(d.related![0].span.start, d.related![0].span.end)}`);
    }
    assert.deepEqual(related.sort(), [
      'electrify-constraint UNIQUE (name)',
      'electrify-default DEFAULT now()',
      'electrify-sequential-key id',
      'electrify-unsupported-type varchar(20)',
    ]);
  });

  test('the other electrify-* rules point at the table name in the electrify statement', () => {
    const r = lint(
      "CREATE SCHEMA app;\nCREATE TABLE app.t (a int);\nCALL electric.electrify('app.t');\nALTER TABLE nope ENABLE ELECTRIC;\n" +
        'CREATE VIEW v AS SELECT 1;\nELECTRIC ENABLE v;\n',
    );
    assert.deepEqual(covered(r, 'electrify-not-public', 'electrify-no-primary-key', 'electrify-unknown-table', 'electrify-not-table'), [
      '01-m.sql electrify-no-primary-key "app.t"',
      '01-m.sql electrify-not-public "app.t"',
      '01-m.sql electrify-unknown-table "nope"',
      '01-m.sql electrify-not-table "v"',
    ]);
  });

  test('electrify-fk-unelectrified: on the table name, related at the REFERENCES target, one per target table', () => {
    const r = lint('CREATE TABLE u (id uuid PRIMARY KEY);\nCREATE TABLE t (id uuid PRIMARY KEY, a uuid REFERENCES u (id), b uuid REFERENCES u (id));\nALTER TABLE t ENABLE ELECTRIC;\n');
    const d = one(r, 'electrify-fk-unelectrified');
    assert.equal(r.docs[0].text.slice(d.span.start, d.span.end), 't');
    assert.equal(d.span.start, r.docs[0].text.indexOf('t ENABLE'));
    assert.equal(r.docs[0].text.slice(d.related![0].span.start, d.related![0].span.end), 'u');
    assert.deepEqual(d.data, { table: 'public.t', references: 'public.u' });
  });

  test('electrify-default carries the DEFAULT clause for a "remove DEFAULT" code action', () => {
    const r = lint("CREATE TABLE t (id uuid PRIMARY KEY, s text NOT NULL DEFAULT 'x');\nALTER TABLE t ENABLE ELECTRIC;\n");
    const d = one(r, 'electrify-default');
    assert.equal(r.docs[0].text.slice(d.span.start, d.span.end), "DEFAULT 'x'");
    assert.equal(d.data!.removableDefault, true);
    assert.equal(d.data!.column, 's');
  });

  test('messages quote Electric', () => {
    const r = lint('CREATE TABLE items (a int);\nALTER TABLE items ENABLE ELECTRIC;\n');
    assert.match(one(r, 'electrify-no-primary-key').message, /Cannot electrify public\.items because it doesn't have a PRIMARY KEY\./);
  });
});

describe('electrify-twice severity', () => {
  const twice = "CREATE TABLE t (id uuid PRIMARY KEY);\nCALL electric.electrify('t');\nCALL electric.electrify('t');\n";
  test('an error in 0.6, where Electric raises', () => {
    const d = one(lint(twice, '0.6'), 'electrify-twice');
    assert.equal(d.severity, 'error');
    assert.match(d.message, /table public\.t is already electrified/);
  });
  for (const version of ['0.7', '0.12'] as const) {
    test(`a warning in ${version}, where Electric only raises a NOTICE`, () => {
      assert.equal(one(lint(twice, version), 'electrify-twice').severity, 'warning');
    });
  }
  test('the configuration still wins', () => {
    const docs = [{ path: `${DIR}/01-m.sql`, text: twice }];
    const [d] = lintMigrations(docs, { electricVersion: '0.6', rules: { 'electrify-twice': 'info' } }, { migrationsDirectory: DIR }).filter((x) => x.code === 'electrify-twice');
    assert.equal(d.severity, 'info');
  });
});

describe('ddlx-* ranges and data', () => {
  test('ddlx-not-enabled is on the command keywords', () => {
    const r = lint(
      'CREATE TABLE t (id uuid PRIMARY KEY, u uuid);\nALTER TABLE t ENABLE ELECTRIC;\n' +
        "electric  Grant READ ON t TO 'a';\nALTER TABLE t\n  DISABLE /* no */ ELECTRIC;\nELECTRIC -- c\n SQLITE 'x';\nELECTRIC ASSIGN 'a' TO t.u;\n",
    );
    assert.deepEqual(covered(r, 'ddlx-not-enabled'), [
      '01-m.sql ddlx-not-enabled "electric  Grant"',
      '01-m.sql ddlx-not-enabled "DISABLE /* no */ ELECTRIC"',
      '01-m.sql ddlx-not-enabled "ELECTRIC -- c\\n SQLITE"',
      '01-m.sql ddlx-not-enabled "ELECTRIC ASSIGN"',
    ]);
  });

  test('ddlx-before-proxy gives the CALL electric.electrify rewrite', () => {
    const text = 'CREATE TABLE "My Items" (id uuid PRIMARY KEY);\nALTER TABLE "My Items" ENABLE ELECTRIC;\n';
    const r = lint(text, '0.6');
    const d = one(r, 'ddlx-before-proxy');
    assert.equal(text.slice(d.span.start, d.span.end), 'ENABLE ELECTRIC');
    const span = d.data!.replacementSpan as { start: number; end: number };
    assert.equal(text.slice(span.start, span.end), 'ALTER TABLE "My Items" ENABLE ELECTRIC');
    assert.equal(d.data!.replacement, `CALL electric.electrify('"My Items"')`);
  });

  test('ddlx-reserved-word is on the identifier and offers the quoted name', () => {
    const r = lint('CREATE TABLE write (id uuid PRIMARY KEY);\nALTER TABLE write ENABLE ELECTRIC;\n');
    const d = one(r, 'ddlx-reserved-word');
    assert.equal(r.docs[0].text.slice(d.span.start, d.span.end), 'write');
    assert.equal(d.span.start, r.docs[0].text.indexOf('write ENABLE'));
    assert.deepEqual(d.data, { replacement: '"write"' });
  });

  test('role ranges: the literal, the dynamic column, the outer scope', () => {
    const r = lint(
      'CREATE TABLE p (id uuid PRIMARY KEY, role text);\nCREATE TABLE m (id uuid PRIMARY KEY, u uuid, role text);\n' +
        'ALTER TABLE p ENABLE ELECTRIC;\nALTER TABLE m ENABLE ELECTRIC;\n' +
        "ELECTRIC ASSIGN (p, ':x') TO m.u;\nELECTRIC ASSIGN (p, p.role) TO m.u;\nELECTRIC GRANT READ ON p TO (m, 'member');\n",
    );
    assert.deepEqual(covered(r, 'ddlx-invalid-role', 'ddlx-scope-ignored', 'grant-unassigned-role'), [
      `01-m.sql ddlx-invalid-role "':x'"`,
      '01-m.sql ddlx-invalid-role "p.role"',
      '01-m.sql ddlx-scope-ignored "m"',
      `01-m.sql grant-unassigned-role "'member'"`,
    ]);
    assert.equal(one(r, 'ddlx-scope-ignored').data!.replacement, "'m:member'");
  });
});

describe('grant-* rules', () => {
  test('grant-unelectrified-table names where the table is electrified later', () => {
    const r = lint([
      "CREATE TABLE t (id uuid PRIMARY KEY, u uuid);\nELECTRIC ASSIGN 'a' TO public.t.u;\n",
      'ALTER TABLE t ENABLE ELECTRIC;\n',
    ]);
    const d = one(r, 'grant-unelectrified-table');
    assert.equal(r.docs[0].text.slice(d.span.start, d.span.end), 'public.t');
    assert.equal(d.related?.[0].file, `${DIR}/02-m.sql`);
  });

  test('grant-unassigned-role: string scopes are parsed as Electric parses names', () => {
    assert.equal(scopeKeyOfString('projects'), 'public.projects');
    assert.equal(scopeKeyOfString('Projects'), 'public.Projects');
    assert.equal(scopeKeyOfString('app."My ""Items"""'), 'app.My "Items"');
  });
});

describe('robustness', () => {
  test('a file mixing syntax errors and valid statements gives diagnostics, no exception', () => {
    const text =
      'CREATE TABLE items (id serial PRIMARY KEY, name varchar(10) DEFAULT;\n' + // broken
      'CREATE TABLE items (id int PRIMARY KEY, name varchar(10));\n' +
      'ALTER TABLE items ENABLE;\n' + // broken DDLX-looking statement
      'ALTER TABLE items ENABLE ELECTRIC;\n' +
      "ELECTRIC GRANT READ ON items TO ;\n" + // broken
      "ELECTRIC GRANT READ ON items TO 'x' CHECK (a.b > 1.5);\n" +
      "ELECTRIC ASSIGN TO items.id;\n" + // broken
      "CALL electric.electrify(;\n" + // broken
      "ELECTRIC GRANT READ ON 'items' TO 'x'\n"; // broken, unterminated file
    for (const version of ELECTRIC_VERSIONS) {
      const parsed = parseFile(text);
      assert.ok(parsed.errors.length >= 4, 'the broken statements are syntax errors');
      const r = lint(text, version);
      if (version === '0.12') {
        assert.ok(r.diagnostics.some((f) => f.code === 'electrify-unsupported-type'), 'valid statements are still checked');
        assert.ok(r.diagnostics.some((f) => f.code === 'ddlx-syntax-unsupported'));
      }
      assert.ok(r.diagnostics.some((d) => d.code === 'syntax-error'));
    }
  });

  test('every check survives the Postgres regression corpus at every version', { timeout: 120_000 }, () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'postgres-regress');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
    const documents = files.map((f, i) => ({ path: `${DIR}/${i + 1}-${f}`, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
    for (const version of ['0.6', '0.8', '0.12'] as const) {
      const workspace = new MigrationWorkspace({ parser: testParser(), settings: { electricVersion: version, rules: {} }, migrationsDirectory: DIR });
      workspace.setDocuments(documents);
      assert.doesNotThrow(() => workspace.analyse());
      assert.ok(workspace.allDiagnostics().length > 0);
    }
  });
});
