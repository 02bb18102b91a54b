/**
 * `parseFile` must never throw, must finish in bounded time, and must keep every span inside the file, whatever it
 * is given: SQL-like token soup, mutated valid statements, arbitrary UTF-16, invalid UTF-8, and hostile inputs
 * (unterminated quotes, 10,000 nested brackets, a 5 MB token, a 10 MB file, NUL bytes).
 *
 * Time bounds are on the process' CPU time, not wall time, so that a busy machine does not fail the test.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadParser as initParser, parseFile } from '../helpers/parser';
import type { ParsedFile } from '../../server/src/syntax/parsed';

const SEED = 20240610;
/** Generous: a small input parses in milliseconds. */
const SMALL_INPUT_CPU_MS = 2_000;

before(async () => {
  await initParser();
});

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs `parseFile`, with the CPU time it took. */
function timedParse(text: string): { file: ParsedFile; cpu: number; wall: number } {
  const cpu0 = cpuMs();
  const wall0 = performance.now();
  const file = parseFile(text);
  return { file, cpu: cpuMs() - cpu0, wall: performance.now() - wall0 };
}

/** Every `{ start, end }` object inside an AST. */
function spansIn(value: unknown, found: { start: number; end: number }[] = []): { start: number; end: number }[] {
  if (Array.isArray(value)) {
    for (const v of value) spansIn(v, found);
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number') found.push({ start: o.start, end: o.end });
    for (const v of Object.values(o)) if (v !== null && typeof v === 'object') spansIn(v, found);
  }
  return found;
}

/** What must hold for any input. */
function checkInvariants(text: string, file: ParsedFile): void {
  const n = text.length;
  assert.equal(file.text, text);
  for (const e of file.errors) {
    assert.ok(Number.isInteger(e.span.start) && Number.isInteger(e.span.end), 'integer error span');
    assert.ok(e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= n, `error span ${e.span.start}..${e.span.end} within 0..${n}`);
    assert.equal(typeof e.message, 'string');
    assert.ok(e.message.length > 0, 'an error has a message');
  }
  let last = 0;
  for (const s of file.statements) {
    assert.ok(s.span.start >= last && s.span.start < s.span.end && s.span.end <= n, `statement span ${s.span.start}..${s.span.end}`);
    assert.equal(text.slice(s.span.start, s.span.end), s.text);
    assert.ok((s.ast === undefined) !== (s.error === undefined), 'a statement has either an AST or an error');
    if (s.error) assert.ok(file.errors.includes(s.error), 'statement errors are listed in the file');
    if (s.ast) {
      for (const span of spansIn(s.ast)) {
        assert.ok(span.start >= s.span.start && span.start <= span.end && span.end <= s.span.end,
          `AST span ${span.start}..${span.end} inside its statement ${s.span.start}..${s.span.end}`);
      }
    }
    last = s.span.end;
  }
}

function parseChecked(text: string, cpuBudgetMs = SMALL_INPUT_CPU_MS): ParsedFile {
  const { file, cpu } = timedParse(text);
  checkInvariants(text, file);
  assert.ok(cpu < cpuBudgetMs, `parsing ${text.length} characters took ${cpu.toFixed(0)} ms of CPU`);
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

const KEYWORDS = [
  'CREATE', 'TABLE', 'ALTER', 'ENABLE', 'DISABLE', 'ELECTRIC', 'GRANT', 'REVOKE', 'ASSIGN', 'UNASSIGN', 'SQLITE',
  'SELECT', 'INSERT', 'UPDATE', 'DELETE', 'ON', 'TO', 'FROM', 'USING', 'CHECK', 'IF', 'NOT', 'NULL', 'IS', 'AND', 'OR',
  'EXISTS', 'ONLY', 'ADD', 'COLUMN', 'DROP', 'CONSTRAINT', 'PRIMARY', 'KEY', 'FOREIGN', 'REFERENCES', 'DEFAULT',
  'INDEX', 'UNIQUE', 'TYPE', 'AS', 'ENUM', 'VALUE', 'FUNCTION', 'PROCEDURE', 'RETURNS', 'LANGUAGE', 'TRIGGER', 'VIEW',
  'MATERIALIZED', 'COMMENT', 'CALL', 'DO', 'BEGIN', 'ATOMIC', 'END', 'COMMIT', 'SET', 'RESET', 'search_path',
  'TRUNCATE', 'WITH', 'VALUES', 'GENERATED', 'ALWAYS', 'IDENTITY', 'STORED', 'double', 'precision', 'timestamp',
  'time', 'zone', 'varying', 'character', 'bit', 'int', 'text', 'uuid', 'ARRAY', 'PRIVILEGES', 'ALL', 'READ',
  'WRITE', 'ANYONE', 'AUTHENTICATED', 'PARTITION', 'OF', 'BY', 'RANGE', 'INHERITS', 'LIKE', 'COLLATE', 'RENAME',
  'CASCADE', 'electric.electrify', 'OR REPLACE', 'DOMAIN', 'SCHEMA', 'EXTENSION', 'SEQUENCE',
];
const PUNCTUATION = ['(', ')', ',', ';', '.', ':', '=', '<>', '!=', '<=', '>=', '::', '[', ']', '*', '/', '-', '+', '=>', ':=', '$1'];
const LITERALS = [
  "'x'", "''", "'a''b'", "E'\\n\\''", '"Q"', '""', '"a""b"', '$$ body; $$', '$t$ x $t$', '1', '1.5', '-.01', '1e5',
  "'scope:role'", `'public."Items"'`, "B'101'", "X'ff'", "U&'x'",
];
const IDENTIFIERS = ['items', 'public', 't', 'read', 'if', 'Köln_en$ts', '"Items"', 'user_id', 'x1', '_', 'été'];
const BREAKERS = ["'", '"', '$$', '$a$', '--', '/*', '*/', '\n', '\r\n', '\0', '\uFFFD', '\uD800', '\uDFFF', '😀', '\u00A0', '\uFEFF', '\\'];
const SEPARATORS = [' ', ' ', ' ', '\n', '', '\t', ' -- c\n', ' /* c */ ', '\r\n'];

const token = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 2, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 2, arbitrary: fc.constantFrom(...IDENTIFIERS) },
  { weight: 1, arbitrary: fc.constantFrom(...BREAKERS) },
);

/** Keywords, names, literals and punctuation glued with whitespace and comments. */
const tokenSoup = fc.array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { maxLength: 40 })
  .map((pairs) => pairs.map(([t, s]) => t + s).join(''));

const VALID_STATEMENTS = [
  'CREATE TABLE IF NOT EXISTS public."Items" (id uuid PRIMARY KEY, title character varying(20) NOT NULL, price double precision, at timestamp(3) with time zone, tags int[])',
  'CREATE TABLE orders (id uuid NOT NULL, item_id uuid REFERENCES items (id) ON DELETE CASCADE, CONSTRAINT orders_pkey PRIMARY KEY (id))',
  'ALTER TABLE items ADD COLUMN note text DEFAULT \'x\', ALTER COLUMN price TYPE bigint USING price::bigint, DROP COLUMN old CASCADE',
  'ALTER TABLE items ENABLE ELECTRIC',
  'ELECTRIC ENABLE public.items',
  "ELECTRIC ASSIGN (projects, 'member') TO memberships.user_id IF (can_read(user_id) AND x = -1)",
  "ELECTRIC GRANT UPDATE (title, body) ON public.items TO 'projects:member' USING project_id/owner CHECK (name = 'Paul')",
  "ELECTRIC REVOKE SELECT, INSERT ON TABLE a, b FROM ANYONE, 'x'",
  "ELECTRIC SQLITE $$ CREATE TABLE x (a text DEFAULT 'a;b'); $$",
  "CALL electric.electrify('public.\"Items\"')",
  'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t USING btree (a, lower(b), (c + 1) DESC NULLS LAST) INCLUDE (d) WHERE a > 0',
  "CREATE TYPE mood AS ENUM ('sad', 'ok')",
  "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy' BEFORE 'ok'",
  'CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql',
  'CREATE TRIGGER trg AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION f()',
  "COMMENT ON COLUMN items.title IS 'x'",
  'DROP TRIGGER IF EXISTS trg ON public.items CASCADE',
  'SET search_path TO app, public',
  "DO $$ BEGIN PERFORM 1; END $$",
  'SELECT pg_sleep(1)',
];

/** Valid statements with a few random cuts, insertions and duplications. */
const mutatedStatement = fc.tuple(
  fc.constantFrom(...VALID_STATEMENTS),
  fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'duplicate'), fc.nat(), fc.nat({ max: 12 }), token), { minLength: 1, maxLength: 4 }),
).map(([statement, edits]) => {
  let text = statement;
  for (const [edit, at, length, inserted] of edits) {
    const i = at % (text.length + 1);
    if (edit === 'delete') text = text.slice(0, i) + text.slice(i + length);
    else if (edit === 'insert') text = `${text.slice(0, i)} ${inserted} ${text.slice(i)}`;
    else text = text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
  }
  return text;
});

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });

// ---------------------------------------------------------------------------------------------------------------

describe('parseFile fuzz: never throws, bounded time, spans within the file', () => {
  it('SQL-like token soup', () => {
    fc.assert(fc.property(tokenSoup, (text) => {
      parseChecked(text);
    }), { seed: SEED, numRuns: 1500 });
  });

  it('token soup: leading blank lines only shift every span (the per-statement cache must not leak offsets)', () => {
    fc.assert(fc.property(tokenSoup, (text) => {
      const prefix = '  \n\n';
      const plain = parseChecked(text);
      const shifted = parseChecked(prefix + text);
      const d = prefix.length;
      assert.deepEqual(shifted.errors.map((e) => [e.span.start - d, e.span.end - d, e.message]), plain.errors.map((e) => [e.span.start, e.span.end, e.message]));
      assert.deepEqual(
        shifted.statements.map((s) => [s.text, s.ast?.kind, spansIn(s.ast).map((x) => x.start - d)]),
        plain.statements.map((s) => [s.text, s.ast?.kind, spansIn(s.ast).map((x) => x.start)]),
      );
    }), { seed: SEED, numRuns: 400 });
  });

  it('mutated valid statements', () => {
    fc.assert(fc.property(fc.array(mutatedStatement, { minLength: 1, maxLength: 3 }), (statements) => {
      parseChecked(statements.join(';\n'));
    }), { seed: SEED, numRuns: 1500 });
  });

  it('arbitrary UTF-16, lone surrogates and NUL included', () => {
    fc.assert(fc.property(anyUnits, (text) => {
      parseChecked(text);
    }), { seed: SEED, numRuns: 500 });
  });

  it('random unicode text (graphemes and code points)', () => {
    const unicode = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 }));
    fc.assert(fc.property(unicode, fc.constantFrom(...VALID_STATEMENTS), (noise, statement) => {
      parseChecked(noise);
      parseChecked(`${statement} ${noise}`);
      parseChecked(`${noise};\n${statement};`);
    }), { seed: SEED, numRuns: 300 });
  });

  it('invalid UTF-8 decoded with Buffer, alone and inside SQL', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...VALID_STATEMENTS), (bytes, statement) => {
      parseChecked(Buffer.from(bytes).toString('utf8'));
      const half = statement.length >> 1;
      const mixed = Buffer.concat([Buffer.from(statement.slice(0, half)), Buffer.from(bytes), Buffer.from(statement.slice(half))]);
      parseChecked(mixed.toString('utf8'));
    }), { seed: SEED, numRuns: 400 });
  });

  it('unterminated quotes, quoted names, dollar quotes and comments are reported as errors', () => {
    const opener = fc.constantFrom(" '", ' "', ' $$', ' $tag$', " E'", ' /*', " U&'");
    fc.assert(fc.property(fc.constantFrom(...VALID_STATEMENTS), opener, tokenSoup, (statement, open, rest) => {
      const cleanRest = rest.replace(/['"$*]/g, '');
      const file = parseChecked(`${statement};\n${open}${cleanRest}`);
      assert.ok(file.errors.length >= 1, `an error for ${JSON.stringify(open)}`);
    }), { seed: SEED, numRuns: 300 });
  });
});

describe('parseFile on hostile inputs', () => {
  const NEST = 10_000;
  const nested: [string, string][] = [
    ['a SELECT with 10,000 nested parentheses', `SELECT ${'('.repeat(NEST)}1${')'.repeat(NEST)}`],
    ['a CHECK with 10,000 nested parentheses', `CREATE TABLE t (a int CHECK ${'('.repeat(NEST)}a > 0${')'.repeat(NEST)})`],
    ['a DDLX CHECK with 10,000 nested parentheses', `ELECTRIC GRANT SELECT ON t TO 'r' CHECK ${'('.repeat(NEST)}a${')'.repeat(NEST)}`],
    ['10,000 unclosed parentheses', `CREATE TABLE t (${'('.repeat(NEST)}`],
    ['10,000 unopened parentheses', `SELECT 1${')'.repeat(NEST)}; ALTER TABLE t ENABLE ELECTRIC`],
    ['10,000 nested brackets', `SELECT a${'['.repeat(NEST)}1${']'.repeat(NEST)}`],
    ['10,000 nested parentheses in a default', `ALTER TABLE t ADD COLUMN a int DEFAULT ${'('.repeat(NEST)}1${')'.repeat(NEST)}`],
  ];
  for (const [name, text] of nested) {
    it(name, () => {
      parseChecked(text, 10_000);
    });
  }

  const FIVE_MB = 5 * 1024 * 1024;
  const big: [string, string, boolean][] = [
    ['a 5 MB unquoted word', 'a'.repeat(FIVE_MB), true],
    ['a 5 MB table name', `CREATE TABLE ${'t'.repeat(FIVE_MB)} (id uuid PRIMARY KEY)`, false],
    ['a 5 MB quoted identifier in DDLX', `ALTER TABLE "${'x'.repeat(FIVE_MB)}" ENABLE ELECTRIC`, false],
    ['a 5 MB string constant', `INSERT INTO t VALUES ('${'s'.repeat(FIVE_MB)}')`, false],
    ['a 5 MB dollar-quoted body', `CREATE FUNCTION f() RETURNS int AS $$${'b'.repeat(FIVE_MB)}$$ LANGUAGE sql`, false],
    ['a 5 MB number', `SELECT ${'9'.repeat(FIVE_MB)}`, false],
    ['a 5 MB unterminated string', `SELECT '${'u'.repeat(FIVE_MB)}`, true],
  ];
  for (const [name, text, error] of big) {
    it(name, (t) => {
      const { file, cpu, wall } = timedParse(text);
      checkInvariants(text, file);
      t.diagnostic(`${name}: ${(cpu / 1000).toFixed(2)} s CPU, ${(wall / 1000).toFixed(2)} s wall`);
      assert.ok(cpu < 30_000, `${(cpu / 1000).toFixed(1)} s of CPU`);
      assert.equal(file.errors.length > 0, error);
    });
  }

  // Postgres' parser (asked for its opinion on every statement) rescans a run of operator characters for each of
  // the 10,000 tokens it reads before giving up: 100 KB of `+` took about 6 s of CPU, 5 MB about 5 minutes.
  it('a 100 KB run of operator characters', (t) => {
    const text = `SELECT 1 ${'+'.repeat(100_000)} 1`;
    const { file, cpu, wall } = timedParse(text);
    checkInvariants(text, file);
    t.diagnostic(`100 KB of '+': ${(cpu / 1000).toFixed(2)} s CPU, ${(wall / 1000).toFixed(2)} s wall`);
    assert.ok(cpu < SMALL_INPUT_CPU_MS, `${(cpu / 1000).toFixed(1)} s of CPU`);
  });

  it('a 10 MB file of valid statements', (t) => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const part = [
        `CREATE TABLE items_${i} (\n  id uuid PRIMARY KEY,\n  title text NOT NULL,\n  price double precision,\n  created_at timestamp(3) with time zone\n);`,
        `ALTER TABLE items_${i} ENABLE ELECTRIC;`,
        `ELECTRIC GRANT SELECT ON items_${i} TO 'member';`,
        `CREATE INDEX items_${i}_title ON items_${i} (title);`,
        `INSERT INTO items_${i} (id, title) VALUES ('${i}', 'x;y');`,
        `CREATE FUNCTION f_${i}() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql;`,
        '',
      ].join('\n');
      parts.push(part);
      size += part.length;
    }
    const text = parts.join('');
    const { file, cpu, wall } = timedParse(text);
    t.diagnostic(`10 MB file: ${text.length} characters, ${file.statements.length} statements, ${(cpu / 1000).toFixed(1)} s CPU, ${(wall / 1000).toFixed(1)} s wall, ${(text.length / 1e6 / (cpu / 1000)).toFixed(2)} MB per CPU second`);
    assert.deepEqual(file.errors, []);
    assert.equal(file.statements.length, parts.length * 6);
    assert.ok(file.statements.every((s) => s.ast && !s.fallback));
    checkInvariants(text, file);
    assert.ok(cpu < 120_000, `${(cpu / 1000).toFixed(1)} s of CPU for 10 MB`);
  });

  it('NUL bytes between, inside and instead of statements', () => {
    const texts = [
      '\0',
      '\0'.repeat(100_000),
      'CREATE TABLE t\0 (a int);\0ELECTRIC ENABLE t\0;',
      "INSERT INTO t VALUES ('a\0b');",
      'ALTER TABLE "a\0b" ENABLE ELECTRIC;',
      'ELECTRIC GRANT SELECT ON t TO \'r\0\' CHECK (a = \0);',
      'CREATE FUNCTION f() RETURNS int AS $$\0$$ LANGUAGE sql; SELECT 1;',
      '-- \0\nSELECT 1; /* \0 */',
    ];
    for (const text of texts) parseChecked(text);
  });

  it('invalid UTF-8 sequences decoded with Buffer', () => {
    const sequences = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0xbc], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xfe, 0xfe, 0xff, 0xff]];
    for (const bytes of sequences) {
      const bad = Buffer.from(bytes);
      parseChecked(Buffer.concat([Buffer.from('CREATE TABLE t'), bad, Buffer.from(' (a int); ALTER TABLE t ENABLE ELECTRIC;')]).toString('utf8'));
      parseChecked(Buffer.concat([Buffer.from("ELECTRIC SQLITE '"), bad, Buffer.from("';")]).toString('utf8'));
    }
  });
});
