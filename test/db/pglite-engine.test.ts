/**
 * The engine API (what the language server will call) on PGlite: one PGlite instance for the whole file (creating
 * one costs seconds and half a gigabyte), each test in its own schema, so each sees an empty database with its own
 * history tables (they are found through search_path, as pg-migrations finds them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import {
  applyMigrations,
  dryRunMigrations,
  migrationStatus,
  type ApplyEvent,
  type ApplyRequest,
} from '../../server/src/migrations/apply';
import type { MigrationSource } from '../../server/src/migrations/plan';
import { scratchDatabases } from '../../server/src/migrations/targets/open';
import { pgliteTarget } from '../../server/src/migrations/targets/pglite';
import type { Target } from '../../server/src/migrations/target';
import { DEFAULT_ELECTRIC_VERSION } from '../../server/src/rules/types';

let db: PGlite;
const scratch = scratchDatabases();
let schemas = 0;

before(async () => {
  db = await PGlite.create();
});
after(async () => {
  await db.close();
});

/** A session on the shared PGlite, inside a schema of its own. */
async function freshSession(): Promise<Target> {
  const schema = `test_${++schemas}`;
  await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
  return pgliteTarget(db, { description: `PGlite (schema ${schema})`, ownsDatabase: false });
}

async function tables(): Promise<string[]> {
  const rows = await db.query<{ t: string }>('SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1');
  return rows.rows.map((r) => r.t).filter((t) => !t.startsWith('atdatabases_'));
}

async function historyNames(): Promise<string[]> {
  const rows = await db.query<{ name: string }>('SELECT name FROM atdatabases_migrations_applied ORDER BY index');
  return rows.rows.map((r) => r.name);
}

const source = (name: string, script: string): MigrationSource => ({ path: `db/migrations/${name}`, name, index: Number.parseInt(name, 10), script });

function request(target: Target, files: MigrationSource[], extra: Partial<ApplyRequest> = {}): ApplyRequest {
  return { files, directory: 'db/migrations', target, lint: { electricVersion: DEFAULT_ELECTRIC_VERSION, rules: {} }, ...extra };
}

const ITEMS = source('01-items.sql', '-- items\nCREATE TABLE items (\n  id uuid PRIMARY KEY,\n  title text\n);\nALTER TABLE items ENABLE ELECTRIC;\n');
const TAGS = source('02-tags.sql', 'CREATE TABLE tags (id uuid PRIMARY KEY, item_id uuid REFERENCES items (id));\n');
const SEED = source('03-seed.sql', "INSERT INTO items (id, title) VALUES ('0f0b8f0e-2b7e-4c1c-8b0a-3c6a2f4b9d11', 'first');\n");

describe('the engine on PGlite', () => {
  test('applies all pending files in order, reports progress, skips DDLX; a second run is up to date', async () => {
    const target = await freshSession();
    const events: ApplyEvent[] = [];
    const report = await applyMigrations(request(target, [SEED, ITEMS, TAGS]), { onProgress: (e) => events.push(e) });
    assert.equal(report.outcome, 'applied');
    assert.deepEqual(report.applied.map((f) => f.name), ['01-items.sql', '02-tags.sql', '03-seed.sql']);
    assert.deepEqual(report.skippedDdlx.map((s) => [s.file, s.statement]), [['db/migrations/01-items.sql', 'ALTER TABLE items ENABLE ELECTRIC']]);
    assert.deepEqual(await tables(), ['items', 'tags']);
    assert.deepEqual(await historyNames(), ['01-items.sql', '02-tags.sql', '03-seed.sql']);
    const kinds = events.map((e) => (e.kind === 'fileStarted' || e.kind === 'fileApplied' ? `${e.kind} ${e.file.name}` : e.kind));
    assert.deepEqual(kinds.filter((k) => k.startsWith('file')), [
      'fileStarted 01-items.sql', 'fileApplied 01-items.sql',
      'fileStarted 02-tags.sql', 'fileApplied 02-tags.sql',
      'fileStarted 03-seed.sql', 'fileApplied 03-seed.sql',
    ]);
    assert.ok(events.some((e) => e.kind === 'statement' && e.text.startsWith('CREATE TABLE items')));

    const again = await applyMigrations(request(target, [ITEMS, TAGS, SEED]));
    assert.equal(again.outcome, 'up-to-date');
    assert.deepEqual(again.applied, []);
    assert.deepEqual(await historyNames(), ['01-items.sql', '02-tags.sql', '03-seed.sql']);

    const status = await migrationStatus({ files: [ITEMS, TAGS, SEED], directory: 'db/migrations', target });
    assert.deepEqual(status.applied.map((a) => a.name), ['01-items.sql', '02-tags.sql', '03-seed.sql']);
    assert.deepEqual(status.pending, []);
  });

  test('edited, missing and out-of-order files refuse the run, even with allowErrors', async () => {
    const target = await freshSession();
    const seed = source('30-seed.sql', SEED.script);
    await applyMigrations(request(target, [ITEMS, seed, source('40-more.sql', 'SELECT 1;\n')]));
    const edited = { ...ITEMS, script: ITEMS.script.replace('title text', 'title varchar') };
    const report = await applyMigrations(request(target, [edited, TAGS, seed], { allowErrors: true }));
    assert.equal(report.outcome, 'refused');
    assert.deepEqual(report.diagnostics.map((d) => `${d.code} ${d.file}`), [
      'migration-edited db/migrations/01-items.sql',
      'migration-out-of-order db/migrations/02-tags.sql',
      'migration-missing db/migrations/40-more.sql',
    ]);
    assert.deepEqual(await tables(), ['items']);
  });

  test('a failing statement mid-file leaves nothing of that file, no history row, and is placed at its line', async () => {
    const target = await freshSession();
    const failing = source('02-tags.sql', 'CREATE TABLE tags (id uuid PRIMARY KEY);\nINSERT INTO tags (id) VALUES (1);\n');
    const report = await applyMigrations(request(target, [ITEMS, failing, SEED]));
    assert.equal(report.outcome, 'failed');
    assert.deepEqual(report.applied.map((f) => f.name), ['01-items.sql']);
    assert.deepEqual(report.pending.map((f) => f.name), ['02-tags.sql', '03-seed.sql']);
    const failure = report.diagnostics.find((d) => d.code === 'apply-failed');
    assert.ok(failure);
    assert.equal(failing.script.slice(failure.span.start, failure.span.end), '1', 'the value Postgres rejected');
    assert.match(failure.message, /uuid/);
    assert.deepEqual(await tables(), ['items']);
    assert.deepEqual(await historyNames(), ['01-items.sql']);
  });

  test('a file with its own BEGIN…COMMIT blocks is all or nothing with its history row', async () => {
    const target = await freshSession();
    const own = source('01-own.sql', 'BEGIN;\nCREATE TABLE a (id int PRIMARY KEY);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int PRIMARY KEY);\nSELECT nosuch FROM b;\nCOMMIT;\n');
    const failed = await applyMigrations(request(target, [own]));
    assert.equal(failed.outcome, 'failed');
    assert.deepEqual(await tables(), [], 'a, created before the first COMMIT, is rolled back too');
    const fixed = { ...own, script: own.script.replace('SELECT nosuch FROM b', 'SELECT id FROM b') };
    const applied = await applyMigrations(request(target, [fixed]));
    assert.equal(applied.outcome, 'applied');
    assert.deepEqual(applied.transactionControl.map((s) => s.statement), ['BEGIN', 'COMMIT', 'BEGIN', 'COMMIT']);
    assert.deepEqual(await tables(), ['a', 'b']);
  });

  test('cancelled between files: the running file finishes, the next does not start', async () => {
    const target = await freshSession();
    let applied = 0;
    const report = await applyMigrations(request(target, [ITEMS, TAGS, SEED]), {
      onProgress: (e) => {
        if (e.kind === 'fileApplied') applied++;
      },
      isCancelled: () => applied >= 1,
    });
    assert.equal(report.outcome, 'cancelled');
    assert.deepEqual(report.applied.map((f) => f.name), ['01-items.sql']);
    assert.deepEqual(await historyNames(), ['01-items.sql']);
  });

  test('not confirmed: nothing is written, not even the history tables', async () => {
    const target = await freshSession();
    let asked: string[] = [];
    const report = await applyMigrations(request(target, [ITEMS]), {
      confirm: async (pending) => {
        asked = pending.map((f) => f.name);
        return false;
      },
    });
    assert.equal(report.outcome, 'declined');
    assert.deepEqual(asked, ['01-items.sql']);
    const history = await db.query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'atdatabases%'");
    assert.equal(history.rows.length, 0);
  });

  test('dry run: replays the applied files into a scratch PGlite, applies the pending ones there, changes nothing', async () => {
    const target = await freshSession();
    await applyMigrations(request(target, [ITEMS]));
    const bad = source('03-bad.sql', 'UPDATE tags SET item_id = 42;\n');
    const report = await dryRunMigrations({ ...request(target, [ITEMS, TAGS, bad]), scratch: scratch.open });
    assert.equal(report.outcome, 'failed');
    assert.equal(report.dryRun, true);
    assert.deepEqual(report.applied.map((f) => f.name), ['02-tags.sql']);
    const failure = report.diagnostics.find((d) => d.code === 'apply-failed');
    assert.equal(failure?.file, 'db/migrations/03-bad.sql');
    assert.deepEqual(await tables(), ['items'], 'the real database is unchanged');
    assert.deepEqual(await historyNames(), ['01-items.sql']);

    // Without a database (the editor's offline validation), nothing counts as applied.
    const offline = await dryRunMigrations({ ...request(target, [ITEMS, TAGS]), target: undefined, scratch: scratch.open });
    assert.equal(offline.outcome, 'applied');
    assert.deepEqual(offline.applied.map((f) => f.name), ['01-items.sql', '02-tags.sql']);
  });

  test('lint errors refuse unless allowErrors; warnings never do', async () => {
    const target = await freshSession();
    const drop = source('02-drop.sql', 'ALTER TABLE items DROP COLUMN title;\n');
    const refused = await applyMigrations(request(target, [ITEMS, drop]));
    assert.equal(refused.outcome, 'refused');
    assert.deepEqual(refused.diagnostics.map((d) => d.code), ['drop-electrified-column']);
    const forced = await applyMigrations(request(target, [ITEMS, drop], { allowErrors: true }));
    assert.equal(forced.outcome, 'applied');
    assert.deepEqual(await historyNames(), ['01-items.sql', '02-drop.sql']);
  });
});
