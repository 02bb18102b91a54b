/**
 * Issue 10 (hostile input), the command-line items: special files, NUL bytes, symbolic links, control characters,
 * patch versions, UTF-16, huge tokens, a directory as the config, and the column count. Each test names its item.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { makeProject } from '../unit/support/cli';
import { isOneLineInputError, jsonCodes, runCliBounded } from './support';

const ELECTRIFIED_P = 'CREATE TABLE p (id uuid PRIMARY KEY);\nALTER TABLE p ENABLE ELECTRIC;\n';
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

describe('hostile input: the CLI', { concurrency: 4 }, () => {
  test('item 2: /dev/zero as a file or as --config is refused at once (exit 2, one line), never read', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': 'SELECT 1;\n' });
    for (const args of [['lint', '/dev/zero'], ['lint', '--config', '/dev/zero']]) {
      const run = await runCliBounded(args, dir, 30_000);
      assert.ok(isOneLineInputError(run), `${args.join(' ')}: ${JSON.stringify(run)}`);
      assert.match(run.stderr, /not a regular file/);
    }
  });

  test('item 3: a FIFO as a file, as --config, or inside the migrations folder never blocks', { skip: !hasMkfifo && 'no mkfifo' }, async () => {
    const named = makeProject({ 'db/migrations/01-a.sql': ELECTRIFIED_P });
    spawnSync('mkfifo', [path.join(named, 'pipe.sql')]);
    for (const args of [['lint', 'pipe.sql'], ['lint', '--config', 'pipe.sql']]) {
      const run = await runCliBounded(args, named, 30_000);
      assert.ok(isOneLineInputError(run), `${args.join(' ')}: ${JSON.stringify(run)}`);
    }
    const dir = makeProject({ 'db/migrations/01-a.sql': ELECTRIFIED_P });
    spawnSync('mkfifo', [path.join(dir, 'db/migrations/02-pipe.sql')]);
    const folder = await runCliBounded(['lint', '--format', 'json'], dir, 30_000);
    assert.equal(folder.hung, false);
    assert.equal(folder.status, 0, folder.stderr);
    assert.equal(JSON.parse(folder.stdout).files, 1);
    assert.match(folder.stderr, /warning: skipped db\/migrations\/02-pipe\.sql: not a regular file/);
  });

  test('item 4: 50,000 ADD COLUMN statements on one table lint in bounded time (columns are indexed)', async () => {
    const lines = ['CREATE TABLE t (id uuid PRIMARY KEY);'];
    for (let i = 0; i < 50_000; i++) lines.push(`ALTER TABLE t ADD COLUMN c${i} text;`);
    lines.push('ALTER TABLE t ADD COLUMN c17 text;');
    const dir = makeProject({ 'db/migrations/01-a.sql': `${lines.join('\n')}\n` });
    // Quadratic column lookups took over 60 s on a quiet machine; linear ones take a few seconds.
    const run = await runCliBounded(['lint', '--format', 'json'], dir, 150_000);
    assert.equal(run.hung, false, 'the lint of 50,000 columns did not finish in 150 s');
    assert.deepEqual(jsonCodes(run.stdout), ['duplicate-column@50002:26']);
  });

  test('item 5: a NUL byte is a syntax error at the NUL and hides nothing after it', async () => {
    const text = 'CREATE TABLE p (id uuid PRIMARY KEY, a text);\nALTER TABLE p ENABLE ELECTRIC;\nALTER TABLE p DROP COLUMN a\0;\nDROP TABLE p;\n';
    const dir = makeProject({ 'db/migrations/01-a.sql': text });
    const run = await runCliBounded(['lint', '--format', 'json'], dir);
    assert.equal(run.status, 1);
    assert.deepEqual(jsonCodes(run.stdout), ['drop-electrified-column@3:27', 'syntax-error@3:28', 'drop-electrified-table@4:12']);
    assert.match(JSON.parse(run.stdout).diagnostics[1].message, /NUL byte/);
  });

  test('item 7: symbolic links are followed; broken links, loops and directories named *.sql are warned about', async () => {
    const dir = makeProject({ 'shared/01-a.sql': ELECTRIFIED_P, 'db/migrations/02-b.sql': 'DROP TABLE p;\n' });
    const migrations = path.join(dir, 'db/migrations');
    fs.symlinkSync('../../shared/01-a.sql', path.join(migrations, '01-a.sql'));
    fs.symlinkSync('missing.sql', path.join(migrations, '03-broken.sql'));
    fs.symlinkSync('04-loop.sql', path.join(migrations, '04-loop.sql'));
    fs.mkdirSync(path.join(migrations, '05-dir.sql'));
    const run = await runCliBounded(['lint', '--format', 'json'], dir);
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.files, 2, 'the linked file is linted, in order');
    assert.deepEqual(jsonCodes(run.stdout), ['drop-electrified-table@1:12']);
    const warnings = run.stderr.trim().split('\n');
    assert.equal(warnings.length, 3, run.stderr);
    assert.match(run.stderr, /skipped db\/migrations\/03-broken\.sql: a symbolic link to a missing file/);
    assert.match(run.stderr, /skipped db\/migrations\/04-loop\.sql: a loop of symbolic links/);
    assert.match(run.stderr, /skipped db\/migrations\/05-dir\.sql: a directory/);
  });

  test('item 9: control characters from the file never reach the terminal, in text or github format', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': 'DROP TABLE "x\x1b]0;pwned\x07\ny";\n' });
    for (const format of ['text', 'github']) {
      const run = await runCliBounded(['lint', '--format', format], dir);
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /[\x00-\x08\x0b-\x1f\x7f]/, `${format}: raw control characters in the output`);
      assert.match(run.stdout, /\\x1b\]0;pwned\\x07/);
      const lines = run.stdout.trim().split('\n');
      assert.equal(lines.length, format === 'text' ? 2 : 1, `${format}: one line per diagnostic: ${run.stdout}`);
    }
  });

  test('item 10: a patch version is honoured where the catalogue knows the patch boundary (electrify-not-public: 0.9.3)', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': 'CREATE TABLE s.p (id uuid PRIMARY KEY);\nALTER TABLE s.p ENABLE ELECTRIC;\n' });
    const codesAt = async (version: string) => jsonCodes((await runCliBounded(['lint', '--format', 'json', '--electric-version', version], dir)).stdout);
    assert.deepEqual(await codesAt('0.9.2'), []);
    assert.deepEqual(await codesAt('0.9.3'), ['electrify-not-public@2:13']);
    assert.deepEqual(await codesAt('0.9'), ['electrify-not-public@2:13'], 'a bare minor is its newest patch');
    fs.writeFileSync(path.join(dir, 'electric-migrations.json'), '{"electricVersion": "0.9.2"}');
    assert.deepEqual(jsonCodes((await runCliBounded(['lint', '--format', 'json'], dir)).stdout), [], 'the config file says 0.9.2 too');
    const bad = await runCliBounded(['lint', '--electric-version', '0.9.x'], dir);
    assert.ok(isOneLineInputError(bad), JSON.stringify(bad));
  });

  test('item 11: UTF-16 files (LE and BE, with their BOM) are decoded as the editor decodes them', async () => {
    const text = 'CREATE TABLE p (id uuid PRIMARY KEY);\nALTER TABLE p ENABLE ELECTRIC;\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`DROP TABLE p;\n`, 'utf16le').swap16()]);
    const dir = makeProject({});
    fs.mkdirSync(path.join(dir, 'db/migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'db/migrations/01-le.sql'), le);
    fs.writeFileSync(path.join(dir, 'db/migrations/02-be.sql'), be);
    const run = await runCliBounded(['lint', '--format', 'json'], dir);
    assert.deepEqual(jsonCodes(run.stdout), ['drop-electrified-table@1:12'], 'no syntax error at 1:1, the BE file sees the LE table');
  });

  test('item 12: a 5 MB identifier and a 1 MB role string give short messages', async () => {
    const dir = makeProject({
      'db/migrations/01-a.sql': `${'x'.repeat(5_000_000)};\n${ELECTRIFIED_P}ELECTRIC GRANT READ ON p TO '${'r'.repeat(1_000_000)}';\n`,
    });
    const run = await runCliBounded(['lint', '--format', 'json'], dir, 120_000);
    assert.equal(run.hung, false);
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
    assert.ok(report.diagnostics.some((d) => d.code === 'syntax-error'));
    assert.ok(report.diagnostics.some((d) => d.code === 'grant-unassigned-role'));
    for (const d of report.diagnostics) assert.ok(d.message.length < 1500, `${d.code}: a ${d.message.length}-character message`);
    assert.ok(report.diagnostics.some((d) => d.message.includes('…')), 'the quoted input is shortened with …');
    assert.ok(run.stdout.length < 20_000, `${run.stdout.length} bytes of output`);
  });

  test('item 14: --config naming a directory is exit 2 with one line, not a raw EISDIR', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': 'SELECT 1;\n' });
    const run = await runCliBounded(['lint', '--config', 'db'], dir);
    assert.ok(isOneLineInputError(run), JSON.stringify(run));
    assert.match(run.stderr, /is a directory/);
    assert.doesNotMatch(run.stderr, /EISDIR/);
  });
});
