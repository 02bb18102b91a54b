import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  ConfigError,
  findConfig,
  loadConfig,
  parseConfig,
  parseElectricVersion,
  resolveLintSettings,
} from '../../server/src/config/config';
import { assertStatus, CREATE_ITEMS, CREATE_USERS, lintJson, makeProject, runCli, summarize } from './support/cli';

describe('parseConfig', () => {
  test('accepts every field and keeps rule severities', () => {
    const config = parseConfig(
      JSON.stringify({ migrationsDirectory: 'sql', electricVersion: '0.9', rules: { 'do-block': 'off', 'unknown-table': 'error' } }),
      'electric-migrations.json',
    );
    assert.deepEqual(config, {
      migrationsDirectory: 'sql',
      electricVersion: '0.9',
      rules: { 'do-block': 'off', 'unknown-table': 'error' },
    });
  });

  test('an empty object is valid', () => {
    assert.deepEqual(parseConfig('{}', 'c.json'), { rules: {} });
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{', /c\.json: invalid JSON/],
    ['not an object', '[]', /c\.json: expected a JSON object/],
    ['unknown field', '{"electricversion": "0.12"}', /unknown field "electricversion"/],
    ['unknown version', '{"electricVersion": "0.13"}', /"electricVersion" must be .*0\.6.*0\.12/],
    ['numeric version', '{"electricVersion": 0.12}', /"electricVersion"/],
    ['empty directory', '{"migrationsDirectory": ""}', /"migrationsDirectory"/],
    ['rules not an object', '{"rules": ["do-block"]}', /"rules" must be an object/],
    ['unknown rule', '{"rules": {"no-such-rule": "off"}}', /unknown rule "no-such-rule"/],
    ['bad severity', '{"rules": {"do-block": "fatal"}}', /"rules\.do-block" must be one of error, warning, info, off/],
  ];
  for (const [name, text, message] of invalid) {
    test(`rejects ${name}, naming the file and the field`, () => {
      assert.throws(() => parseConfig(text, 'c.json'), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^c\.json: /);
        assert.match(error.message, message);
        return true;
      });
    });
  }
});

describe('parseElectricVersion', () => {
  test('reads minor and patch releases as their minor release', () => {
    assert.equal(parseElectricVersion('0.12'), '0.12');
    assert.equal(parseElectricVersion('0.9.3'), '0.9');
    assert.equal(parseElectricVersion('0.10'), '0.10');
    assert.equal(parseElectricVersion('0.5'), undefined);
    assert.equal(parseElectricVersion('1.0'), undefined);
    assert.equal(parseElectricVersion('latest'), undefined);
  });
});

describe('resolveLintSettings', () => {
  test('defaults to Electric 0.12 and no overrides', () => {
    assert.deepEqual(resolveLintSettings(), { electricVersion: '0.12', rules: {} });
  });
  test('the config file overrides the defaults, explicit options override the file', () => {
    const config = { electricVersion: '0.8' as const, rules: { 'do-block': 'warning' as const } };
    assert.deepEqual(resolveLintSettings(config), { electricVersion: '0.8', rules: { 'do-block': 'warning' } });
    assert.equal(resolveLintSettings(config, { electricVersion: { version: '0.10' } }).electricVersion, '0.10');
  });
});

describe('findConfig and loadConfig', () => {
  test('finds the nearest config, searching upwards', () => {
    const dir = makeProject({
      'electric-migrations.json': '{}',
      'db/electric-migrations.json': '{"electricVersion": "0.9"}',
      'db/migrations/01-a.sql': CREATE_ITEMS,
      'other/x.sql': CREATE_ITEMS,
    });
    assert.equal(findConfig(path.join(dir, 'db/migrations')), path.join(dir, 'db/electric-migrations.json'));
    assert.equal(findConfig(path.join(dir, 'other')), path.join(dir, 'electric-migrations.json'));
    assert.equal(loadConfig(path.join(dir, 'db/electric-migrations.json')).electricVersion, '0.9');
  });

  test('a missing file is a ConfigError naming it', () => {
    const dir = makeProject({});
    const file = path.join(dir, 'nope.json');
    assert.throws(() => loadConfig(file), (error: unknown) => error instanceof ConfigError && error.message.startsWith(file));
  });
});

describe('the CLI reads the config', () => {
  const twoBadNames = { 'db/migrations/notes.sql': CREATE_ITEMS, 'db/migrations/01-a.sql': CREATE_ITEMS };

  test('configured severities change the reported severity and the exit status', async () => {
    const dir = makeProject({
      ...twoBadNames,
      'electric-migrations.json': JSON.stringify({ rules: { 'migration-bad-filename': 'error' } }),
    });
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 1);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, d.severity]), [['migration-bad-filename', 'error']]);
  });

  test('"off" drops the rule', async () => {
    const dir = makeProject({
      ...twoBadNames,
      'db/migrations/electric-migrations.json': JSON.stringify({ rules: { 'migration-bad-filename': 'off' } }),
    });
    const { status, report } = await lintJson([], dir);
    assert.equal(status, 0);
    assert.deepEqual(report.diagnostics, []);
  });

  test('migrationsDirectory is relative to the config file', async () => {
    const dir = makeProject({
      'config/electric-migrations.json': JSON.stringify({ migrationsDirectory: '../sql' }),
      'sql/1-a.sql': CREATE_ITEMS,
      'sql/01-b.sql': CREATE_USERS,
    });
    const { status, report } = await lintJson(['--config', 'config/electric-migrations.json'], dir);
    assert.equal(status, 1);
    assert.equal(report.files, 2);
    assert.deepEqual(summarize(report), ['sql/01-b.sql:1 migration-duplicate-index', 'sql/1-a.sql:1 migration-duplicate-index']);
  });

  test('the config found from cwd may name the migrations directory', async () => {
    const dir = makeProject({
      'electric-migrations.json': JSON.stringify({ migrationsDirectory: 'sql' }),
      'sql/draft.sql': CREATE_ITEMS,
    });
    const { report } = await lintJson([], dir);
    assert.deepEqual(summarize(report), ['sql/draft.sql:1 migration-bad-filename']);
  });

  test('the electricVersion of the config applies, and --electric-version overrides it', async () => {
    // `do-block` applies from 0.7: under 0.6 an ignore for it is not judged, from 0.7 on it is unused here.
    const dir = makeProject({
      'db/migrations/01-a.sql': `-- electric-migrations-ignore do-block\n${CREATE_ITEMS}`,
      'electric-migrations.json': JSON.stringify({ electricVersion: '0.6' }),
    });
    const withConfig = await lintJson([], dir);
    assert.deepEqual(withConfig.report.diagnostics, []);
    const overridden = await lintJson(['--electric-version', '0.7'], dir);
    assert.deepEqual(summarize(overridden.report), ['db/migrations/01-a.sql:1 unused-ignore']);
  });

  test('an invalid config exits 2 with one line naming the file and the field', async () => {
    const dir = makeProject({
      'db/migrations/01-a.sql': CREATE_ITEMS,
      'electric-migrations.json': JSON.stringify({ rules: { 'do-block': 'loud' } }),
    });
    const result = await runCli(['lint'], dir);
    assertStatus(result, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /electric-migrations\.json: "rules\.do-block" must be one of/);
  });

  test('--config naming a missing file exits 2', async () => {
    const dir = makeProject({ 'db/migrations/01-a.sql': CREATE_ITEMS });
    const result = await runCli(['lint', '--config', 'missing.json'], dir);
    assertStatus(result, 2);
    assert.match(result.stderr, /missing\.json: cannot read config: file not found/);
    assert.ok(!fs.existsSync(path.join(dir, 'missing.json')));
  });
});
