import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { escapeGithubData, escapeGithubProperty } from '../../server/src/cli/format';
import { LineIndex } from '../../server/src/cli/positions';
import {
  assertStatus,
  CREATE_ITEMS,
  CREATE_USERS,
  lintJson,
  makeProject,
  runCli,
  summarize,
} from './support/cli';

const packageJson = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };

describe('LineIndex', () => {
  test('1-based lines and columns, columns in code points', () => {
    const text = 'ab\ncd😀e\r\nf\rg';
    const index = new LineIndex(text);
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(2), { line: 1, column: 3 });
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(text.indexOf('e')), { line: 2, column: 4 }, 'the emoji counts once');
    assert.deepEqual(index.position(text.indexOf('f')), { line: 3, column: 1 }, '\\r\\n is one break');
    assert.deepEqual(index.position(text.indexOf('g')), { line: 4, column: 1 }, 'a lone \\r breaks a line');
    assert.deepEqual(index.position(text.length + 5), { line: 4, column: 2 }, 'clamped to the end');
  });
});

describe('GitHub escaping', () => {
  test('messages escape %, CR and LF; properties also , and :', () => {
    assert.equal(escapeGithubData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
    assert.equal(escapeGithubProperty('db/a,b:c%.sql'), 'db/a%2Cb%3Ac%25.sql');
  });
});

describe('electric-migrations usage', { concurrency: 4 }, () => {
  test('--help and -h print the usage and exit 0', async () => {
    const dir = makeProject({});
    for (const flag of ['--help', '-h']) {
      const result = await runCli([flag], dir);
      assertStatus(result, 0);
      assert.match(result.stdout, /Usage: electric-migrations/);
      assert.match(result.stdout, /--electric-version V/);
    }
    assertStatus(await runCli(['lint', '--help'], dir), 0);
  });

  test('--version prints the package version', async () => {
    const result = await runCli(['--version'], makeProject({}));
    assertStatus(result, 0);
    assert.equal(result.stdout.trim(), packageJson.version);
  });

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['no command', [], /missing command/],
    ['an unknown command', ['check'], /unknown command "check"/],
    ['an unknown option', ['lint', '--verbose'], /unknown option --verbose/],
    ['an option without its value', ['lint', '--dir'], /option --dir needs a value/],
    ['an unknown format', ['lint', '--format', 'xml'], /unknown format "xml"/],
    ['an unknown Electric version', ['lint', '--electric-version', '0.13'], /unknown Electric version "0\.13".*0\.6.*0\.12/],
    ['apply with both --database and --pglite', ['apply', '--database', 'postgres://x', '--pglite', 'd'], /either --database URL or --pglite DIR/],
    ['apply --target postgres without a URL', ['apply', '--target', 'postgres'], /--target postgres needs --database URL/],
    ['apply with an unknown target', ['apply', '--target', 'sqlite'], /unknown target "sqlite"/],
    ['apply --format github', ['apply', '--format', 'github'], /unknown format "github" for apply/],
    ['an apply option given to status', ['status', '--yes'], /--yes is not an option of status/],
    ['a lint option given to apply', ['apply', '--electric-version', '0.9'], /--electric-version is not an option of apply/],
    ['file arguments to status', ['status', 'db/migrations/01-a.sql'], /status takes no file arguments/],
  ];
  for (const [name, args, message] of usageErrors) {
    test(`${name}: exit 2, one line on stderr, nothing on stdout`, async () => {
      const result = await runCli(args, makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS }));
      assertStatus(result, 2);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^electric-migrations: /);
      assert.match(result.stderr, message);
    });
  }
});

describe('electric-migrations lint: directories and paths', { concurrency: 4 }, () => {
  test('a clean db/migrations folder: exit 0, "No problems"', async () => {
    const dir = makeProject({ 'db/migrations/01-items.sql': CREATE_ITEMS, 'db/migrations/02-users.sql': CREATE_USERS });
    const result = await runCli(['lint'], dir);
    assertStatus(result, 0);
    assert.equal(result.stdout, 'No problems in 2 files\n');
  });

  test('falls back to migrations/ when db/migrations does not exist', async () => {
    const dir = makeProject({ 'migrations/01-a.sql': CREATE_ITEMS, 'migrations/draft.sql': CREATE_ITEMS });
    const { report } = await lintJson([], dir);
    assert.deepEqual(summarize(report), ['migrations/draft.sql:1 migration-bad-filename']);
  });

  test('--dir names the directory, relative to cwd', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS, 'sql/schema/x.sql': CREATE_ITEMS });
    const { report } = await lintJson(['--dir', 'sql/schema'], dir);
    assert.equal(report.files, 1);
    assert.deepEqual(summarize(report), ['sql/schema/x.sql:1 migration-bad-filename']);
  });

  test('a missing --dir exits 2 naming it', async () => {
    const result = await runCli(['lint', '--dir', 'nowhere'], makeProject({}));
    assertStatus(result, 2);
    assert.match(result.stderr, /migrations directory not found: nowhere/);
  });

  test('no migrations directory at all exits 2', async () => {
    const result = await runCli(['lint'], makeProject({ 'README.md': 'hi' }));
    assertStatus(result, 2);
    assert.match(result.stderr, /no migrations directory.*db\/migrations, migrations.*--dir/);
  });

  test('_-prefixed files are ignored and not counted', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS, 'db/migrations/_seed.sql': 'not sql at all (' });
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 0);
    assert.deepEqual(report, { version: 1, files: 1, diagnostics: [] });
  });

  test('PATHs: report only on the named files, with the directory as context', async () => {
    const dir = makeProject({
      'db/migrations/1-a.sql': CREATE_ITEMS,
      'db/migrations/01-b.sql': CREATE_USERS,
      'db/migrations/draft.sql': CREATE_ITEMS,
    });
    const { status, report } = await lintJson(['db/migrations/1-a.sql'], dir);
    assert.equal(status, 1);
    assert.equal(report.files, 1);
    assert.deepEqual(summarize(report), ['db/migrations/1-a.sql:1 migration-duplicate-index']);
    assert.match(report.diagnostics[0].message, /01-b\.sql/);
  });

  test('PATHs outside the migrations directory are linted on their own', async () => {
    const dir = makeProject({
      'db/migrations/01-a.sql': CREATE_ITEMS,
      'scratch/01-a.sql': CREATE_ITEMS,
      'scratch/notes.sql': '-- migrate:down\n',
    });
    const { report } = await lintJson(['scratch/01-a.sql', './scratch/notes.sql'], dir);
    assert.equal(report.files, 2);
    assert.deepEqual(summarize(report), ['scratch/notes.sql:1 down-migration']);
  });

  test('PATHs work without any migrations directory', async () => {
    const dir = makeProject({ 'one.sql': CREATE_ITEMS });
    const result = await runCli(['lint', 'one.sql'], dir);
    assertStatus(result, 0);
    assert.equal(result.stdout, 'No problems in 1 file\n');
  });

  test('a missing PATH exits 2 naming it', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS });
    const result = await runCli(['lint', 'db/migrations/09-nope.sql'], dir);
    assertStatus(result, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /cannot read db\/migrations\/09-nope\.sql: no such file/);
  });

  test('a directory as PATH exits 2 with a hint', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS });
    const result = await runCli(['lint', 'db/migrations'], dir);
    assertStatus(result, 2);
    assert.match(result.stderr, /db\/migrations is a directory; use --dir/);
  });
});

describe('electric-migrations lint: output formats and rules', { concurrency: 4 }, () => {
  const mixed = {
    'db/migrations/01-items.sql': CREATE_ITEMS,
    'db/migrations/2-a.sql': CREATE_USERS,
    'db/migrations/02-b.sql': `${CREATE_USERS}-- migrate:down\nDROP TABLE users;\n`,
    'db/migrations/notes.sql': '-- scratch\n',
  };

  test('json: the documented shape, relative paths, 1-based positions, ordered by file then position', async () => {
    const dir = makeProject(mixed);
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 1);
    assert.deepEqual(Object.keys(report), ['version', 'files', 'diagnostics']);
    assert.equal(report.version, 1);
    assert.equal(report.files, 4);
    for (const d of report.diagnostics) {
      assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
      assert.ok(d.message.length > 20);
    }
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.line, d.column, d.endLine, d.endColumn, d.severity, d.code]),
      [
        ['db/migrations/02-b.sql', 1, 1, 1, CREATE_USERS.length, 'error', 'migration-duplicate-index'],
        ['db/migrations/02-b.sql', 2, 1, 2, 16, 'error', 'down-migration'],
        ['db/migrations/2-a.sql', 1, 1, 1, CREATE_USERS.length, 'error', 'migration-duplicate-index'],
        // The rollback part of 02-b (DROP TABLE users) is not folded: 2-a, after it, creates users again.
        ['db/migrations/2-a.sql', 1, 14, 1, 19, 'error', 'duplicate-table'],
        ['db/migrations/notes.sql', 1, 1, 1, 11, 'warning', 'migration-bad-filename'],
      ],
    );
  });

  test('text: one line per diagnostic, [warning] on non-errors, then a summary', async () => {
    const dir = makeProject(mixed);
    const result = await runCli(['lint'], dir);
    assertStatus(result, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0], /^db\/migrations\/02-b\.sql:1:1 migration-duplicate-index .*2-a\.sql/);
    assert.match(lines[1], /^db\/migrations\/02-b\.sql:2:1 down-migration /);
    assert.doesNotMatch(lines[1], /\[warning\]$/);
    assert.match(lines[4], /^db\/migrations\/notes\.sql:1:1 migration-bad-filename .* \[warning\]$/);
    assert.equal(lines[5], '4 errors, 1 warning in 4 files');
  });

  test('github: workflow annotations with escaped properties', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS, 'db/migrations/a,b.sql': CREATE_ITEMS, 'db/migrations/x.down.sql': '' });
    const result = await runCli(['lint', '--format', 'github'], dir);
    assertStatus(result, 1);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.match(
      lines[0],
      new RegExp(`^::warning file=db/migrations/a%2Cb\\.sql,line=1,col=1,endLine=1,endColumn=${CREATE_ITEMS.length},title=migration-bad-filename::\\S`),
    );
    assert.match(lines[1], /^::error file=db\/migrations\/x\.down\.sql,line=1,col=1,endLine=1,endColumn=1,title=down-migration::/);
    assert.match(lines[2], /^::warning file=db\/migrations\/x\.down\.sql,.*title=migration-bad-filename::/);
  });

  test('github: info severity becomes ::notice', async () => {
    const dir = makeProject({
      'db/migrations/draft.sql': CREATE_ITEMS,
      'electric-migrations.json': JSON.stringify({ rules: { 'migration-bad-filename': 'info' } }),
    });
    const result = await runCli(['lint', '--format', 'github'], dir);
    assertStatus(result, 0);
    assert.match(result.stdout, /^::notice file=db\/migrations\/draft\.sql,line=1,col=1,/);
  });

  test('only warnings: exit 0', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS, 'db/migrations/draft.sql': CREATE_ITEMS });
    const result = await runCli(['lint'], dir);
    assertStatus(result, 0);
    assert.match(result.stdout, /0 errors, 1 warning in 2 files\n$/);
  });

  test('columns count characters (code points), and CRLF files count lines as editors do', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': `${CREATE_ITEMS}SELECT '😀'; -- migrate:down\r\nSELECT 1;\r\n` });
    const { report } = await lintJson([], dir);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.code]),
      [[2, 13, 2, 28, 'down-migration']], // UTF-16 offsets would say 14,
    );
  });

  test('syntax errors, including an unterminated string, exit 1', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': `${CREATE_ITEMS}SELECT 'never closed;\n` });
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 1);
    assert.deepEqual(summarize(report), ['db/migrations/01-a.sql:2 syntax-error']);
  });

  test('suppression: ignore-file silences a file rule; unused ids are reported on the id', async () => {
    const dir = makeProject({
      'db/migrations/seed.sql': `-- electric-migrations-ignore-file migration-bad-filename, do-block\n${CREATE_ITEMS}`,
      'db/migrations/01-a.sql': `-- electric-migrations-ignore duplicate-table\n${CREATE_ITEMS}`,
    });
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 0);
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.line, d.column, d.endColumn, d.code, d.severity]),
      [
        ['db/migrations/01-a.sql', 1, 31, 46, 'unused-ignore', 'warning'],
        ['db/migrations/seed.sql', 1, 60, 68, 'unused-ignore', 'warning'],
      ],
    );
  });

  test('--electric-version accepts patch releases', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS });
    const result = await runCli(['lint', '--electric-version', '0.9.3'], dir);
    assertStatus(result, 0);
  });

  test('binary garbage and invalid UTF-8 give diagnostics, not a crash', async () => {
    const dir = makeProject({});
    fs.mkdirSync(path.join(dir, 'db/migrations'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'db/migrations/01-bin.sql'), Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28, 0x3b, 0x0a, 0x80]));
    const { status, report, stderr } = await lintJson([], dir);
    assert.equal(stderr, '');
    assert.equal(status, 1);
    assert.ok(report.diagnostics.every((d) => d.code === 'syntax-error'));
  });
});
