/**
 * `lint --cache` (product.md §3): the output is the same with and without the cache, a cache that does not check
 * out is ignored and rewritten, and the work a warm run does is held to the checked-in budget of
 * test/fixtures/cache-budget.json (statements parsed, files checked — counted, never timed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DEFAULT_CACHE_LOCATION } from '../../server/src/cli/lintCache';
import type { LintRunStats } from '../../server/src/cli/lintEngine';
import { main } from '../../server/src/cli/main';
import { splitStatements } from '../../server/src/syntax/split';
import { makeProject, runCli } from './support/cli';

const root = path.resolve(__dirname, '../..');
const BUDGET = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/cache-budget.json'), 'utf8')) as Record<string, Partial<LintRunStats> & { comment?: string }>;

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  stats?: LintRunStats;
}

/** The CLI in process (from sources), with the run's counters. */
async function lint(cwd: string, args: readonly string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let stats: LintRunStats | undefined;
  const status = await main(['lint', ...args], {
    cwd,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    onLintStats: (s) => (stats = s),
  });
  return { status, stdout, stderr, stats };
}

function assertWithin(name: string, stats: LintRunStats | undefined, allowance: Partial<LintRunStats> = {}): void {
  assert.ok(stats, 'the run reports its counters');
  const budget = BUDGET[name];
  for (const key of ['statementsParsed', 'filesChecked'] as const) {
    const limit = (budget[key] ?? Infinity) + (allowance[key] ?? 0);
    assert.ok(stats[key] <= limit, `${name}: ${key} ${stats[key]} exceeds the budget ${limit} (${JSON.stringify(stats)})`);
  }
}

const ELECTRIFIED = `CREATE TABLE projects (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  owner_id uuid
);
ALTER TABLE projects ENABLE ELECTRIC;
`;

/** Cross-file findings: file 3 drops a column of a table that file 1 electrifies. */
function crossFileProject(): string {
  return makeProject({
    'db/migrations/01-projects.sql': ELECTRIFIED,
    'db/migrations/02-issues.sql': 'CREATE TABLE issues (id uuid PRIMARY KEY, project_id uuid REFERENCES projects (id));\nALTER TABLE issues ENABLE ELECTRIC;\n',
    'db/migrations/03-drop.sql': 'ALTER TABLE projects DROP COLUMN owner_id;\nCREATE INDEX issues_project_idx ON issues (project_id);\n',
    'db/migrations/04-more.sql': 'ALTER TABLE issues ADD COLUMN title text;\n-- a comment\n',
  });
}

async function generatedProject(files: number): Promise<string> {
  const dir = makeProject({});
  const { generate } = (await import(path.join(root, 'bench/generate.mjs'))) as { generate: (o: { dir: string; files: number; seed: number }) => unknown };
  generate({ dir: path.join(dir, 'db/migrations'), files, seed: 7 });
  return dir;
}

function examplesProject(): string {
  const source = path.join(root, 'test/fixtures/electric-examples');
  const files = Object.fromEntries(fs.readdirSync(source).filter((f) => f.endsWith('.sql')).map((f) => [`db/migrations/${f}`, fs.readFileSync(path.join(source, f), 'utf8')]));
  return makeProject(files);
}

const cacheOf = (dir: string) => path.join(dir, DEFAULT_CACHE_LOCATION);

describe('lint --cache', { concurrency: 2 }, () => {
  test('warm output is the cold output, byte for byte, on folders with findings, in every format', async () => {
    const projects = [crossFileProject(), examplesProject(), await generatedProject(40)];
    for (const dir of projects) {
      for (const format of ['json', 'text', 'github']) {
        const plain = await lint(dir, ['--format', format]);
        const cold = await lint(dir, ['--format', format, '--cache']);
        const warm = await lint(dir, ['--format', format, '--cache']);
        assert.equal(cold.stdout, plain.stdout, `${dir} ${format}: a cold cached run prints what an uncached one does`);
        assert.equal(warm.stdout, plain.stdout, `${dir} ${format}: a warm run prints the same`);
        assert.equal(warm.status, plain.status);
        assert.equal(warm.stderr, '');
      }
      assert.ok(JSON.parse((await lint(dir, ['--format', 'json'])).stdout).diagnostics.length > 0, 'each folder has findings');
    }
  });

  test('a warm run with nothing changed parses and checks nothing', async () => {
    const dir = await generatedProject(20);
    await lint(dir, ['--cache']);
    const warm = await lint(dir, ['--cache']);
    assertWithin('warmUnchanged', warm.stats);
    // Another output format misses the stored output but reuses every parse and every file's findings.
    const other = await lint(dir, ['--cache', '--format', 'json']);
    assertWithin('warmOtherFormat', other.stats);
    assert.equal(other.stdout, (await lint(dir, ['--format', 'json'])).stdout);
  });

  test('one file changed: only its statements are parsed again, and the files after it are not checked again when its schema is the same', async () => {
    const dir = await generatedProject(20);
    await lint(dir, ['--cache', '--format', 'json']);
    const migrations = path.join(dir, 'db/migrations');
    const middle = path.join(migrations, fs.readdirSync(migrations).sort()[9]);
    const text = fs.readFileSync(middle, 'utf8');
    // A new statement at the end that creates nothing leaves the schema after the file as it was: only this file is
    // checked again.
    fs.writeFileSync(middle, `${text}\nSELECT 1;\n`);
    const statements = splitStatements(fs.readFileSync(middle, 'utf8')).statements.length;
    const warm = await lint(dir, ['--cache', '--format', 'json']);
    assert.equal(warm.stdout, (await lint(dir, ['--format', 'json'])).stdout);
    assertWithin('warmOneFileChangedSameSchema', warm.stats, { statementsParsed: statements });
  });

  test('the newest migration gains a column: only it is checked again (checks that need the final schema read only what did not change)', async () => {
    const dir = await generatedProject(20);
    await lint(dir, ['--cache', '--format', 'json']);
    const migrations = path.join(dir, 'db/migrations');
    const last = path.join(migrations, fs.readdirSync(migrations).sort().at(-1)!);
    const text = fs.readFileSync(last, 'utf8');
    const table = /create table (\w+)/i.exec(text)?.[1] ?? /alter table (\w+)/i.exec(text)![1];
    fs.writeFileSync(last, `${text}\nALTER TABLE ${table} ADD COLUMN cache_test text;\n`);
    const statements = splitStatements(fs.readFileSync(last, 'utf8')).statements.length;
    const warm = await lint(dir, ['--cache', '--format', 'json']);
    assert.equal(warm.stdout, (await lint(dir, ['--format', 'json'])).stdout);
    assertWithin('warmLastFileGainsColumn', warm.stats, { statementsParsed: statements });
  });

  test('an edit in an early file changes the findings of later files (and back)', async () => {
    const dir = crossFileProject();
    const first = path.join(dir, 'db/migrations/01-projects.sql');
    const before = JSON.parse((await lint(dir, ['--cache', '--format', 'json'])).stdout) as { diagnostics: { file: string; code: string }[] };
    assert.ok(before.diagnostics.some((d) => d.file.endsWith('03-drop.sql') && d.code === 'drop-electrified-column'));

    fs.writeFileSync(first, ELECTRIFIED.replace('ALTER TABLE projects ENABLE ELECTRIC;\n', ''));
    const edited = await lint(dir, ['--cache', '--format', 'json']);
    assert.equal(edited.stdout, (await lint(dir, ['--format', 'json'])).stdout);
    const after = JSON.parse(edited.stdout) as typeof before;
    assert.ok(!after.diagnostics.some((d) => d.file.endsWith('03-drop.sql') && d.code === 'drop-electrified-column'), 'file 3 is checked again from the new schema');
    assert.ok(edited.stats!.filesChecked >= 3, `the files after the edit are checked again (${JSON.stringify(edited.stats)})`);

    fs.writeFileSync(first, ELECTRIFIED);
    const back = await lint(dir, ['--cache', '--format', 'json']);
    assert.deepEqual(JSON.parse(back.stdout), before);
  });

  test('settings are part of the key: another Electric version or rule setting is never answered from the cache', async () => {
    const dir = crossFileProject();
    for (const args of [[], ['--electric-version', '0.8'], []]) {
      const cached = await lint(dir, ['--cache', '--format', 'json', ...args]);
      assert.equal(cached.stdout, (await lint(dir, ['--format', 'json', ...args])).stdout, args.join(' '));
    }
    fs.writeFileSync(path.join(dir, 'electric-migrations.json'), JSON.stringify({ rules: { 'drop-electrified-column': 'off' } }));
    const configured = await lint(dir, ['--cache', '--format', 'json']);
    assert.equal(configured.stdout, (await lint(dir, ['--format', 'json'])).stdout);
    assert.ok(!configured.stdout.includes('drop-electrified-column'));
  });

  test('a corrupt, truncated or foreign cache is ignored and rewritten, never a crash', async () => {
    const dir = crossFileProject();
    const expected = (await lint(dir, ['--format', 'json'])).stdout;
    await lint(dir, ['--cache', '--format', 'json']);
    const file = cacheOf(dir);
    const good = fs.readFileSync(file, 'utf8');
    const [headerLine, body] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
    const header = JSON.parse(headerLine) as Record<string, unknown>;
    const variants: Record<string, string | Buffer> = {
      garbage: 'not a cache at all',
      binary: Buffer.from([0, 255, 0, 10, 1, 2, 3]),
      empty: '',
      truncated: good.slice(0, Math.floor(good.length / 2)),
      'body edited (hash differs)': `${headerLine}\n${body.replace(/"code":"[^"]+"/g, '"code":"forged"')}`,
      'another version': `${JSON.stringify({ ...header, version: 999 })}\n${body}`,
      'another engine': `${JSON.stringify({ ...header, engine: 'someone-else' })}\n${body}`,
      'a forged run output': `${JSON.stringify({ ...header, run: { key: 'x', stdout: 'forged', status: 0 } })}\n${body}`,
      'JSON of the wrong shape': '[1,2,3]\n{"parses":[],"checks":7}',
    };
    for (const [name, content] of Object.entries(variants)) {
      fs.writeFileSync(file, content);
      const run = await lint(dir, ['--cache', '--format', 'json']);
      assert.equal(run.stdout, expected, name);
      assert.equal(run.stderr, '', name);
      const rewritten = fs.readFileSync(file, 'utf8');
      assert.equal(JSON.parse(rewritten.slice(0, rewritten.indexOf('\n'))).format, 'electric-migrations-lint-cache', `${name}: rewritten`);
      assert.equal((await lint(dir, ['--cache', '--format', 'json'])).stats?.statementsParsed, 0, `${name}: the rewritten cache serves the next run`);
    }
  });

  test('--cache-location: a file, or a directory that holds lint-cache; an unwritable one warns and still lints', async () => {
    const dir = crossFileProject();
    const expected = (await lint(dir, ['--format', 'json'])).stdout;
    await lint(dir, ['--cache', '--cache-location', 'my-cache.json', '--format', 'json']);
    assert.ok(fs.existsSync(path.join(dir, 'my-cache.json')));
    fs.mkdirSync(path.join(dir, 'cachedir'));
    await lint(dir, ['--cache', '--cache-location', 'cachedir', '--format', 'json']);
    assert.ok(fs.existsSync(path.join(dir, 'cachedir/lint-cache')));
    assert.ok(!fs.existsSync(cacheOf(dir)), 'the default location is not written when another is given');
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const unwritable = await lint(dir, ['--cache', '--cache-location', 'a-file/below/cache', '--format', 'json']);
    assert.equal(unwritable.stdout, expected);
    assert.match(unwritable.stderr, /warning: the lint cache was not written/);
    assert.equal(unwritable.status, 1);
    await lint(dir, ['--cache-location', 'unused-cache', '--format', 'json']);
    assert.ok(!fs.existsSync(path.join(dir, 'unused-cache')), 'without --cache, --cache-location writes nothing');
  });

  test('the bundled CLI: warm output equals cold, and the cache is written atomically where product.md says', async () => {
    const dir = crossFileProject();
    const cold = await runCli(['lint', '--format', 'json'], dir);
    const first = await runCli(['lint', '--format', 'json', '--cache'], dir);
    const second = await runCli(['lint', '--format', 'json', '--cache'], dir);
    assert.equal(first.stdout, cold.stdout);
    assert.equal(second.stdout, cold.stdout);
    assert.equal(second.status, cold.status);
    assert.ok(fs.existsSync(cacheOf(dir)));
    assert.deepEqual(fs.readdirSync(path.dirname(cacheOf(dir))), ['lint-cache'], 'no temporary file left behind');
  });
});
