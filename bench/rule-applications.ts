/**
 * Counts Ohm rule applications while matching every statement of the benchmark folder: a deterministic measure of
 * the grammar's work (wall time on a shared machine moves by ±20%), for comparing grammar changes.
 *   node --import tsx bench/rule-applications.ts [migrationsDir]   → prints {"characters","applications","evaluations"}
 * `applications` counts every rule application, `evaluations` those not answered from Ohm's memo table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pexprs } from 'ohm-js';
import { grammar } from '../server/src/syntax/build';
import { compactStatement } from '../server/src/syntax/compact';
import { splitStatements } from '../server/src/syntax/split';

const dir = process.argv[2] ?? path.join(__dirname, 'out', 'migrations');
const apply = (pexprs as unknown as { Apply: { prototype: Record<string, (state: unknown) => boolean> } }).Apply.prototype;
let applications = 0;
let evaluations = 0;
const evalApplication = apply.eval;
const evalFresh = apply.reallyEval;
apply.eval = function (this: unknown, state: unknown) {
  applications++;
  return evalApplication.call(this, state);
};
apply.reallyEval = function (this: unknown, state: unknown) {
  evaluations++;
  return evalFresh.call(this, state);
};

let characters = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  for (const slice of splitStatements(text).statements) {
    const quotes = slice.dollarQuotes.map((q) => ({ start: q.start - slice.span.start, end: q.end - slice.span.start }));
    const compact = compactStatement(text.slice(slice.span.start, slice.span.end), quotes).text;
    characters += compact.length;
    grammar.match(compact, 'Statement');
  }
}
console.log(JSON.stringify({ characters, applications, evaluations }));
