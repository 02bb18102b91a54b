import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { splitStatements } from '../../server/src/syntax/split';

/** The statements' texts, sliced by their spans. */
function texts(sql: string): string[] {
  const result = splitStatements(sql);
  assert.equal(result.error, undefined, `unexpected error: ${result.error?.message}`);
  return result.statements.map((s) => sql.slice(s.span.start, s.span.end));
}

function dollarQuotes(sql: string): string[][] {
  return splitStatements(sql).statements.map((s) => s.dollarQuotes.map((q) => sql.slice(q.start, q.end)));
}

/** The error's span text, message, and the statements kept before it. */
function failure(sql: string): { at: string; start: number; message: string; kept: string[] } {
  const result = splitStatements(sql);
  assert.ok(result.error, 'expected an error');
  assert.deepEqual(result.error.expected, []);
  return {
    at: sql.slice(result.error.span.start, result.error.span.end),
    start: result.error.span.start,
    message: result.error.message,
    kept: result.statements.map((s) => sql.slice(s.span.start, s.span.end)),
  };
}

describe('splitStatements: cutting at ;', () => {
  it('cuts at each ; and keeps a last statement without one', () => {
    assert.deepEqual(texts('select 1; select 2;\nselect 3'), ['select 1', 'select 2', 'select 3']);
  });

  it('spans cover first to last token, without ; whitespace or outer comments', () => {
    const sql = '  -- lead\n  /* x */ create table t (a int) /* trail */ ;\n\n';
    const [statement] = splitStatements(sql).statements;
    assert.equal(statement.span.start, sql.indexOf('create'));
    assert.equal(statement.span.end, sql.indexOf(')') + 1);
  });

  it('keeps comments between tokens inside the statement', () => {
    assert.deepEqual(texts('select /* ; */ 1 -- ;\n + 2;'), ['select /* ; */ 1 -- ;\n + 2']);
  });

  it('produces nothing for empty statements and comment-only text', () => {
    assert.deepEqual(texts(''), []);
    assert.deepEqual(texts(';;  ;\n'), []);
    assert.deepEqual(texts('-- only a comment\n/* and; another */ ; ;'), []);
    assert.deepEqual(texts(';; select 1;;; select 2;;'), ['select 1', 'select 2']);
  });

  it('handles CRLF line ends', () => {
    const sql = 'create table a (x int);\r\n-- note\r\ncreate table b (y int)\r\n;\r\n';
    assert.deepEqual(texts(sql), ['create table a (x int)', 'create table b (y int)']);
    assert.deepEqual(splitStatements(sql).comments.map((c) => c.body), [' note']);
  });

  it('counts offsets in UTF-16 code units', () => {
    const sql = "select '😀'; select 'é'";
    const [, second] = splitStatements(sql).statements;
    assert.equal(second.span.start, sql.lastIndexOf('select'));
    assert.deepEqual(texts(sql), ["select '😀'", "select 'é'"]);
  });

  it('treats a BOM and no-break spaces as whitespace', () => {
    assert.deepEqual(texts('\uFEFFselect 1\u00A0;\u00A0select 2'), ['select 1', 'select 2']);
  });
});

describe('splitStatements: quotes', () => {
  it("ignores ; in '…' strings, with '' escapes", () => {
    assert.deepEqual(texts("select 'a;''b;'; select 2"), ["select 'a;''b;'", 'select 2']);
  });

  it('treats a backslash in a standard string as an ordinary character', () => {
    assert.deepEqual(texts("select 'a\\'; select 2"), ["select 'a\\'", 'select 2']);
  });

  it("honours backslash escapes in E'…' strings", () => {
    assert.deepEqual(texts("select E'it\\'s;'; select 2"), ["select E'it\\'s;'", 'select 2']);
    assert.deepEqual(texts("select e'\\\\'; select 2"), ["select e'\\\\'", 'select 2']);
    assert.deepEqual(texts("select E'a''b;'; select 2"), ["select E'a''b;'", 'select 2']);
  });

  it('does not read the tail of an identifier as an E prefix', () => {
    // `xe'a\'` is the identifier xe followed by the standard string 'a\'.
    assert.deepEqual(texts("select xe'a\\'; select 2"), ["select xe'a\\'", 'select 2']);
  });

  it("ignores ; in U&'…' strings and U&\"…\" identifiers", () => {
    assert.deepEqual(texts("select U&'d\\0061t;a'; select 2"), ["select U&'d\\0061t;a'", 'select 2']);
    assert.deepEqual(texts('select u&"a;""b"; select 2'), ['select u&"a;""b"', 'select 2']);
    assert.deepEqual(texts("select U&'a\\'; select 2"), ["select U&'a\\'", 'select 2']);
  });

  it('ignores ; in quoted identifiers, with "" escapes', () => {
    assert.deepEqual(texts('create table "a;""b" (x int); select 2'), ['create table "a;""b" (x int)', 'select 2']);
  });

  it('does not open a comment inside a string, nor a string inside a comment', () => {
    assert.deepEqual(texts("select '--;', '/*;'; select 2"), ["select '--;', '/*;'", 'select 2']);
    assert.deepEqual(texts("select 1 -- it's\n; select '2'"), ['select 1', "select '2'"]);
  });
});

describe('splitStatements: dollar quotes', () => {
  it('ignores ; in $$…$$ and lists the literal', () => {
    const sql = 'do $$ begin perform 1; end $$; select 2';
    assert.deepEqual(texts(sql), ['do $$ begin perform 1; end $$', 'select 2']);
    assert.deepEqual(dollarQuotes(sql), [['$$ begin perform 1; end $$'], []]);
  });

  it('closes a tagged quote only at the same tag', () => {
    const sql = 'create function f() returns text as $fn$ select $$;$$ || $x$;$x$ $fn$ language sql; select 2';
    assert.deepEqual(texts(sql), [sql.slice(0, sql.indexOf(' language')) + ' language sql', 'select 2']);
    assert.deepEqual(dollarQuotes(sql), [['$fn$ select $$;$$ || $x$;$x$ $fn$'], []]);
  });

  it('compares tags case-sensitively and accepts non-ASCII tags', () => {
    assert.deepEqual(dollarQuotes('select $A$ $a$; $A$; select $été$;$été$'), [['$A$ $a$; $A$'], ['$été$;$été$']]);
  });

  it('lists several literals of one statement in order', () => {
    assert.deepEqual(dollarQuotes("select $a$x$a$, 'y', $b$z$b$"), [['$a$x$a$', '$b$z$b$']]);
  });

  it('does not open a quote at a $ inside an identifier (a$b$c)', () => {
    assert.deepEqual(texts('select a$b$c; select 2'), ['select a$b$c', 'select 2']);
    assert.deepEqual(dollarQuotes('select a$b$c'), [[]]);
  });

  it('does not open a quote at positional parameters ($1)', () => {
    assert.deepEqual(texts('select $1, $2; select $3'), ['select $1, $2', 'select $3']);
    assert.deepEqual(dollarQuotes('select $1$'), [[]]);
  });

  it('keeps a stray $ as a token', () => {
    assert.deepEqual(texts('select $ab; select $'), ['select $ab', 'select $']);
  });
});

describe('splitStatements: comments', () => {
  it('lists every comment, inside statements too, without delimiters', () => {
    const sql = '-- one\nselect /* two */ 1; /* three /* nested */ */\n--four';
    const { comments } = splitStatements(sql);
    assert.deepEqual(comments.map((c) => ({ text: sql.slice(c.span.start, c.span.end), body: c.body, block: c.block })), [
      { text: '-- one', body: ' one', block: false },
      { text: '/* two */', body: ' two ', block: true },
      { text: '/* three /* nested */ */', body: ' three /* nested */ ', block: true },
      { text: '--four', body: 'four', block: false },
    ]);
  });

  it('nests block comments', () => {
    assert.deepEqual(texts('/* a /* b */ ; */ select 1; /*/**/;*/ select 2'), ['select 1', 'select 2']);
  });

  it('reads -- and /* after an operator as a comment', () => {
    assert.deepEqual(texts('select 1*/* ; */2; select 3--;\n'), ['select 1*/* ; */2', 'select 3']);
  });
});

describe('splitStatements: nesting', () => {
  it('does not cut inside a BEGIN ATOMIC body of CREATE FUNCTION', () => {
    const fn = 'create function f() returns int language sql\nbegin atomic\n  select 1;\n  select case when true then 2 end;\nend';
    assert.deepEqual(texts(`${fn};\nselect 3;`), [fn, 'select 3']);
  });

  it('accepts OR REPLACE, PROCEDURE, any case, comments between BEGIN and ATOMIC', () => {
    const proc = 'CREATE OR REPLACE PROCEDURE p() Begin /* x */ Atomic INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); End';
    assert.deepEqual(texts(`${proc}; select 3`), [proc, 'select 3']);
  });

  it('counts nested BEGIN and CASE against END, as whole words', () => {
    const fn = 'create function f() begin atomic select case x when 1 then (case when y then 1 end) end as endx; begin; end; end';
    assert.deepEqual(texts(`${fn}; select 3`), [fn, 'select 3']);
  });

  it('cuts transaction BEGIN/END and other statements as usual', () => {
    assert.deepEqual(texts('begin; select 1; end; begin atomic; select 2'), ['begin', 'select 1', 'end', 'begin atomic', 'select 2']);
    assert.deepEqual(texts('create table f (begin int); select case when true then 1 end; select 2'),
      ['create table f (begin int)', 'select case when true then 1 end', 'select 2']);
    assert.deepEqual(texts('create function f() returns int as $$ begin return 1; end $$ language plpgsql; select 2'),
      ['create function f() returns int as $$ begin return 1; end $$ language plpgsql', 'select 2']);
  });

  it('does not cut inside parentheses, like psql (rules with several actions)', () => {
    const rule = 'create rule r as on delete to t do also (\n  delete from a where id = old.id;\n  delete from b where id = old.id\n)';
    assert.deepEqual(texts(`${rule};\nselect 2`), [rule, 'select 2']);
  });

  it('falls back to cutting at every ; when a ( is never closed', () => {
    assert.deepEqual(texts('select 1; create table t (a int;\nselect 2; select (3)'),
      ['select 1', 'create table t (a int', 'select 2', 'select (3)']);
  });

  it('falls back to cutting at every ; when BEGIN ATOMIC is never ended', () => {
    assert.deepEqual(texts('create function f() begin atomic select 1; select 2'),
      ['create function f() begin atomic select 1', 'select 2']);
  });

  it('ignores a stray )', () => {
    assert.deepEqual(texts('select 1); select 2'), ['select 1)', 'select 2']);
  });

  it('does not list a comment twice after falling back', () => {
    const sql = 'select (1; /* c */ select 2';
    assert.deepEqual(texts(sql), ['select (1', 'select 2']);
    assert.deepEqual(splitStatements(sql).comments.map((c) => c.body), [' c ']);
  });
});

describe('splitStatements: unterminated tokens', () => {
  it('reports an unterminated string at its quote and keeps earlier statements', () => {
    const sql = "select 1; -- c\nselect 'abc; select 3";
    assert.deepEqual(failure(sql), { at: "'", start: sql.indexOf("'"), message: 'Unterminated string constant', kept: ['select 1'] });
    assert.deepEqual(splitStatements(sql).comments.map((c) => c.body), [' c']);
  });

  it("reports an unterminated E'…' string at E'", () => {
    const sql = "select 1; select E'abc\\'; select 3";
    assert.deepEqual(failure(sql), { at: "E'", start: sql.indexOf('E'), message: 'Unterminated string constant', kept: ['select 1'] });
  });

  it("reports an unterminated U&'…' string at U&'", () => {
    const sql = "select 1; select U&'abc";
    assert.deepEqual(failure(sql), { at: "U&'", start: sql.indexOf('U'), message: 'Unterminated string constant', kept: ['select 1'] });
  });

  it('reports an unterminated quoted identifier at its quote', () => {
    const sql = 'select 1; select "abc; select 3';
    assert.deepEqual(failure(sql), { at: '"', start: sql.indexOf('"'), message: 'Unterminated quoted identifier', kept: ['select 1'] });
  });

  it('reports an unterminated dollar quote at its opening delimiter', () => {
    const sql = 'select 1; select $tag$ abc $tag; $TAG$';
    assert.deepEqual(failure(sql), {
      at: '$tag$', start: sql.indexOf('$tag$'), message: 'Unterminated dollar-quoted string $tag$', kept: ['select 1'],
    });
    assert.equal(failure('select $$ x').at, '$$');
  });

  it('reports an unterminated block comment at its outermost /*', () => {
    const sql = 'select 1; select 2 /* a /* b */';
    assert.deepEqual(failure(sql), { at: '/*', start: sql.indexOf('/*'), message: 'Unterminated /* comment', kept: ['select 1'] });
  });

  it("reads '' as a quote inside the string, not as its end", () => {
    const sql = "select 1; select 'it''s; select 2";
    assert.deepEqual(failure(sql), { at: "'", start: sql.indexOf("'"), message: 'Unterminated string constant', kept: ['select 1'] });
    assert.equal(failure('select "a"";').start, 'select '.length);
  });

  it('drops only the statement containing the error', () => {
    assert.deepEqual(failure("select 1; select 2;\n'oops").kept, ['select 1', 'select 2']);
    assert.deepEqual(failure("'oops; select 1").kept, []);
  });

  it('reports an error inside an unclosed ( after falling back', () => {
    const sql = "select 1; select (2; select 'x";
    assert.deepEqual(failure(sql), { at: "'", start: sql.indexOf("'"), message: 'Unterminated string constant', kept: ['select 1', 'select (2'] });
  });
});

describe('splitStatements: fixtures', () => {
  const fixtures = path.join(__dirname, '../fixtures');
  for (const dir of ['electric-examples', 'postgres-regress']) {
    it(`splits every ${dir} file without errors into trimmed, ordered statements`, () => {
      const files = fs.readdirSync(path.join(fixtures, dir)).filter((f) => f.endsWith('.sql'));
      assert.ok(files.length > 0);
      for (const file of files) {
        const sql = fs.readFileSync(path.join(fixtures, dir, file), 'utf8');
        const { statements, error } = splitStatements(sql);
        assert.equal(error, undefined, `${file}: ${error?.message}`);
        assert.ok(statements.length > 0, file);
        let last = 0;
        for (const { span } of statements) {
          const text = sql.slice(span.start, span.end);
          assert.ok(span.start >= last && text.length > 0 && text === text.trim(), `${file}: ${text}`);
          last = span.end;
        }
      }
    });
  }

  it('keeps a CREATE RULE with several actions in one statement (postgres-regress rules.sql)', () => {
    const sql = fs.readFileSync(path.join(fixtures, 'postgres-regress/rules.sql'), 'utf8');
    const rule = texts(sql).find((t) => t.startsWith('create rule rtest_sys_del'));
    assert.ok(rule);
    assert.match(rule, /delete from rtest_interface[^]*;[^]*delete from rtest_admin[^]*\)$/);
  });
});
