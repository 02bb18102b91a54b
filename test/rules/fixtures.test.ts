/**
 * Rule fixtures, one data-driven test. Layout under test/fixtures/rules/<rule-id>/:
 * - `*.sql`: one migration file linted on its own; every diagnostic must be announced on its line by a trailing
 *   comment `-- expect: <rule-id>[, <rule-id>]`, and no other diagnostic may appear (a file with no expectations
 *   must be clean);
 * - a folder: a migrations directory (files named like `01-x.sql`) linted together, expectations inside each file.
 * A comment `-- electric-version: 0.6` anywhere in the fixture selects the Electric version (default 0.12).
 * The rule catalogue test then demands, for every rule that lint can report, a fixture that expects it and a
 * clean fixture in its folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { lintMigrations } from '../helpers/parser';
import { RULE_LIST } from '../../server/src/rules/registry';
import { isElectricVersion, type ElectricVersion } from '../../server/src/rules/types';
import { loadParser as initParser } from '../helpers/parser';

const ROOT = path.join(__dirname, '..', 'fixtures', 'rules');
const MIGRATIONS = 'db/migrations';

interface Fixture {
  name: string;
  rule: string;
  files: { path: string; text: string }[];
}

function loadFixtures(): Fixture[] {
  if (!fs.existsSync(ROOT)) return [];
  const fixtures: Fixture[] = [];
  for (const rule of fs.readdirSync(ROOT).sort()) {
    const dir = path.join(ROOT, rule);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const entry of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, entry);
      if (fs.statSync(p).isDirectory()) {
        const files = fs.readdirSync(p).filter((f) => f.endsWith('.sql')).sort()
          .map((f) => ({ path: `${MIGRATIONS}/${f}`, text: fs.readFileSync(path.join(p, f), 'utf8') }));
        fixtures.push({ name: `${rule}/${entry}`, rule, files });
      } else if (entry.endsWith('.sql')) {
        fixtures.push({ name: `${rule}/${entry}`, rule, files: [{ path: `${MIGRATIONS}/01-${entry}`, text: fs.readFileSync(p, 'utf8') }] });
      }
    }
  }
  return fixtures;
}

function versionOf(fixture: Fixture): ElectricVersion {
  for (const file of fixture.files) {
    const m = /--\s*electric-version:\s*([\d.]+)/.exec(file.text);
    if (m) {
      assert.ok(isElectricVersion(m[1]), `${fixture.name}: unknown electric-version ${m[1]}`);
      return m[1];
    }
  }
  return '0.12';
}

function expectations(fixture: Fixture): string[] {
  const expected: string[] = [];
  for (const file of fixture.files) {
    file.text.split(/\r\n|\r|\n/).forEach((line, i) => {
      const m = /--\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/.exec(line);
      if (m) for (const code of m[1].split(/\s*,\s*/)) expected.push(`${file.path}:${i + 1} ${code}`);
    });
  }
  return expected.sort();
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  }
  return line;
}

const fixtures = loadFixtures();

describe('rule fixtures', () => {
  before(async () => initParser());
  for (const fixture of fixtures) {
    test(fixture.name, () => {
      const version = versionOf(fixture);
      const diagnostics = lintMigrations(fixture.files, { electricVersion: version, rules: {} }, { migrationsDirectory: MIGRATIONS });
      const texts = new Map(fixture.files.map((f) => [f.path, f.text]));
      const actual = diagnostics.map((d) => `${d.file}:${lineOf(texts.get(d.file)!, d.span.start)} ${d.code}`).sort();
      const details = diagnostics.map((d) => `  ${d.file}:${lineOf(texts.get(d.file)!, d.span.start)} ${d.code} [${d.severity}] ${JSON.stringify(texts.get(d.file)!.slice(d.span.start, d.span.end))}: ${d.message}`).join('\n');
      assert.deepEqual(actual, expectations(fixture), `diagnostics of ${fixture.name} (electric ${version}):\n${details}`);
    });
  }
});

describe('rule catalogue', () => {
  const lintable = RULE_LIST.filter((r) => !r.needsDatabase);
  test('every rule lint can report has a failing and a clean fixture', () => {
    const missing: string[] = [];
    for (const rule of lintable) {
      const own = fixtures.filter((f) => f.rule === rule.id);
      const fails = own.some((f) => expectations(f).some((e) => e.endsWith(` ${rule.id}`)));
      const clean = own.some((f) => expectations(f).length === 0);
      if (!fails) missing.push(`${rule.id}: no fixture expects it`);
      if (!clean) missing.push(`${rule.id}: no clean fixture`);
    }
    assert.deepEqual(missing, []);
  });
});
