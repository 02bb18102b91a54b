/**
 * Electric's own example migrations (test/fixtures/electric-examples) through the whole linter, each file linted as
 * a migration set of its own: `db/migrations/NN-name.sql`, named after the file in its first-line `Source:` path
 * (a name without a numeric prefix gets `01-`, `NN_name` becomes `NN-name`), at the Electric version that line
 * implies (files from 0.6.x at 0.6, the others at 0.12).
 *
 * Electric ran these, so almost all must be clean. The exceptions are listed below, each with its reason: they come
 * from linting a file without the migrations that preceded it in its project.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { lintMigrations } from '../helpers/parser';
import type { ElectricVersion } from '../../server/src/rules/types';
import { loadParser as initParser } from '../helpers/parser';

before(() => initParser());

const DIR = path.join(__dirname, '../fixtures/electric-examples');
const FILES = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
const MIGRATIONS = 'db/migrations';

/** `line code`, and why Electric's example still gets it. Files not listed must be clean. */
const EXPECTED: Record<string, { line: number; code: string; why: string }[]> = {
  'checkout__02-create_process_item_trigger.sql': [
    { line: 22, code: 'unknown-table', why: 'orders is created by 01-create_items_table.sql, which is not part of this one-file set' },
  ],
  'e2e-prisma-example__20230915175207_electric_migration.sql': [
    { line: 4, code: 'electrify-unknown-table', why: 'Prisma created "Items" in an earlier migration that is not part of this one-file set' },
  ],
  'recipes__06-chat_room_table.sql': [
    { line: 13, code: 'unknown-table', why: 'the index is on logs (a slip in the example, logs comes from 02-logs_table.sql), not on chat_room' },
  ],
};

interface Source {
  /** The migration path the file is linted under. */
  path: string;
  version: ElectricVersion;
}

function sourceOf(text: string): Source {
  const m = /^-- Source: \S+ path (\S+) at commit [0-9a-f]{40} \(Electric (\d+\.\d+)\.\d+\)/.exec(text);
  assert.ok(m, 'the first line names the source file and the Electric release');
  const base = path.posix.basename(m[1]);
  const numbered = /^(\d+)[-_](.+)$/.exec(base);
  const name = numbered ? `${numbered[1]}-${numbered[2]}` : `01-${base}`;
  return { path: `${MIGRATIONS}/${name}`, version: m[2] === '0.6' ? '0.6' : '0.12' };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}

describe("Electric's example migrations through every rule", () => {
  test('the expectations name existing files', () => {
    for (const file of Object.keys(EXPECTED)) assert.ok(FILES.includes(file), file);
  });

  for (const file of FILES) {
    test(file, () => {
      const text = fs.readFileSync(path.join(DIR, file), 'utf8');
      const { path: migrationPath, version } = sourceOf(text);
      const diagnostics = lintMigrations([{ path: migrationPath, text }], { electricVersion: version, rules: {} }, { migrationsDirectory: MIGRATIONS });
      const actual = diagnostics.map((d) => `${lineOf(text, d.span.start)} ${d.code}`);
      const expected = (EXPECTED[file] ?? []).map((e) => `${e.line} ${e.code}`);
      const details = diagnostics.map((d) => `  ${lineOf(text, d.span.start)} ${d.code}: ${d.message}`).join('\n');
      assert.deepEqual(actual, expected, `${migrationPath} at Electric ${version}:\n${details}`);
    });
  }
});
