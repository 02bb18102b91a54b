/**
 * Checking one migration file from the schema before it: the fold of its statements with every statement check,
 * keeping per statement what it found, and a catalog snapshot every few statements.
 *
 * Incremental inside the file too. After an edit, the check resumes from the last snapshot before the first changed
 * statement, and stops as soon as it reaches an unchanged statement whose snapshot is the same schema as in the
 * previous check: from there on, the previous results still hold. Results are kept relative to their statement's
 * anchor, so results of statements that merely moved are read at their new place without being recomputed.
 */
import { STATEMENT_CHECKS } from '../rules/index';
import type { Finding } from '../rules/types';
import { applyStatement } from '../schema/apply';
import type { Catalog, FinalSchema } from '../schema/catalog';
import { Located, type StatementAnchor } from '../schema/model';
import { noteUnmodelled } from '../schema/unmodelled';
import type { ElectricVersion } from '../electric/versions';
import type { Span } from '../syntax/ast';
import type { ParsedFile } from '../syntax/parsed';
import { type Occurrence, occurrencesOf } from './occurrences';

/** A check that needs the final schema of the whole set (`later`). */
export type DeferredCheck = (final: FinalSchema) => Finding[];

/** What checking one statement found, at the offset its statement had then (`base`). */
export interface StatementResult {
  anchor: StatementAnchor;
  base: number;
  findings: Finding[];
  occurrences: Occurrence[];
  deferred: DeferredCheck[];
}

export interface FileCheck {
  before: Catalog;
  after: Catalog;
  /** Per statement (undefined for statements with a syntax error, which are not checked). */
  results: (StatementResult | undefined)[];
  /** Statement index → the schema before that statement (index 0 is `before`). */
  checkpoints: Map<number, Catalog>;
  /** Statements folded and checked by this check (not taken over from the previous one). */
  statementsChecked: number;
  /** What it was asked for (a check made with other options cannot be resumed). */
  options: CheckOptions;
}

export interface CheckOptions {
  /** Run the statement checks (false for context folders: their statements only build the schema). */
  checks: boolean;
  /** Statements starting at or after this offset (a rollback part) are neither folded nor checked. */
  until?: number;
}

/** How the file's statements relate to those of its previous check: an unchanged head and tail. */
export interface Resume {
  previous: FileCheck;
  head: number;
  tail: number;
  previousCount: number;
}

/** A snapshot every this many statements (at least): resuming or answering "as of" folds about this many. */
export const CHECKPOINT_EVERY = 50;
/** Copies (columns, constraints) a snapshot may cause per statement since the previous one. */
const SNAPSHOT_COST_RATIO = 20;

export interface CheckedFile {
  path: string;
  parsed: ParsedFile;
  anchors: readonly StatementAnchor[];
}

export function checkFile(file: CheckedFile, before: Catalog, version: ElectricVersion, options: CheckOptions, resume?: Resume): FileCheck {
  const statements = file.parsed.statements;
  const until = options.until ?? Infinity;
  // Statements of a rollback part take no part: the check ends before the first of them.
  let count = statements.length;
  while (count > 0 && statements[count - 1].span.start >= until) count--;
  if (resume && (resume.previous.options.checks !== options.checks || resume.previous.options.until !== options.until || resume.previousCount !== resume.previous.results.length)) resume = undefined;
  const results: (StatementResult | undefined)[] = new Array(statements.length);
  const checkpoints = new Map<number, Catalog>([[0, before]]);
  let start = 0;
  let working: Catalog;
  if (resume) {
    // The last snapshot inside the unchanged head: everything before it stands as it was.
    for (const [index, catalog] of resume.previous.checkpoints) {
      if (index <= resume.head && index >= start) {
        start = index;
        checkpoints.set(index, catalog);
      }
    }
    for (const [index, catalog] of resume.previous.checkpoints) if (index < start) checkpoints.set(index, catalog);
    for (let i = 0; i < start; i++) results[i] = resume.previous.results[i];
  }
  working = (checkpoints.get(start) ?? before).fork();
  const shiftBy = resume ? statements.length - resume.previousCount : 0;
  const tailStart = resume ? statements.length - resume.tail : count;
  const text = file.parsed.text;
  let checked = 0;
  let last = start;
  for (let i = start; i < count; i++) {
    // A snapshot makes the next change of each table copy it: space snapshots so that copying stays a small
    // multiple of the statements checked (a file that grows one table by thousands of columns gets fewer).
    if (i - last >= CHECKPOINT_EVERY && (i - last) * SNAPSHOT_COST_RATIO >= working.copyCost) {
      checkpoints.set(i, working);
      working = working.fork();
      last = i;
    }
    // An unchanged statement where the previous check kept a snapshot: if the schema before it is the same as
    // then, everything from here on holds as it was.
    const old = resume && i >= tailStart && i > start ? resume.previous.checkpoints.get(i - shiftBy) : undefined;
    if (resume && old) {
      const now = checkpoints.get(i) ?? snapshot(i);
      if (now.sameSchema(old)) {
        for (let k = i; k < count; k++) results[k] = resume.previous.results[k - shiftBy];
        for (const [index, catalog] of resume.previous.checkpoints) if (index + shiftBy > i) checkpoints.set(index + shiftBy, catalog);
        return { before, after: resume.previous.after, results, checkpoints, statementsChecked: checked, options };
      }
    }
    const statement = statements[i];
    const anchor = file.anchors[i];
    const ast = statement.ast;
    if (!ast) {
      // What a broken statement meant to create must not cascade into "unknown table" everywhere after it.
      noteUnmodelled(working, statement.text);
      continue;
    }
    checked++;
    const result: StatementResult = { anchor, base: anchor.start, findings: [], occurrences: [], deferred: [] };
    const ctx = {
      statement: ast,
      parsed: statement,
      catalog: working,
      file: { path: file.path, text },
      version,
      locate: (span: Span) => Located.at(anchor, span),
      later: (check: DeferredCheck) => result.deferred.push(check),
    };
    if (options.checks) for (const statementCheck of STATEMENT_CHECKS) result.findings.push(...statementCheck(ctx));
    result.occurrences = occurrencesOf(ast, working, anchor);
    results[i] = result;
    applyStatement(working, ast, anchor, statement.text);
  }
  return { before, after: working.freeze(), results, checkpoints, statementsChecked: checked, options };

  /** Keeps the schema before statement `index` as a snapshot (to compare it with the previous check's). */
  function snapshot(index: number): Catalog {
    const current = working;
    checkpoints.set(index, current);
    working = working.fork();
    return current;
  }
}

/** How far a result's statement moved since it was checked. */
function moved(result: StatementResult): number {
  return result.anchor.start - result.base;
}

function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

function isSpan(value: unknown): value is Span {
  return typeof value === 'object' && value !== null && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number' && Object.keys(value).length === 2;
}

/** A finding read at its statement's current place. */
export function placeFinding(finding: Finding, delta: number): Finding {
  if (delta === 0 && !finding.at) return finding;
  const data = finding.data && delta !== 0 ? Object.fromEntries(Object.entries(finding.data).map(([k, v]) => [k, isSpan(v) ? shiftSpan(v, delta) : v])) : finding.data;
  return { ...finding, span: finding.at ? finding.at.span : shiftSpan(finding.span, delta), ...(data ? { data } : {}) };
}

export function findingsOf(check: FileCheck): Finding[] {
  return check.results.flatMap((r) => (r ? r.findings.map((f) => placeFinding(f, moved(r))) : []));
}

export function occurrencesIn(check: FileCheck): Occurrence[] {
  return check.results.flatMap((r) => {
    if (!r) return [];
    const delta = moved(r);
    return delta === 0 ? r.occurrences : r.occurrences.map((o) => ({ ...o, span: shiftSpan(o.span, delta) }));
  });
}

export function deferredFindings(check: FileCheck, final: Catalog): Finding[] {
  return check.results.flatMap((r) => (r ? r.deferred.flatMap((d) => d(final).map((f) => placeFinding(f, moved(r)))) : []));
}

export function hasDeferred(check: FileCheck): boolean {
  return check.results.some((r) => r !== undefined && r.deferred.length > 0);
}

/** The schema before the first statement that starts at or after `offset`, from the nearest snapshot. */
export function schemaBefore(check: FileCheck, file: CheckedFile, offset: number): Catalog {
  const statements = file.parsed.statements;
  const limit = Math.min(offset, check.options.until ?? Infinity);
  let index = 0;
  while (index < statements.length && statements[index].span.start < limit) index++;
  let from = 0;
  for (const i of check.checkpoints.keys()) if (i <= index && i > from) from = i;
  const catalog = (check.checkpoints.get(from) ?? check.before).fork();
  for (let i = from; i < index; i++) {
    const ast = statements[i].ast;
    if (ast) applyStatement(catalog, ast, file.anchors[i], statements[i].text);
    else noteUnmodelled(catalog, statements[i].text);
  }
  return catalog.freeze();
}
