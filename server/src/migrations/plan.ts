/**
 * What an apply would do, decided without a database connection: which files are applied and which pending, what
 * the history says is wrong (product.md §4 `migration-edited`, `-missing`, `-out-of-order`, duplicates), and which
 * statements of a pending file are sent. Pure: the files and the history rows come in, findings go out.
 *
 * The history checks are pg-migrations' own (`validateMigrationsSequence`): files and rows are matched by index,
 * an edit is any difference in the text, and a row's `ignored_error` (set by `pg-migrations ignore-error`) silences
 * the check it names. Unlike pg-migrations, which stops at the first problem, every problem is reported.
 */
import { firstLineSpan } from '../rules/migrationFiles';
import type { Diagnostic, Finding } from '../rules/types';
import { isDdlx, type Span } from '../syntax/ast';
import { compactStatement } from '../syntax/compact';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import { APPLIED_TABLE, IGNORABLE_ERRORS, liveHistory, type HistoryRow } from './history';

/** A migration file as the engine sees it. */
export interface MigrationSource {
  /** The path shown to the user; diagnostics carry it. */
  path: string;
  /** The file name, as the history records it. */
  name: string;
  /** The numeric prefix of the name. */
  index: number;
  /**
   * The text exactly as read (UTF-8, a byte-order mark kept): what the history's `script` column records and is
   * compared with, as pg-migrations does.
   */
  script: string;
}

/** The text that is parsed and sent: the script without a byte-order mark (offsets of diagnostics refer to it). */
export function sourceText(file: MigrationSource): string {
  return file.script.replace(/^\uFEFF/, '');
}

/** A history row and the file it belongs to, when the file is still there. */
export interface AppliedMigration {
  index: number;
  name: string;
  appliedAt: Date;
  /** The path of the file with this index, if any. */
  path?: string;
}

/**
 * Where one migration stands against the history: the one answer the CLI's `status` prints and the editor's code
 * lens shows, so the two can never disagree.
 * - `applied`: a live history row holds exactly this text (or `pg-migrations ignore-error` accepted the edit);
 * - `pending`: no live row, and nothing after it is applied;
 * - `edited`: applied, but the file's text differs from the recorded one (`migration-edited`);
 * - `file-missing`: a live row whose file is gone (`migration-missing`; `path` is where the file was);
 * - `out-of-order`: no live row, but a later file is applied (`migration-out-of-order`);
 * - `duplicate-index`: another file has the same number, so the history cannot say which one it records.
 */
export type MigrationFileState =
  | { kind: 'applied'; appliedAt: Date }
  | { kind: 'pending' }
  | { kind: 'edited'; appliedAt: Date; firstDifferentLine: number }
  | { kind: 'file-missing'; appliedAt: Date }
  | { kind: 'out-of-order'; appliedAfter: string }
  | { kind: 'duplicate-index'; applied: boolean };

export type MigrationFileStateKind = MigrationFileState['kind'];

/** The words for a state, as `status` prints them and the editor's code lens shows them. */
export const FILE_STATE_LABELS: Readonly<Record<MigrationFileStateKind, string>> = {
  applied: 'applied',
  pending: 'pending',
  edited: 'edited since applied',
  'file-missing': 'applied, file missing',
  'out-of-order': 'out of order',
  'duplicate-index': 'duplicate number',
};

/** When the history says the file was applied, for the states that have a row. */
export function appliedAtOf(state: MigrationFileState): Date | undefined {
  return 'appliedAt' in state ? state.appliedAt : undefined;
}

export interface MigrationFileStatus {
  name: string;
  index: number;
  /** The file's path; for `file-missing`, where it was (the migrations directory and the recorded name). */
  path: string;
  state: MigrationFileState;
}

export interface HistoryPlan {
  /** Live history rows, in order. */
  applied: AppliedMigration[];
  /** Files without a live history row, in migration order. */
  pending: MigrationSource[];
  /** Problems that block applying (severity error, spans on line 1). */
  findings: Diagnostic[];
  /** Every file and every live row without a file, in migration order (by number, then name). */
  files: MigrationFileStatus[];
}

/**
 * Compares the migration files (in any order) with the history rows. `directory` is the migrations directory as
 * the files' paths write it: a missing file's diagnostic names `directory/name`.
 */
export function planHistory(files: readonly MigrationSource[], rows: readonly HistoryRow[], directory: string): HistoryPlan {
  const sorted = [...files].sort((a, b) => a.index - b.index || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const live = liveHistory(rows);
  const rowByIndex = new Map<number, HistoryRow>();
  for (const row of live) if (!rowByIndex.has(row.index)) rowByIndex.set(row.index, row);
  const filesByIndex = new Map<number, MigrationSource[]>();
  for (const file of sorted) filesByIndex.set(file.index, [...(filesByIndex.get(file.index) ?? []), file]);

  const findings: Diagnostic[] = [];
  const states = new Map<MigrationSource, MigrationFileState>();
  const missing: MigrationFileStatus[] = [];
  for (const group of filesByIndex.values()) {
    if (group.length < 2) continue;
    for (const file of group) {
      states.set(file, { kind: 'duplicate-index', applied: rowByIndex.has(file.index) });
      const others = group.filter((f) => f !== file).map((f) => `"${f.name}"`).join(', ');
      findings.push(lineOne(file, 'migration-duplicate-index',
        `"${file.name}" has the same number (${file.index}) as ${others}; pg-migrations refuses to apply a folder ` +
          `with two migrations of one number. Renumber the one that is not applied yet.`));
    }
  }

  for (const row of live) {
    const group = filesByIndex.get(row.index);
    if (!group) {
      missing.push({ name: row.name, index: row.index, path: joinPath(directory, row.name), state: { kind: 'file-missing', appliedAt: row.appliedAt } });
      if (row.ignoredError === IGNORABLE_ERRORS.missing) continue;
      findings.push({
        code: 'migration-missing',
        file: joinPath(directory, row.name),
        span: { start: 0, end: 0 },
        severity: 'error',
        message:
          `"${row.name}" was applied ${describeDate(row.appliedAt)} but its file is gone. Electric has no rollbacks: ` +
          `restore the file (its applied text is in ${APPLIED_TABLE}.script) and make further changes in a new migration.`,
      });
      continue;
    }
    if (group.length > 1) continue;
    const file = group[0];
    if (file.script === row.script || row.ignoredError === IGNORABLE_ERRORS.edited) {
      states.set(file, { kind: 'applied', appliedAt: row.appliedAt });
      continue;
    }
    const renamed = row.name !== file.name ? ` (as "${row.name}")` : '';
    const line = firstDifferentLine(file.script, row.script);
    states.set(file, { kind: 'edited', appliedAt: row.appliedAt, firstDifferentLine: line });
    findings.push(lineOne(file, 'migration-edited',
      `"${file.name}" was applied ${describeDate(row.appliedAt)}${renamed} and has changed since ` +
        `(first difference on line ${line}). An applied migration never runs ` +
        `again: restore the applied text and put the change in a new migration.`));
  }

  const pending = sorted.filter((f) => !rowByIndex.has(f.index));
  for (const file of pending) {
    if ((filesByIndex.get(file.index)?.length ?? 0) > 1) continue;
    const later = laterAppliedRows(file, sorted, rowByIndex);
    const blocking = later.filter((r) => r.ignoredError !== IGNORABLE_ERRORS.outOfOrder);
    if (blocking.length === 0) continue;
    states.set(file, { kind: 'out-of-order', appliedAfter: blocking[0].name });
    findings.push(lineOne(file, 'migration-out-of-order',
      `"${file.name}" is not applied, but "${blocking[0].name}", which comes after it, already is. Migrations ` +
        `apply in order: give this file a number after the last applied migration.`));
  }

  const applied = live.map((row) => {
    const group = filesByIndex.get(row.index);
    return { index: row.index, name: row.name, appliedAt: row.appliedAt, ...(group?.length === 1 ? { path: group[0].path } : {}) };
  });
  const present = sorted.map((file): MigrationFileStatus => ({
    name: file.name,
    index: file.index,
    path: file.path,
    state: states.get(file) ?? { kind: 'pending' },
  }));
  const statuses = [...present, ...missing].sort((a, b) => a.index - b.index || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { applied, pending, findings, files: statuses };
}

/**
 * pg-migrations' order check: the applied rows of the files after `file`, up to the first unapplied file that
 * follows an applied one.
 */
function laterAppliedRows(file: MigrationSource, sorted: readonly MigrationSource[], rowByIndex: ReadonlyMap<number, HistoryRow>): HistoryRow[] {
  const rows: HistoryRow[] = [];
  for (const other of sorted) {
    if (other.index <= file.index) continue;
    const row = rowByIndex.get(other.index);
    if (row) rows.push(row);
    else if (rows.length > 0) break;
  }
  return rows;
}

function lineOne(file: MigrationSource, code: string, message: string): Diagnostic {
  return { code, file: file.path, span: firstLineSpan(sourceText(file)), severity: 'error', message };
}

function joinPath(directory: string, name: string): string {
  if (directory === '' || directory === '.') return name;
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}

function describeDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? 'earlier' : `on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function firstDifferentLine(a: string, b: string): number {
  const linesA = a.split(/\r\n|\n|\r/);
  const linesB = b.split(/\r\n|\n|\r/);
  let line = 0;
  while (line < linesA.length && line < linesB.length && linesA[line] === linesB[line]) line++;
  return line + 1;
}

/** A statement and where it is in its file. */
export interface PlannedStatement {
  span: Span;
  text: string;
}

/** How one pending file is run. */
export interface StatementPlan {
  /**
   * The statement that opens the file's transaction: the file's own leading `BEGIN …`/`START TRANSACTION …`
   * (so that an isolation level it asks for is kept), else undefined for a plain `BEGIN`.
   */
  begin?: PlannedStatement;
  /** What is sent, in order, inside the transaction. */
  statements: PlannedStatement[];
  /** DDLX statements not sent (every target but Electric's proxy: Postgres cannot run DDLX). */
  skippedDdlx: PlannedStatement[];
  /** The file's own COMMIT/END and further BEGINs: not sent, the engine's transaction takes their place. */
  transactionControl: PlannedStatement[];
  /** Statements that would break the one-transaction-per-file guarantee (`apply-failed`); the file must not run. */
  problems: Finding[];
}

/**
 * Decides what is sent of a parsed file. DDLX is recognised from the AST (`isDdlx`), never by matching text.
 *
 * Transactions: each file runs in one transaction together with its history row, so a file's own transaction
 * control must not end that transaction early. `BEGIN`/`START TRANSACTION` and `COMMIT`/`END` (Electric's
 * introduction example wraps its file in them) are therefore not sent: a leading BEGIN opens the engine's
 * transaction instead of a plain one, the others are dropped, and several BEGIN…COMMIT blocks in one file become one
 * transaction (all or nothing, as before, only larger). Savepoints are sent. A `ROLLBACK`/`ABORT` of the whole
 * transaction, or `PREPARE TRANSACTION`, cannot keep that guarantee: the file is refused before anything runs.
 */
export function planStatements(parsed: ParsedFile, options: { sendDdlx: boolean }): StatementPlan {
  const plan: StatementPlan = { statements: [], skippedDdlx: [], transactionControl: [], problems: [] };
  for (const statement of parsed.statements) {
    const planned = { span: statement.span, text: statement.text };
    const ast = statement.ast;
    if (ast && isDdlx(ast)) {
      (options.sendDdlx ? plan.statements : plan.skippedDdlx).push(planned);
      continue;
    }
    if (ast?.kind !== 'transaction') {
      plan.statements.push(planned);
      continue;
    }
    switch (transactionRole(statement)) {
      case 'begin':
        if (!plan.begin && plan.statements.length === 0 && plan.transactionControl.length === 0) plan.begin = planned;
        else plan.transactionControl.push(planned);
        break;
      case 'commit':
        plan.transactionControl.push(planned);
        break;
      case 'send':
        plan.statements.push(planned);
        break;
      case 'refuse':
        plan.problems.push({
          code: 'apply-failed',
          span: firstWordSpan(statement),
          message:
            `This file is not applied: "${firstWord(statement)}" would end the transaction that holds the file and its ` +
            `history row, so a failure could leave it half-applied. Each migration already runs in one transaction ` +
            `(all or nothing); remove this statement.`,
        });
        break;
    }
  }
  return plan;
}

type TransactionRole = 'begin' | 'commit' | 'send' | 'refuse';

/** What a transaction-control statement does to the file's transaction, read from its compacted words. */
function transactionRole(statement: ParsedStatement): TransactionRole {
  const words = compactStatement(statement.text).text.split(/\s+/).filter(Boolean);
  const [verb, second] = words;
  switch (verb) {
    case 'begin':
    case 'start':
      return 'begin';
    case 'commit':
    case 'end':
      // COMMIT PREPARED is a different command, which Postgres refuses inside a transaction: let it say so.
      return second === 'prepared' ? 'send' : 'commit';
    case 'rollback':
    case 'abort':
      if (second === 'prepared') return 'send';
      return words.includes('to') ? 'send' : 'refuse';
    case 'savepoint':
    case 'release':
      return 'send';
    default:
      // PREPARE TRANSACTION hands the open transaction to a later COMMIT PREPARED.
      return 'refuse';
  }
}

function firstWord(statement: ParsedStatement): string {
  return /^\S+/.exec(statement.text)?.[0] ?? statement.text;
}

function firstWordSpan(statement: ParsedStatement): Span {
  return { start: statement.span.start, end: statement.span.start + firstWord(statement).length };
}
