/**
 * Helpers for parser tests: parse SQL, insist on the outcome (one clean statement, or one syntax error), and read
 * spans back as the source text they cover, so that tests state positions as text instead of offsets.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Name, QualifiedName, Span, Statement, StatementKind } from '../../server/src/syntax/ast';
import { parseFile } from '../helpers/parser';
import type { ParsedFile, SyntaxProblem } from '../../server/src/syntax/parsed';

/** The text a span covers (`undefined` when there is no span). */
export function sliceOf(text: string, span: Span | undefined): string | undefined {
  return span === undefined ? undefined : text.slice(span.start, span.end);
}

/** A name as written in SQL: quoted names in double quotes, unquoted ones as folded. */
export function nameOf(name: Name | undefined): string | undefined {
  if (name === undefined) return undefined;
  return name.quoted ? `"${name.name}"` : name.name;
}

/** `schema.name` (each part as `nameOf` writes it). */
export function qualifiedOf(name: QualifiedName | undefined): string | undefined {
  if (name === undefined) return undefined;
  return name.schema ? `${nameOf(name.schema)}.${nameOf(name.name)}` : nameOf(name.name);
}

/** Parses a file and insists that no statement has a syntax error or needed Postgres' second opinion. */
export function parseClean(text: string): ParsedFile {
  const file = parseFile(text);
  assert.deepEqual(file.errors.map((e) => `${sliceOf(text, e.span)}: ${e.message}`), [], 'no syntax errors');
  const fallbacks = file.statements.filter((s) => s.fallback).map((s) => s.text);
  assert.deepEqual(fallbacks, [], 'every statement is modelled by the grammar (no fallback)');
  return file;
}

/** The statement type(s) whose `kind` can be K (some types cover two kinds, e.g. enable/disableElectric). */
type WithKind<S, K> = S extends { kind: infer SK } ? (K extends SK ? S : never) : never;
export type StatementOf<K extends StatementKind> = WithKind<Statement, K>;

/**
 * Parses text holding exactly one statement that the grammar models, and checks its kind.
 * The statement's span must cover the whole text but a trailing `;`.
 */
export function parseOne<K extends StatementKind>(text: string, kind: K): StatementOf<K> {
  const file = parseClean(text);
  assert.equal(file.statements.length, 1, `one statement in ${JSON.stringify(text)}`);
  const [statement] = file.statements;
  assert.ok(statement.ast, 'the statement has an AST');
  assert.equal(statement.ast.kind, kind, `kind of ${JSON.stringify(text)}`);
  assert.equal(sliceOf(text, statement.ast.span), text.replace(/;\s*$/, '').trim(), 'statement span');
  return statement.ast as StatementOf<K>;
}

/** Every statement of a clean file, in order. */
export function parseAll(text: string): Statement[] {
  return parseClean(text).statements.map((s) => {
    assert.ok(s.ast, `AST for ${s.text}`);
    return s.ast;
  });
}

export interface SyntaxErrorAt {
  /** The source text the error's span covers. */
  at: string;
  message: string;
  span: Span;
  problem: SyntaxProblem;
}

/** Parses text holding exactly one syntax error and returns it with the text it spans. */
export function syntaxErrorOf(text: string): SyntaxErrorAt {
  const file = parseFile(text);
  assert.equal(file.errors.length, 1, `exactly one syntax error in ${JSON.stringify(text)}; got ${JSON.stringify(file.errors.map((e) => e.message))}`);
  const [problem] = file.errors;
  return { at: text.slice(problem.span.start, problem.span.end), message: problem.message, span: problem.span, problem };
}

/** A negative fixture: one bad statement and the token its syntax error must span. */
export interface FailFixture {
  file: string;
  text: string;
  expectedToken: string;
}

const EXPECT_ERROR = /^--\s*expect-error:\s?(.*)$/m;

/** Reads `*.fail.sql` files: each holds a `-- expect-error: <token>` comment line. */
export function readFailFixtures(dir: string): FailFixture[] {
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.fail.sql'))
    .sort()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const marker = EXPECT_ERROR.exec(text);
      assert.ok(marker, `${f} has an "-- expect-error: <token>" line`);
      return { file: f, text, expectedToken: marker[1].trimEnd() };
    });
}

/** Positive fixtures: every `*.sql` file that is not a `*.fail.sql`. */
export function readPassFixtures(dir: string): { file: string; text: string }[] {
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith('.sql') && !f.endsWith('.fail.sql'))
    .sort()
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Kinds of the statements of a clean file, with `other` statements followed by their leading keywords. */
export function kindsOf(statements: Statement[]): string[] {
  return statements.map((s) => (s.kind === 'other' ? `other:${s.keywords.join(' ')}` : s.kind));
}
