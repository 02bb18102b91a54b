#!/usr/bin/env node
// Imports PostgreSQL's regression scripts as test fixtures: test/fixtures/postgres-regress/*.sql.
//   node scripts/import-regress-corpus.mjs [--from DIR]     (default DIR: ../shared/corpus/postgres-regress)
//
// They are psql scripts, not SQL. psql-only text is replaced by blanks so that every remaining byte keeps its line
// and column (positions in test failures point at the upstream file):
//   - meta-command lines (first non-blank char `\`: `\set`, `\d+ t`, `\c`, …) become empty lines;
//   - the data lines of a `COPY … FROM stdin|stdout` up to `\.` become empty lines (a COPY that fails before
//     reading data has none, so the data belongs to the last COPY before the `\.`);
//   - `\g`, `\gx`, `\gset`, `\gexec` send the query buffer like `;` does, so they become a `;` padded with spaces;
//   - `\r` discards the query buffer, so the lines it discards (back to the last line ending in `;`) become empty.
// psql variables (`:'name'`, `:name`) are left as they are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const fromArg = args.indexOf('--from');
const from = path.resolve(fromArg >= 0 ? args[fromArg + 1] : path.join(root, '../shared/corpus/postgres-regress'));
const to = path.join(root, 'test/fixtures/postgres-regress');

const COPY_FROM_CLIENT = /^\s*copy\b[^;]*\bfrom\s+std(in|out)\b/i;
const SENDS_BUFFER = /^\\g(?:exec|set|x)?(?:\s|$)/;
const SENDS_BUFFER_AT_END = /\s\\g(?:exec|set|x)?(?:\s.*)?$/;
const ENDS_STATEMENT = /;\s*(--.*)?$/;

/** Replaces a line's meta-command from `at` on by `;` and spaces, same length. */
const sendAt = (line, at) => line.slice(0, at) + ';' + ' '.repeat(line.length - at - 1);

export function stripPsql(text) {
  const lines = text.split('\n');
  let copyLine = -1;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('\\')) {
      if (COPY_FROM_CLIENT.test(line)) copyLine = k;
      const send = trimmed.startsWith('--') ? -1 : line.search(SENDS_BUFFER_AT_END);
      // Only outside a string: an even number of quotes before the backslash.
      if (send >= 0 && (line.slice(0, send).split("'").length - 1) % 2 === 0) lines[k] = sendAt(line, send + 1);
      continue;
    }
    if (trimmed === '\\.' && copyLine >= 0) {
      for (let d = copyLine + 1; d < k; d++) lines[d] = '';
      copyLine = -1;
    }
    if (SENDS_BUFFER.test(trimmed)) {
      lines[k] = sendAt(line, line.length - trimmed.length);
    } else {
      if (/^\\r\b/.test(trimmed)) {
        for (let d = k - 1; d >= 0 && !ENDS_STATEMENT.test(lines[d]); d--) lines[d] = '';
      }
      lines[k] = '';
    }
  }
  return lines.join('\n');
}

const NOTE = `
## How the fixtures here differ from the files above

\`scripts/import-regress-corpus.mjs\` produced them from the verbatim files: psql meta-command lines and COPY data
lines are blanked to empty lines, \`\\g\`/\`\\gset\`/\`\\gexec\` are replaced by \`;\` (they send the query buffer),
and the lines a \`\\r\` discards are blanked. Line numbers and columns of all remaining text are unchanged.

Split by \`server/src/syntax/split.ts\`, they hold 19,533 statements; libpg-query 18 rejects 93 of them, in every file
the number the table gives. The table's statement counts are lower for alter_table, generated_stored,
generated_virtual, privileges and rowsecurity: each has a \`COPY … FROM stdin\` that fails and so reads no data lines.
`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(to, { recursive: true });
  const files = fs.readdirSync(from).filter((f) => f.endsWith('.sql')).sort();
  for (const f of files) fs.writeFileSync(path.join(to, f), stripPsql(fs.readFileSync(path.join(from, f), 'utf8')));
  fs.writeFileSync(path.join(to, 'README.md'), fs.readFileSync(path.join(from, 'README.md'), 'utf8').trimEnd() + '\n' + NOTE);
  console.log(`imported ${files.length} files into ${path.relative(root, to)}`);
}
