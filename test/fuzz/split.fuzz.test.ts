import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitStatements, type SplitResult } from '../../server/src/syntax/split';

const SEED = 20240611;
const RUNS = 400;

/** Checks what must hold for any input; throws (with a reason) otherwise. */
function checkInvariants(text: string, result: SplitResult): void {
  const n = text.length;
  let last = 0;
  for (const { span, dollarQuotes } of result.statements) {
    assert.ok(span.start >= last && span.start < span.end && span.end <= n, `statement span ${span.start}..${span.end}`);
    const statement = text.slice(span.start, span.end);
    assert.equal(statement, statement.trim(), 'statement text is trimmed');
    let quoteEnd = span.start;
    for (const q of dollarQuotes) {
      assert.ok(q.start >= quoteEnd && q.end <= span.end && q.end > q.start, 'dollar quote inside its statement, ordered');
      const literal = text.slice(q.start, q.end);
      const tag = literal.slice(0, literal.indexOf('$', 1) + 1);
      assert.ok(tag.length >= 2 && literal.length >= 2 * tag.length && literal.endsWith(tag), `dollar quote ${literal}`);
      quoteEnd = q.end;
    }
    last = span.end;
  }
  let commentEnd = 0;
  for (const c of result.comments) {
    assert.ok(c.span.start >= commentEnd && c.span.end <= n && c.span.end > c.span.start, 'comments ordered, in bounds');
    const inside = (o: number) => o >= c.span.start && o < c.span.end;
    for (const { span } of result.statements) {
      assert.ok(!inside(span.start) && !inside(span.end - 1), 'no statement starts or ends inside a comment');
    }
    commentEnd = c.span.end;
  }
  if (result.error) {
    const { span } = result.error;
    assert.ok(span.start >= last && span.start < span.end && span.end <= n, 'error after every kept statement');
  }
}

/** Fragments that stress the scanner's states: quotes, tags, comments, keywords, nesting. */
const sqlish = fc.array(fc.constantFrom(
  "'", '"', "''", '""', '$', '$$', '$a$', '$A$', '$1', 'a$b', ';', ';', ';', '--', '/*', '*/', '\n', '\r\n', ' ', '\t',
  'E', "e'", "E'", 'U&', "U&'", 'U&"', '\\', "\\'", '\\\\', '(', ')', 'create', 'or replace', 'function', 'procedure',
  'begin', 'atomic', 'case', 'end', 'select', 'x', '1', '\0', '\uFFFD', '\uD800', '\u00A0', '\uFEFF', '😀',
), { maxLength: 60 }).map((parts) => parts.join(''));

/** Any UTF-16 code unit, lone surrogates included. */
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 });

describe('splitStatements fuzz: invariants', () => {
  it('never throws and keeps its invariants on SQL-like fragments', () => {
    fc.assert(fc.property(sqlish, (text) => checkInvariants(text, splitStatements(text))), { seed: SEED, numRuns: 2000 });
  });

  it('never throws and keeps its invariants on arbitrary UTF-16', () => {
    fc.assert(fc.property(anyUnits, (text) => checkInvariants(text, splitStatements(text))), { seed: SEED, numRuns: RUNS });
  });

  it('never throws on invalid UTF-8 decoded as text', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = Buffer.from(bytes).toString('utf8');
      checkInvariants(text, splitStatements(text));
    }), { seed: SEED, numRuns: RUNS });
  });
});

// Simple statements: tokens that never nest (no parentheses, no BEGIN ATOMIC), separated by whitespace or comments.
// Each token is [text, is a dollar quote].
const word = fc.stringMatching(/^[a-z_][a-z0-9_$]{0,6}$/).map((w) => `w${w}`); // the `w` keeps keywords out
const body = fc.string({ unit: fc.constantFrom('a', ';', ' ', '\n', '"', '-', '*', '/', '\\', 'é', '😀'), maxLength: 8 });
const plain = (arb: fc.Arbitrary<string>) => arb.map((text): [string, boolean] => [text, false]);
const token = fc.oneof(
  plain(word),
  plain(fc.constantFrom('1', '2.5', '$1', '+', '=', ',', '::', '.', '*')),
  plain(fc.string({ unit: fc.constantFrom('a', ';', "''", '--', '/*', '$$', '"', '\\'), maxLength: 6 }).map((s) => `'${s}'`)),
  plain(fc.string({ unit: fc.constantFrom('a', ';', "\\'", '\\\\', "''", '"'), maxLength: 6 }).map((s) => `E'${s}'`)),
  plain(fc.string({ unit: fc.constantFrom('a', ';', '""', "'", '--'), maxLength: 6 }).map((s) => `"${s}"`)),
  fc.tuple(fc.constantFrom('', 'fn', 'x_1', 'é'), body).map(([tag, s]): [string, boolean] => [`$${tag}$${s}$${tag}$`, true]),
);
const separator = fc.constantFrom(' ', '\n', '\t', '\r\n  ', ' /* c; */ ', ' /* a /* b; */ */ ', ' -- c;\n');
/** A statement's text and how many dollar quotes it holds. */
const statement = fc.tuple(token, fc.array(fc.tuple(separator, token), { maxLength: 8 })).map(([first, rest]) => ({
  text: first[0] + rest.map(([sep, [t]]) => sep + t).join(''),
  dollarQuotes: [first, ...rest.map(([, t]) => t)].filter(([, isDollar]) => isDollar).length,
}));

describe('splitStatements fuzz: round trip', () => {
  it('gives back simple statements joined by ;', () => {
    const file = fc.tuple(fc.array(statement, { minLength: 1, maxLength: 8 }), fc.array(separator, { minLength: 16, maxLength: 16 }));
    fc.assert(fc.property(file, ([statements, seps]) => {
      const text = statements.map((s, k) => `${seps[k % 16]}${s.text}${seps[(k + 3) % 16]};`).join('') + seps[5];
      const result = splitStatements(text);
      assert.equal(result.error, undefined);
      assert.deepEqual(result.statements.map((s) => text.slice(s.span.start, s.span.end)), statements.map((s) => s.text));
      assert.deepEqual(result.statements.map((s) => s.dollarQuotes.length), statements.map((s) => s.dollarQuotes));
    }), { seed: SEED, numRuns: RUNS });
  });

  it('keeps the statements before an unterminated token', () => {
    const opener = fc.constantFrom("'", "E'", '"', "U&'", '$q$', '/*');
    fc.assert(fc.property(fc.array(statement, { maxLength: 5 }), opener, (statements, open) => {
      const text = statements.map((s) => `${s.text};\n`).join('') + `select ${open} abc`;
      const result = splitStatements(text);
      assert.deepEqual(result.statements.map((s) => text.slice(s.span.start, s.span.end)), statements.map((s) => s.text));
      assert.ok(result.error);
      assert.equal(text.slice(result.error.span.start, result.error.span.end), open);
    }), { seed: SEED, numRuns: RUNS });
  });
});

describe('splitStatements fuzz: hostile inputs finish fast', () => {
  const MB5 = 5 * 1024 * 1024;
  /** A deterministic byte stream (xorshift), so the 5 MB random input is the same on every run. */
  const randomBytes = (length: number): Uint8Array => {
    const bytes = new Uint8Array(length);
    let x = SEED;
    for (let k = 0; k < length; k++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      bytes[k] = x & 0xff;
    }
    return bytes;
  };
  const cases: Array<[string, () => string]> = [
    ['a 5 MB single token', () => 'x'.repeat(MB5)],
    ['an unterminated 5 MB string', () => `select 1; select '${'a;'.repeat(MB5 / 2)}`],
    ['an unterminated 5 MB E-string of backslashes', () => `select E'${'\\'.repeat(MB5)}`],
    ['an unterminated 5 MB quoted identifier', () => `select "${'a'.repeat(MB5)}`],
    ['an unterminated dollar quote with near-miss tags', () => `select $tag$${'$ta$tag'.repeat(MB5 / 7)}`],
    ['a 1 MB dollar tag', () => `select $${'t'.repeat(1 << 20)}$ body`],
    ['an unterminated 5 MB block comment', () => `/*${'/*'.repeat(MB5 / 2)}`],
    ['10,000 nested parentheses', () => `select ${'('.repeat(10_000)}1${')'.repeat(10_000)}; select 2`],
    ['10,000 unclosed parentheses with ;', () => `select ${'(;'.repeat(10_000)}`],
    ['5 MB of NUL bytes', () => '\0'.repeat(MB5)],
    ['5 MB of lone surrogates and U+FFFD', () => '\uD800\uDFFF\uDC00\uFFFD'.repeat(MB5 / 4)],
    ['5 MB of invalid UTF-8 decoded', () => Buffer.from(randomBytes(MB5)).toString('utf8')],
    ['1 MB of ;', () => ';'.repeat(1 << 20)],
    ['an unended BEGIN ATOMIC with 100,000 ;', () => `create function f() begin atomic ${'begin; case; '.repeat(100_000)}`],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const text = make();
      const started = performance.now();
      const result = splitStatements(text);
      const elapsed = performance.now() - started;
      // A hang guard, not a timing test (bench/ holds the budgets): linear work on 5 MB is well under a second here.
      assert.ok(elapsed < 20_000, `took ${elapsed.toFixed(0)} ms`);
      if (text.length < 1 << 21) checkInvariants(text, result);
    });
  }
});
