import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applySuppressions, findIgnoreDirectives } from '../../server/src/rules/suppression';
import type { Finding } from '../../server/src/rules/types';
import type { Comment, ParsedFile, ParsedStatement } from '../../server/src/syntax/parsed';

/**
 * A ParsedFile built by a tiny scanner (`--` and `/* *\/` comments, `;`-separated statements) so these tests pin
 * the suppression logic alone, independent of the real parser.
 */
function scan(text: string): ParsedFile {
  const comments: Comment[] = [];
  const statements: ParsedStatement[] = [];
  let statementStart = -1;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
      comments.push({ span: { start: i, end }, body: text.slice(i + 2, end), block: false });
      i = end;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      comments.push({ span: { start: i, end }, body: text.slice(i + 2, close < 0 ? end : close), block: true });
      i = end;
    } else if (text[i] === ';') {
      if (statementStart >= 0) statements.push(statement(text, statementStart, i));
      statementStart = -1;
      i++;
    } else {
      if (statementStart < 0 && !/\s/.test(text[i])) statementStart = i;
      i++;
    }
  }
  if (statementStart >= 0) statements.push(statement(text, statementStart, text.length));
  return { text, statements, comments, dollarQuotes: [], errors: [] };
}

function statement(text: string, start: number, end: number): ParsedStatement {
  return { span: { start, end }, text: text.slice(start, end) };
}

/** A finding on the first occurrence of `needle`. */
function findingAt(text: string, code: string, needle: string): Finding {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} not in text`);
  return { code, span: { start, end: start + needle.length }, message: code };
}

const allActive = () => true;

describe('findIgnoreDirectives', () => {
  test('reads ids separated by commas and spaces, with their spans', () => {
    const text = '-- electric-migrations-ignore do-block,  unknown-table duplicate-column -- reason\nDO $$ $$;';
    const [directive] = findIgnoreDirectives(scan(text));
    assert.equal(directive.scope, 'statement');
    assert.deepEqual(
      directive.rules.map((r) => [r.id, text.slice(r.span.start, r.span.end)]),
      [
        ['do-block', 'do-block'],
        ['unknown-table', 'unknown-table'],
        ['duplicate-column', 'duplicate-column'],
      ],
    );
    assert.equal(text.slice(directive.target!.start, directive.target!.end), 'DO $$ $$');
  });

  test('file scope, block comments, and comments that are not directives', () => {
    const text = '/* electric-migrations-ignore-file do-block */\n-- electric-migrations-ignored do-block\n-- just a note\nSELECT 1;';
    const directives = findIgnoreDirectives(scan(text));
    assert.equal(directives.length, 1);
    assert.equal(directives[0].scope, 'file');
    assert.deepEqual(directives[0].rules.map((r) => r.id), ['do-block']);
  });
});

describe('applySuppressions', () => {
  test('an ignore silences its rules on the next statement only', () => {
    const text = '-- electric-migrations-ignore do-block\nDO $$ a $$;\nDO $$ b $$;';
    const first = findingAt(text, 'do-block', 'DO $$ a');
    const second = findingAt(text, 'do-block', 'DO $$ b');
    const { kept, unused } = applySuppressions(scan(text), [first, second], allActive);
    assert.deepEqual(kept, [second]);
    assert.deepEqual(unused, []);
  });

  test('an ignore inside a statement applies to that statement', () => {
    const text = 'CREATE TABLE t (\n  -- electric-migrations-ignore unknown-table\n  id uuid REFERENCES other(id)\n);';
    const finding = findingAt(text, 'unknown-table', 'other');
    assert.deepEqual(applySuppressions(scan(text), [finding], allActive), { kept: [], unused: [] });
  });

  test('a trailing comment after a statement targets the following statement', () => {
    const text = 'DO $$ a $$; -- electric-migrations-ignore do-block\nDO $$ b $$;';
    const first = findingAt(text, 'do-block', 'DO $$ a');
    const second = findingAt(text, 'do-block', 'DO $$ b');
    assert.deepEqual(applySuppressions(scan(text), [first, second], allActive).kept, [first]);
  });

  test('ignore-file silences the rule everywhere in the file', () => {
    const text = 'DO $$ a $$;\n-- electric-migrations-ignore-file do-block\nDO $$ b $$;';
    const findings = [findingAt(text, 'do-block', 'DO $$ a'), findingAt(text, 'do-block', 'DO $$ b')];
    assert.deepEqual(applySuppressions(scan(text), findings, allActive), { kept: [], unused: [] });
  });

  test('each id that silences nothing is reported as unused-ignore, on the id', () => {
    const text = '-- electric-migrations-ignore do-block, unknown-table\nDO $$ a $$;';
    const { kept, unused } = applySuppressions(scan(text), [findingAt(text, 'do-block', 'DO $$')], allActive);
    assert.deepEqual(kept, []);
    assert.equal(unused.length, 1);
    assert.equal(unused[0].code, 'unused-ignore');
    assert.equal(text.slice(unused[0].span.start, unused[0].span.end), 'unknown-table');
  });

  test('unknown ids, ignores with nothing after them and ignores without ids are unused', () => {
    const text = '-- electric-migrations-ignore not-a-rule\nSELECT 1;\n-- electric-migrations-ignore-file\n-- electric-migrations-ignore do-block\n';
    const { unused } = applySuppressions(scan(text), [], allActive);
    assert.deepEqual(
      unused.map((f) => text.slice(f.span.start, f.span.end)),
      ['not-a-rule', 'electric-migrations-ignore-file', 'do-block'],
    );
  });

  test('an ignore for an inactive rule is not reported', () => {
    const text = '-- electric-migrations-ignore do-block\nSELECT 1;';
    const { unused } = applySuppressions(scan(text), [], (id) => id !== 'do-block');
    assert.deepEqual(unused, []);
  });

  test('ignore-file unused-ignore silences unused-ignore reports and is never reported itself', () => {
    const text = '-- electric-migrations-ignore-file unused-ignore\n-- electric-migrations-ignore do-block\nSELECT 1;';
    assert.deepEqual(applySuppressions(scan(text), [], allActive), { kept: [], unused: [] });
  });
});
