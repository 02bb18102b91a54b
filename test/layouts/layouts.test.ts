/**
 * Migration folder layouts (product.md §3): each format's files, their order, the forward text, bad names and down
 * parts, as the tool itself reads them; context folders; and the shapes real projects' migrations take, which must
 * stay clean. Fixture folders are written by the tests, modelled on each tool's documented layout.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { MigrationWorkspace } from '../../server/src/language/workspace';
import { classifyDocuments, compareInSequence, detectFormat } from '../../server/src/migrations/layout';
import { loadParser, testParser } from '../helpers/parser';
import { lintJson, makeProject, runCli } from '../unit/support/cli';

const USER = `CREATE TABLE "User" (
  "id" TEXT NOT NULL,
  "email" TEXT NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);
`;

function codesByFile(report: { diagnostics: { file: string; line: number; code: string; severity: string }[] }): string[] {
  return report.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.severity}`);
}

/** The files of the sequence, in fold order, for a folder of documents. */
function order(files: Record<string, string>, directory = 'm', format?: Parameters<typeof classifyDocuments>[1]['format']): string[] {
  const { documents } = classifyDocuments(Object.entries(files).map(([path, text]) => ({ path, text })), { directory, format });
  return documents.filter((d) => d.role === 'migration').sort(compareInSequence).map((d) => d.name);
}

describe('layouts: which files, in which order', () => {
  test('detection by names and texts', () => {
    assert.equal(detectFormat([{ name: '01-a.sql', text: '' }, { name: '02-b.sql', text: '-- migrate:down\n' }]), 'pg-migrations');
    assert.equal(detectFormat([{ name: '20230924100310_create_todo.sql', text: '-- migrate:up\n' }]), 'dbmate');
    assert.equal(detectFormat([{ name: '1_init.up.sql', text: '' }, { name: '1_init.down.sql', text: '' }]), 'golang-migrate');
    assert.equal(detectFormat([{ name: '20240101000000_init/migration.sql', text: '' }]), 'prisma');
    assert.equal(detectFormat([{ name: '0000_brave_hulk.sql', text: 'CREATE TABLE a (id int);\n--> statement-breakpoint\n' }]), 'drizzle');
    assert.equal(detectFormat([]), 'pg-migrations');
  });

  test('each tool’s order: numeric versions, not text order', () => {
    assert.deepEqual(order({ 'm/10-c.sql': '', 'm/9-b.sql': '', 'm/01-a.sql': '', 'm/_seed.sql': '', 'm/notes.sql': '' }), ['01-a.sql', '9-b.sql', '10-c.sql']);
    assert.deepEqual(order({ 'm/20230925120000_b.sql': '', 'm/20230924100310_a.sql': '' }, 'm', 'dbmate'), ['20230924100310_a.sql', '20230925120000_b.sql']);
    assert.deepEqual(order({ 'm/10_c.up.sql': '', 'm/2_b.up.sql': '', 'm/2_b.down.sql': '' }, 'm', 'golang-migrate'), ['2_b.up.sql', '10_c.up.sql']);
    assert.deepEqual(order({ 'm/20240102000000_b/migration.sql': '', 'm/20240101000000_a/migration.sql': '', 'm/migration_lock.toml': '' }, 'm', 'prisma'), ['20240101000000_a/migration.sql', '20240102000000_b/migration.sql']);
    assert.deepEqual(order({ 'm/0001_b.sql': '', 'm/0000_a.sql': '' }, 'm', 'drizzle'), ['0000_a.sql', '0001_b.sql']);
  });
});

describe('layouts: linted with their own rules', { concurrency: 2 }, () => {
  test('dbmate: the migrate:up section runs, migrate:down is a rollback (a warning, not folded)', async () => {
    const dir = makeProject({
      'db/migrations/20230924100310_create_todo.sql': `-- migrate:up\n${USER}ALTER TABLE "User" ENABLE ELECTRIC;\n\n-- migrate:down\nDROP TABLE "User";\n`,
      'db/migrations/20230925120000_add_column.sql': `-- migrate:up\nALTER TABLE "User" ADD COLUMN "name" TEXT;\n\n-- migrate:down\nALTER TABLE "User" DROP COLUMN "name";\n`,
      'db/migrations/notes.sql': 'SELECT 1;\n',
    });
    const { report } = await lintJson([], dir);
    assert.deepEqual(codesByFile(report), [
      'db/migrations/20230924100310_create_todo.sql:10 down-migration warning',
      'db/migrations/20230925120000_add_column.sql:4 down-migration warning',
      'db/migrations/notes.sql:1 migration-bad-filename warning',
    ]);
    assert.match(report.diagnostics[0].message, /never run this rollback against electrified tables/);
  });

  test('golang-migrate: *.up.sql run in version order; *.down.sql are rollbacks', async () => {
    const dir = makeProject({
      'db/migrations/1_init.up.sql': `${USER}ALTER TABLE "User" ENABLE ELECTRIC;\n`,
      'db/migrations/1_init.down.sql': 'DROP TABLE "User";\n',
      'db/migrations/2_more.up.sql': 'ALTER TABLE "User" ADD COLUMN "name" TEXT;\n',
      'db/migrations/2_more.down.sql': 'ALTER TABLE "User" DROP COLUMN "name";\n',
    });
    const { report } = await lintJson([], dir);
    assert.deepEqual(codesByFile(report), ['db/migrations/1_init.down.sql:1 down-migration warning', 'db/migrations/2_more.down.sql:1 down-migration warning']);
  });

  test('prisma: one folder per migration, timestamp(3) electrified without a false error', async () => {
    const dir = makeProject({
      'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n',
      'prisma/migrations/20240101000000_init/migration.sql': `-- CreateTable\n${USER}\n-- CreateIndex\nCREATE UNIQUE INDEX "User_email_key" ON "User"("email");\n`,
      'prisma/migrations/20240102000000_electric/migration.sql': 'ALTER TABLE "User" ENABLE ELECTRIC;\nALTER TABLE "User" ADD COLUMN "seenAt" TIMESTAMP(3);\n',
    });
    const { report } = await lintJson(['--dir', 'prisma/migrations'], dir);
    assert.deepEqual(codesByFile(report), ['prisma/migrations/20240102000000_electric/migration.sql:2 add-column-unsupported-type error']);
    assert.equal(report.files, 2);
  });

  test('drizzle: statements are cut at --> statement-breakpoint, even without semicolons', async () => {
    const dir = makeProject({
      'db/migrations/0000_brave_hulk.sql': 'CREATE TABLE "todos" (\n\t"id" uuid PRIMARY KEY NOT NULL,\n\t"title" text NOT NULL\n)\n--> statement-breakpoint\nALTER TABLE "todos" ENABLE ELECTRIC\n',
      'db/migrations/0001_quiet_storm.sql': 'ALTER TABLE "todos" DROP COLUMN "title";',
      'db/migrations/meta/_journal.json': '{"entries":[]}',
    });
    const { report } = await lintJson(['--migration-format', 'drizzle'], dir);
    assert.deepEqual(codesByFile(report), ['db/migrations/0001_quiet_storm.sql:1 drop-electrified-column error']);
  });

  test('--migration-format overrides detection; an unknown format is a usage error', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': 'SELECT 1;\n' });
    const { report } = await lintJson(['--migration-format', 'dbmate'], dir);
    assert.deepEqual(codesByFile(report), ['db/migrations/01-a.sql:1 migration-bad-filename warning']);
    const bad = await runCli(['lint', '--migration-format', 'flyway'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown migration format "flyway"/);
  });

  test('context folders build the schema first and get syntax diagnostics only', async () => {
    const dir = makeProject({
      'electric-migrations.json': JSON.stringify({ migrationsDirectory: 'db/migrations', contextDirectories: ['prisma/migrations'] }),
      'prisma/migrations/20240101000000_init/migration.sql': `${USER.replace('NOT NULL,\n  "createdAt"', 'NOT NULL DEFAULT \'x\',\n  "createdAt"')}DO $$ BEGIN RAISE NOTICE 'hi'; END $$;\nCREATE TABLE "Post" ("id" TEXT PRIMARY KEY, "title" TEXT);\n`,
      'prisma/migrations/20240102000000_broken/migration.sql': 'CRATE TABLE nope (id int);\n',
      'db/migrations/01-electrify.sql': 'ALTER TABLE "Post" ENABLE ELECTRIC;\nALTER TABLE "Post" DROP COLUMN "title";\n',
    });
    const { report } = await lintJson([], dir);
    assert.deepEqual(codesByFile(report), [
      'db/migrations/01-electrify.sql:2 drop-electrified-column error',
      'prisma/migrations/20240102000000_broken/migration.sql:1 syntax-error error',
    ]);
  });
});

describe('layouts: what real folders hold stays clean', () => {
  before(() => loadParser());

  test('multi-line mixed-case DDLX, BEGIN/COMMIT wrappers, two statements a line, RLS, extensions, many comments', () => {
    const comments = Array.from({ length: 300 }, (_, i) => `COMMENT ON COLUMN "Items"."c${i % 3}" IS 'column ${i}';`).join('\n');
    const documents = [
      { path: 'db/migrations/01-setup.sql', text: 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\nSELECT 1;\n' },
      {
        path: 'db/migrations/02-items.sql',
        text: `BEGIN;\nCREATE TABLE "Items" (id uuid PRIMARY KEY, c0 text, c1 text, c2 text); CREATE INDEX items_c0 ON "Items" (c0);\nALTER TABLE\n  "Items"\n  ENABLE electric;\nCOMMIT;\n`,
      },
      // Row-level security is an ALTER TABLE Electric rejects once a table is electrified: real folders set it up before.
      { path: 'db/migrations/03-rls.sql', text: 'CREATE TABLE notes (id uuid PRIMARY KEY);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY notes_read ON notes FOR SELECT USING (true);\n' },
      { path: 'db/migrations/04-comments.sql', text: `${comments}\n` },
      { path: 'db/migrations/05-only-select.sql', text: 'SELECT 1;' },
    ];
    const workspace = new MigrationWorkspace({ parser: testParser(), settings: { electricVersion: '0.12', rules: {} }, migrationsDirectory: 'db/migrations' });
    workspace.setDocuments(documents);
    workspace.analyse();
    assert.deepEqual(workspace.allDiagnostics().map((d) => `${d.file} ${d.code}`), []);
    assert.equal(workspace.finalSchema().tables.get('public.Items')?.electrified?.at.file, 'db/migrations/02-items.sql');
  });
});

