/**
 * Issue 10 (hostile input), the parser items: deep nesting and long operator chains (13), the same verdict on
 * every thread and stack size (8), a statement cache that evicts by recency (15), and message hygiene (9, 12).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { lintMigrations, loadParser } from '../helpers/parser';
import { makeProject } from '../unit/support/cli';
import { MIN_PARALLEL_CHARACTERS } from '../../server/src/cli/parallelParse';
import { createParser } from '../../server/src/syntax/parse';
import { MAX_DDLX_NESTING_DEPTH, MAX_NESTING_DEPTH } from '../../server/src/syntax/nesting';
import { displayMessage, escapeControlCharacters } from '../../server/src/util/displayText';
import { LruCache } from '../../server/src/util/lruCache';
import { jsonCodes, runCliBounded } from './support';

before(async () => {
  await loadParser();
});

const PRELUDE = "CREATE TABLE p (id uuid PRIMARY KEY, a int);\nALTER TABLE p ENABLE ELECTRIC;\nELECTRIC ASSIGN (p, 'r') TO p.id;\n";
const grantCheck = (condition: string) => `ELECTRIC GRANT READ ON p TO 'r' CHECK (${condition});\n`;
const nested = (depth: number, inner: string) => `${'('.repeat(depth)}${inner}${')'.repeat(depth)}`;

function lintOne(text: string) {
  return lintMigrations([{ path: 'db/migrations/01-a.sql', text }], { electricVersion: '0.12', rules: {} }, { migrationsDirectory: 'db/migrations' });
}

/** Statements at and around every limit, and the inputs of the issue. */
function deepStatements(): string {
  return [
    PRELUDE,
    grantCheck(nested(MAX_DDLX_NESTING_DEPTH - 1, 'a = 1')),
    grantCheck(nested(MAX_DDLX_NESTING_DEPTH, 'a = 1')),
    grantCheck(nested(250, 'a = 1')),
    grantCheck(`${'NOT '.repeat(1000)}a = 1`),
    grantCheck(Array(3000).fill('a = 1').join(' AND ')),
    `CREATE TABLE q (id uuid PRIMARY KEY, b int CHECK ${nested(MAX_NESTING_DEPTH - 2, 'b > 0')});\n`,
    `CREATE TABLE r (id uuid PRIMARY KEY, b int CHECK ${nested(200, 'b > 0')});\n`,
  ].join('');
}

describe('hostile input: the parser', () => {
  test('item 13: 1,000 NOTs and 3,000 ANDs in a DDLX CHECK parse (operator chains are iterations, not recursions)', () => {
    const codes = lintOne(PRELUDE + grantCheck(`${'NOT '.repeat(1000)}a = 1`) + grantCheck(Array(3000).fill('a = 1').join(' AND ')))
      .filter((d) => d.code === 'syntax-error' || d.code === 'ddlx-syntax-unsupported')
      .map((d) => `${d.code}:${(d.data as { feature?: string } | undefined)?.feature ?? ''}`);
    assert.deepEqual(codes, ['ddlx-syntax-unsupported:prefix-not'], 'one finding for the run of NOTs, none for the ANDs');
  });

  test('item 13: DDLX nesting beyond the limit is one clear syntax error, never "Maximum call stack size exceeded"', () => {
    for (const depth of [MAX_DDLX_NESTING_DEPTH, 200, 255, 10_000]) {
      const errors = lintOne(PRELUDE + grantCheck(nested(depth, 'a = 1'))).filter((d) => d.code === 'syntax-error');
      assert.equal(errors.length, 1, `depth ${depth}`);
      assert.match(errors[0].message, new RegExp(`deeper than ${MAX_DDLX_NESTING_DEPTH} levels`));
      assert.doesNotMatch(errors[0].message, /call stack/i);
    }
    assert.deepEqual(lintOne(PRELUDE + grantCheck(nested(MAX_DDLX_NESTING_DEPTH - 1, 'a = 1'))).filter((d) => d.code === 'syntax-error'), []);
  });

  test('item 13: a Postgres statement nested beyond the limit is never hidden: statement-not-analysed says so', () => {
    const within = lintOne(`CREATE TABLE q (id uuid PRIMARY KEY, b int CHECK ${nested(MAX_NESTING_DEPTH - 2, 'b > 0')});\nALTER TABLE q ENABLE ELECTRIC;\n`);
    assert.deepEqual(within.map((d) => d.code), ['electrify-constraint'], 'within the limit the CHECK is seen');
    const beyond = lintOne(`CREATE TABLE q (id uuid PRIMARY KEY, b int CHECK ${nested(200, 'b > 0')});\n`);
    assert.deepEqual(beyond.map((d) => `${d.code}@${d.span.start}`), ['statement-not-analysed@0']);
    assert.equal(beyond[0].severity, 'warning');
  });

  test('item 8: the verdict on deep statements is the same alone, in a folder parsed on worker threads, and on a bigger stack', async () => {
    const deep = deepStatements();
    const alone = makeProject({ 'db/migrations/01-deep.sql': deep });
    // Enough SQL in the folder for the CLI to parse on worker threads (server/src/cli/parallelParse.ts).
    const filler = Array.from({ length: 6000 }, (_, i) => `CREATE TABLE filler_${i} (id uuid PRIMARY KEY, note text);`).join('\n');
    assert.ok(filler.length > MIN_PARALLEL_CHARACTERS);
    const large = makeProject({ 'db/migrations/01-deep.sql': deep, 'db/migrations/02-filler.sql': filler });
    const args = ['lint', '--format', 'json', 'db/migrations/01-deep.sql'];
    const runs = await Promise.all([
      runCliBounded(args, alone, 120_000),
      runCliBounded(args, large, 120_000),
      runCliBounded(args, alone, 120_000, ['--stack-size=3900']),
    ]);
    const [single, threaded, bigStack] = runs.map((r) => jsonCodes(r.stdout));
    assert.ok(single.includes('statement-not-analysed@10:1'), single.join(' '));
    assert.deepEqual(threaded, single, 'worker threads (4 MB stacks) give the same answer');
    assert.deepEqual(bigStack, single, 'a bigger main-thread stack gives the same answer');
  });

  test('item 15: a file of more than 50,000 statements re-parses one statement per edit (the cache evicts by recency)', async () => {
    const parser = await createParser();
    // Distinct statements (identical texts would share one entry); DDLX, the cheapest to parse.
    const statements = Array.from({ length: 55_000 }, (_, i) => `ELECTRIC ENABLE t${i}`);
    parser.parseFile(statements.join(';\n'));
    const before = parser.stats.statementsParsed;
    statements[30_000] = 'ELECTRIC ENABLE edited';
    parser.parseFile(statements.join(';\n'));
    assert.equal(parser.stats.statementsParsed - before, 1);
  });

  test('item 15: the LRU keeps what was used last and stays within its byte budget', () => {
    const cache = new LruCache<number>(100);
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, i, 10);
    cache.get('k0');
    cache.set('k10', 10, 10);
    assert.equal(cache.get('k0'), 0, 'recently used: kept');
    assert.equal(cache.get('k1'), undefined, 'least recently used: evicted');
    assert.equal(cache.count, 10, 'one entry out, not a cleared cache');
    cache.set('huge', -1, 1000);
    assert.equal(cache.get('huge'), undefined, 'larger than the budget: not kept');
    assert.ok(cache.size <= 100);
  });

  test('items 9 and 12: messages escape control characters and shorten runaway quoted input', () => {
    assert.equal(escapeControlCharacters('a\x1b[31mb\x07\nc\u202ed'), 'a\\x1b[31mb\\x07\\nc\\u202ed');
    const long = displayMessage(`table "${'x'.repeat(5_000_000)}" and role '${'r '.repeat(500_000)}'`);
    assert.ok(long.length < 1000, `${long.length} characters`);
    assert.match(long, /^table "x{160}…" and role 'r r /);
    const ordinary = 'Electric rejects this: "Cannot electrify s.p because only tables in the default `public` schema can be electrified."';
    assert.equal(displayMessage(ordinary), ordinary, 'our own messages pass unchanged');
  });
});
