/**
 * Differential test against Postgres' own parser (libpg-query 18) over the PostgreSQL regression inputs in
 * test/fixtures/postgres-regress (about 19,500 statements, see its README).
 *
 * 1. No false syntax errors: a statement Postgres accepts must never get a syntax error from us.
 * 2. The grammar's own coverage: of the statements Postgres accepts, how many the Ohm grammar matches without
 *    falling back to Postgres' second opinion. It must not regress below COVERAGE_THRESHOLD; the statements that
 *    still need the fallback are counted per family (see known-fallbacks.md for why each family is not modelled).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as pg from 'libpg-query';
import { loadParser as initParser, parseFile } from '../helpers/parser';
import type { ParsedStatement } from '../../server/src/syntax/parsed';

/**
 * Measured 99.17% (19,279 of 19,440) on 2026-11-26, less 0.5 percentage point, rounded down to one decimal.
 * Raise it when the grammar models more; never lower it to make a change pass.
 */
const COVERAGE_THRESHOLD = 98.6;

const DIR = path.join(__dirname, '../fixtures/postgres-regress');

interface Judged {
  file: string;
  statement: ParsedStatement;
  postgresAccepts: boolean;
}

let judged: Judged[] = [];
let splitterErrors: string[] = [];

function postgresAccepts(text: string): boolean {
  try {
    pg.parseSync(text);
    return true;
  } catch {
    return false;
  }
}

const CREATE_MODIFIERS = new Set(['OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'UNIQUE', 'GLOBAL', 'LOCAL']);

/** `CREATE TABLE`, `ALTER TABLE`, `COMMENT ON`…: the statement's first keywords, without CREATE's modifiers. */
function family(text: string): string {
  const words = text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim().toUpperCase().split(/[\s(]+/);
  if (words[0] !== 'CREATE') return words.slice(0, 2).join(' ');
  let i = 1;
  while (CREATE_MODIFIERS.has(words[i])) i++;
  const object = words[i] === 'FOREIGN' || words[i] === 'MATERIALIZED' ? `${words[i]} ${words[i + 1]}` : words[i];
  return `CREATE ${object}`;
}

function percent(part: number, whole: number): string {
  return (Math.floor((10_000 * part) / whole) / 100).toFixed(2);
}

before(async () => {
  await initParser();
  await pg.loadModule();
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
  judged = [];
  splitterErrors = [];
  for (const file of files) {
    const parsed = parseFile(fs.readFileSync(path.join(DIR, file), 'utf8'));
    for (const statement of parsed.statements) judged.push({ file, statement, postgresAccepts: postgresAccepts(statement.text) });
    const statementErrors = new Set(parsed.statements.flatMap((s) => (s.error ? [s.error] : [])));
    for (const error of parsed.errors) if (!statementErrors.has(error)) splitterErrors.push(`${file}: ${error.message}`);
  }
});

describe('differential: PostgreSQL regression inputs against libpg-query', () => {
  it('reads the whole corpus (the splitter reports no error)', () => {
    assert.deepEqual(splitterErrors, []);
    assert.ok(judged.length > 19_000, `${judged.length} statements`);
  });

  it('no false syntax errors: every statement Postgres accepts parses without a syntax error', () => {
    const falseErrors = judged
      .filter((j) => j.postgresAccepts && j.statement.error)
      .map((j) => `${j.file}: ${j.statement.error!.message} in ${JSON.stringify(j.statement.text.slice(0, 120))}`);
    assert.deepEqual(falseErrors, []);
  });

  it(`the grammar's own coverage does not regress below ${COVERAGE_THRESHOLD}%`, (t) => {
    const accepted = judged.filter((j) => j.postgresAccepts);
    const fallbacks = accepted.filter((j) => j.statement.fallback);
    const covered = accepted.length - fallbacks.length;
    const coverage = percent(covered, accepted.length);
    t.diagnostic(`grammar coverage: ${covered} of ${accepted.length} statements Postgres accepts (${coverage}%) without fallback`);

    const families = new Map<string, number>();
    for (const j of fallbacks) families.set(family(j.statement.text), (families.get(family(j.statement.text)) ?? 0) + 1);
    for (const [name, count] of [...families].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      t.diagnostic(`  fallback ${name}: ${count}`);
    }

    // For the record: what the grammar keeps opaque itself, and where it is more lenient than Postgres.
    const opaque = accepted.filter((j) => !j.statement.fallback && j.statement.ast?.kind === 'other').length;
    const lenient = judged.filter((j) => !j.postgresAccepts && !j.statement.error).length;
    const rejected = judged.filter((j) => !j.postgresAccepts).length;
    t.diagnostic(`opaque 'other' statements matched by the grammar itself: ${opaque}`);
    t.diagnostic(`statements Postgres rejects that the grammar accepts (opaque parts are lenient): ${lenient} of ${rejected}`);

    assert.ok(Number(coverage) >= COVERAGE_THRESHOLD, `coverage ${coverage}% fell below ${COVERAGE_THRESHOLD}%`);
  });

  it('fallback statements are opaque `other` statements with their leading keywords', () => {
    for (const j of judged.filter((x) => x.statement.fallback)) {
      assert.equal(j.statement.ast?.kind, 'other', j.statement.text);
      assert.equal(j.statement.error, undefined);
    }
  });
});
