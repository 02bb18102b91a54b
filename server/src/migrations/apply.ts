/**
 * The apply engine (product.md §6): `applyMigrations`, `dryRunMigrations` and `migrationStatus`. Shared by the CLI
 * and the language server, so it never prints and never reads files: the caller passes the migration files and
 * callbacks, and gets a structured report back. Runs that cannot start (no database, a history it must not touch,
 * another applier holding the lock) throw `ApplyStartError` before anything is written.
 *
 * An apply: open the target → take the advisory lock → read the history → plan (history checks) → lint the pending
 * files → refuse on any history problem, on lint errors unless `allowErrors`, or when not confirmed → then each
 * pending file in its own transaction with its history row (`runFile.ts`), stopping at the first failure, and
 * checking `isCancelled()` between files.
 */
import type { LintSettings } from '../rules/context';
import type { Diagnostic } from '../rules/types';
import type { Span } from '../syntax/ast';
import type { Parser } from '../syntax/parse';
import { liveHistory, type HistoryRow } from './history';
import { prepareHistory, readHistory } from './historyStore';
import {
  planHistory,
  planStatements,
  sourceText,
  type MigrationFileStatus,
  type MigrationSource,
  type PlannedStatement,
  type StatementPlan,
} from './plan';
import { runFile } from './runFile';
import { ApplyStartError, describeTargetSpec, type Target, type TargetKind, type TargetSpec } from './target';
import { openScratchDatabase, openTarget, targetExists } from './targets/open';

/** A migration file named in a report. */
export interface FileRef {
  name: string;
  path: string;
}

export interface AppliedFile extends FileRef {
  /** Wall time of the file's transaction. */
  ms: number;
}

/** A statement of a pending file that is not sent (DDLX to a plain Postgres, or the file's own BEGIN/COMMIT). */
export interface SkippedStatement {
  file: string;
  span: Span;
  statement: string;
}

/**
 * How a run ended: `applied` every pending file (dry run: would be), `up-to-date` nothing was pending, `refused`
 * history problems or lint errors (nothing applied), `declined` not confirmed, `failed` a file failed (the files
 * before it stay applied), `cancelled` stopped between files.
 */
export type ApplyOutcome = 'applied' | 'up-to-date' | 'refused' | 'declined' | 'failed' | 'cancelled';

export interface ApplyReport {
  target: TargetKind;
  /** The target as messages name it (a URL with its password masked, or a directory). */
  description: string;
  dryRun: boolean;
  outcome: ApplyOutcome;
  /** One line saying why, for every outcome but `applied` and `up-to-date`. */
  reason?: string;
  /** Applied in this run (dry run: applied to the throw-away database), in order. */
  applied: AppliedFile[];
  /** Still pending after the run. */
  pending: FileRef[];
  /** DDLX statements of the applied files that were not sent (every target but electric-proxy). */
  skippedDdlx: SkippedStatement[];
  /** Transaction control of the applied files that the engine's per-file transaction replaced. */
  transactionControl: SkippedStatement[];
  /** Lint diagnostics of the pending files, history problems and `apply-failed`, ordered by file and position. */
  diagnostics: Diagnostic[];
}

export interface StatusReport {
  target: TargetKind;
  description: string;
  /** Live history rows in order, with the file's path when it still exists. */
  applied: Array<{ name: string; path?: string; appliedAt: Date }>;
  pending: FileRef[];
  /** Where each file (and each recorded migration whose file is gone) stands, in migration order. */
  files: MigrationFileStatus[];
  /** History problems only (status does not lint). */
  diagnostics: Diagnostic[];
}

export type ApplyEvent =
  | { kind: 'connected'; target: TargetKind; description: string }
  | { kind: 'planned'; applied: number; pending: FileRef[] }
  /** Dry run: a recorded migration is being replayed into the scratch database. */
  | { kind: 'replaying'; name: string }
  | { kind: 'fileStarted'; file: FileRef; position: number; total: number }
  | { kind: 'statement'; file: FileRef; span: Span; text: string }
  | { kind: 'skipped'; file: FileRef; span: Span; text: string; why: 'ddlx' | 'transaction-control' }
  | { kind: 'fileApplied'; file: FileRef; ms: number }
  | { kind: 'fileFailed'; file: FileRef; ms: number; diagnostic: Diagnostic }
  /** A server notice (Electric's proxy reports captured migrations this way). */
  | { kind: 'notice'; message: string };

/** What an LSP handler or the CLI passes in; all of it is optional. */
export interface EngineCallbacks {
  onProgress?(event: ApplyEvent): void;
  /** Asked between files; true stops the run before the next file (the current one always finishes). */
  isCancelled?(): boolean;
  /** Asked once everything is checked and something is pending; false leaves the database untouched. */
  confirm?(pending: readonly FileRef[], target: { kind: TargetKind; description: string }): Promise<boolean>;
}

export interface MigrationsInput {
  /**
   * The numbered `.sql` files of the migrations directory (`_` files excluded, the layout already judged by
   * `judgeLayout`), with their paths written as `directory` writes the directory.
   */
  files: MigrationSource[];
  /** The migrations directory, written as the files' paths write it. */
  directory: string;
}

/**
 * A target to open (and close), or an open session the caller owns: the engine closes only what it opened (the
 * language server may keep a session; tests share one PGlite per file).
 */
export type TargetInput = TargetSpec | Target;

export interface ApplyRequest extends MigrationsInput {
  target: TargetInput;
  lint: LintSettings;
  /** Apply despite error-level lint diagnostics in pending files. History problems still refuse. */
  allowErrors?: boolean;
  /**
   * The parser (the language server passes its own, whose statement cache already holds the files); default: a new
   * one, which loads Postgres' parser (about 10 ms).
   */
  parser?: Parser;
  /** Connect timeout for Postgres URLs (default: the URL's connect_timeout, PGCONNECT_TIMEOUT, else 10 s). */
  connectTimeoutMs?: number;
}

export interface DryRunRequest extends Omit<ApplyRequest, 'target'> {
  /** Where the history comes from; without one, nothing counts as applied. Only read, never written. */
  target?: TargetInput;
  /**
   * Opens the throw-away database (default: a fresh in-memory PGlite, about 2–3 s). A caller that validates often
   * (the editor, on save) passes `scratchDatabases().open`, which restores a snapshot instead (about 0.5 s).
   */
  scratch?: () => Promise<Target>;
}

export interface StatusRequest extends MigrationsInput {
  target: TargetInput;
  connectTimeoutMs?: number;
}

/** Applies the pending migrations to the target. */
export async function applyMigrations(request: ApplyRequest, callbacks: EngineCallbacks = {}): Promise<ApplyReport> {
  if (!(await exists(request.target))) {
    // A PGlite directory that does not exist yet has an empty history: refuse before creating it, so that a
    // refused run leaves nothing behind. (The run below checks again, under the lock.)
    const prepared = await prepare(request, [], false, {});
    const gate = await checkGate(prepared, request, describe(request.target), {});
    if (gate && gate.outcome === 'refused') {
      callbacks.onProgress?.({ kind: 'planned', applied: 0, pending: prepared.pending.map(ref) });
      return finish(emptyReport(describe(request.target), false, prepared), gate.outcome, gate.reason);
    }
  }
  return withTarget(request.target, request, callbacks, async (target) => {
    if (!(await target.tryLock())) {
      throw new ApplyStartError('locked', `another apply is running: it holds the lock on ${target.description} (advisory lock); try again when it has finished`);
    }
    const history = await readHistory(target);
    const prepared = await prepare(request, history.rows, target.kind === 'electric-proxy', callbacks);
    const report = emptyReport(target, false, prepared);
    const gate = await checkGate(prepared, request, target, callbacks);
    if (gate) return finish(report, gate.outcome, gate.reason);
    await prepareHistory(target, history.layout);
    return await runPending(target, prepared, report, true, callbacks);
  });
}

/**
 * Applies the pending migrations to a throw-away in-memory PGlite after replaying the applied ones (their recorded
 * text) into it, and reports what would fail. The target, when given, is only read.
 */
export async function dryRunMigrations(request: DryRunRequest, callbacks: EngineCallbacks = {}): Promise<ApplyReport> {
  let rows: HistoryRow[] = [];
  let where: { kind: TargetKind; description: string } = { kind: 'pglite', description: 'no database (nothing counts as applied)' };
  if (request.target && (await exists(request.target))) {
    [rows, where] = await withTarget(request.target, request, callbacks, async (target) => [(await readHistory(target)).rows, describe(target)] as const);
  } else if (request.target) {
    where = describe(request.target);
  }
  // Statements are planned as for PGlite, which cannot run DDLX, whatever the real target is.
  const prepared = await prepare(request, rows, false, callbacks);
  const report = emptyReport(where, true, prepared);
  const gate = await checkGate(prepared, request, where, { ...callbacks, confirm: undefined });
  if (gate) return finish(report, gate.outcome, gate.reason);

  const scratch = await (request.scratch ?? openScratchDatabase)();
  try {
    const replayFailure = await replay(scratch, rows, request, prepared.parser, callbacks);
    if (replayFailure) {
      report.diagnostics = sortDiagnostics([...report.diagnostics, replayFailure]);
      return finish(report, 'failed', 'replaying the applied migrations into PGlite failed, so the pending ones could not be checked');
    }
    await prepareHistory(scratch, { kind: 'empty' });
    return await runPending(scratch, prepared, report, true, callbacks);
  } finally {
    await scratch.close();
  }
}

/** Applied and pending migrations and the history's problems. Reads only; a missing PGlite directory is not created. */
export async function migrationStatus(request: StatusRequest, callbacks: Pick<EngineCallbacks, 'onProgress'> = {}): Promise<StatusReport> {
  let rows: HistoryRow[] = [];
  let where = describe(request.target);
  if (await exists(request.target)) {
    [rows, where] = await withTarget(request.target, request, callbacks, async (target) => [(await readHistory(target)).rows, describe(target)] as const);
  }
  const plan = planHistory(request.files, rows, request.directory);
  const applied = plan.applied.map((a) => ({ name: a.name, appliedAt: a.appliedAt, ...(a.path ? { path: a.path } : {}) }));
  return {
    target: where.kind,
    description: where.description,
    applied,
    pending: plan.pending.map(ref),
    files: plan.files,
    diagnostics: sortDiagnostics(plan.findings),
  };
}

// ---- the steps ----------------------------------------------------------------------------------------------------

interface Prepared {
  pending: MigrationSource[];
  plans: Map<MigrationSource, StatementPlan>;
  /** History problems and the statement plans' problems: these always refuse. */
  blocking: Diagnostic[];
  /** Lint diagnostics of the pending files. */
  lint: Diagnostic[];
  parser: Parser;
}

function isSession(input: TargetInput): input is Target {
  return typeof (input as Target).exec === 'function';
}

/** Runs `fn` on the target: opened (and closed) here for a spec, used as it is for a session the caller owns. */
async function withTarget<T>(input: TargetInput, request: { connectTimeoutMs?: number }, callbacks: EngineCallbacks, fn: (target: Target) => Promise<T>): Promise<T> {
  const owned = !isSession(input);
  const target = isSession(input)
    ? input
    : await openTarget(input, {
        connectTimeoutMs: request.connectTimeoutMs,
        onNotice: (message) => callbacks.onProgress?.({ kind: 'notice', message }),
      });
  callbacks.onProgress?.({ kind: 'connected', target: target.kind, description: target.description });
  try {
    return await fn(target);
  } finally {
    if (owned) await target.close();
  }
}

async function exists(input: TargetInput): Promise<boolean> {
  return isSession(input) || (await targetExists(input));
}

function describe(input: TargetInput): { kind: TargetKind; description: string } {
  if (isSession(input)) return { kind: input.kind, description: input.description };
  return { kind: input.kind, description: describeTargetSpec(input) };
}

async function prepare(
  request: MigrationsInput & { lint: LintSettings; parser?: Parser },
  rows: readonly HistoryRow[],
  sendDdlx: boolean,
  callbacks: EngineCallbacks,
): Promise<Prepared> {
  const history = planHistory(request.files, rows, request.directory);
  callbacks.onProgress?.({ kind: 'planned', applied: history.applied.length, pending: history.pending.map(ref) });
  // Loaded here, not at the top: `status` never lints or parses, and the grammar is a large part of start-up.
  const parser = request.parser ?? (await (await import('../syntax/parse')).createParser());
  const { lintMigrations } = await import('../language/lint');
  const pendingPaths = new Set(history.pending.map((f) => f.path));
  const lint = pendingPaths.size === 0
    ? []
    : lintMigrations(
        parser,
        request.files.map((f) => ({ path: f.path, text: sourceText(f) })),
        request.lint,
        { migrationsDirectory: request.directory, report: (p: string) => pendingPaths.has(p) },
      );
  const plans = new Map<MigrationSource, StatementPlan>();
  const blocking = [...history.findings];
  for (const file of history.pending) {
    const plan = planStatements(parser.parseFile(sourceText(file)), { sendDdlx });
    plans.set(file, plan);
    blocking.push(...plan.problems.map((p): Diagnostic => ({ code: p.code, span: p.span, message: p.message, file: file.path, severity: 'error' })));
  }
  return { pending: history.pending, plans, blocking, lint, parser };
}

function emptyReport(target: { kind: TargetKind; description: string }, dryRun: boolean, prepared: Prepared): ApplyReport {
  return {
    target: target.kind,
    description: target.description,
    dryRun,
    outcome: 'up-to-date',
    applied: [],
    pending: prepared.pending.map(ref),
    skippedDdlx: [],
    transactionControl: [],
    diagnostics: mergeDiagnostics(prepared.blocking, prepared.lint),
  };
}

async function checkGate(
  prepared: Prepared,
  request: { allowErrors?: boolean },
  target: { kind: TargetKind; description: string },
  callbacks: EngineCallbacks,
): Promise<{ outcome: ApplyOutcome; reason: string } | undefined> {
  if (prepared.blocking.length > 0) {
    return { outcome: 'refused', reason: `not applied: ${count(prepared.blocking.length, 'problem')} with the migration history or a file's transactions (nothing overrides these)` };
  }
  const lintErrors = prepared.lint.filter((d) => d.severity === 'error').length;
  if (lintErrors > 0 && !request.allowErrors) {
    return { outcome: 'refused', reason: `not applied: ${count(lintErrors, 'error')} in the pending migrations (--allow-errors applies them anyway)` };
  }
  if (prepared.pending.length === 0) return undefined;
  if (callbacks.confirm && !(await callbacks.confirm(prepared.pending.map(ref), target))) {
    return { outcome: 'declined', reason: 'not applied: not confirmed' };
  }
  return undefined;
}

async function runPending(target: Target, prepared: Prepared, report: ApplyReport, record: boolean, callbacks: EngineCallbacks): Promise<ApplyReport> {
  const total = prepared.pending.length;
  for (const [position, file] of prepared.pending.entries()) {
    if (callbacks.isCancelled?.()) {
      return finish(report, 'cancelled', `cancelled after ${count(report.applied.length, 'file')}; ${count(total - position, 'file')} still pending`);
    }
    const plan = prepared.plans.get(file)!;
    const fileRef = ref(file);
    callbacks.onProgress?.({ kind: 'fileStarted', file: fileRef, position: position + 1, total });
    for (const s of plan.skippedDdlx) callbacks.onProgress?.({ kind: 'skipped', file: fileRef, span: s.span, text: s.text, why: 'ddlx' });
    const control = plan.begin ? [plan.begin, ...plan.transactionControl] : plan.transactionControl;
    for (const s of control) callbacks.onProgress?.({ kind: 'skipped', file: fileRef, span: s.span, text: s.text, why: 'transaction-control' });

    const result = await runFile(target, file, plan, {
      record,
      onStatement: (s) => callbacks.onProgress?.({ kind: 'statement', file: fileRef, span: s.span, text: s.text }),
    });
    if (!result.ok) {
      callbacks.onProgress?.({ kind: 'fileFailed', file: fileRef, ms: result.ms, diagnostic: result.diagnostic });
      report.diagnostics = sortDiagnostics([...report.diagnostics, result.diagnostic]);
      return finish(report, 'failed', `"${file.name}" failed${report.dryRun ? ' in the dry run' : ''}; ${count(report.applied.length, 'file')} applied before it`);
    }
    report.applied.push({ ...fileRef, ms: result.ms });
    report.pending = report.pending.filter((p) => p.path !== file.path);
    report.skippedDdlx.push(...plan.skippedDdlx.map((s) => skipped(file, s)));
    report.transactionControl.push(...control.map((s) => skipped(file, s)));
    callbacks.onProgress?.({ kind: 'fileApplied', file: fileRef, ms: result.ms });
  }
  return finish(report, total === 0 ? 'up-to-date' : 'applied');
}

/** Runs the recorded text of the applied migrations on the scratch database; the failure, if one fails. */
async function replay(
  scratch: Target,
  rows: readonly HistoryRow[],
  request: MigrationsInput,
  parser: Parser,
  callbacks: EngineCallbacks,
): Promise<Diagnostic | undefined> {
  for (const row of liveHistory(rows)) {
    callbacks.onProgress?.({ kind: 'replaying', name: row.name });
    const file = request.files.find((f) => f.index === row.index);
    const source: MigrationSource = { path: file?.path ?? row.name, name: row.name, index: row.index, script: row.script };
    const plan = planStatements(parser.parseFile(sourceText(source)), { sendDdlx: false });
    const result = await runFile(scratch, source, plan, { record: false, verb: 'replaying the applied migration' });
    if (!result.ok) return result.diagnostic;
  }
  return undefined;
}

// ---- small helpers ------------------------------------------------------------------------------------------------

function finish(report: ApplyReport, outcome: ApplyOutcome, reason?: string): ApplyReport {
  report.outcome = outcome;
  if (reason) report.reason = reason;
  else delete report.reason;
  return report;
}

function ref(file: MigrationSource): FileRef {
  return { name: file.name, path: file.path };
}

function skipped(file: MigrationSource, statement: PlannedStatement): SkippedStatement {
  return { file: file.path, span: statement.span, statement: statement.text };
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Lint diagnostics and the plan's, without repeating what both report (duplicate numbers). */
function mergeDiagnostics(first: readonly Diagnostic[], second: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => `${d.file}\0${d.code}\0${d.span.start}\0${d.span.end}`;
  const seen = new Set(first.map(key));
  return sortDiagnostics([...first, ...second.filter((d) => !seen.has(key(d)))]);
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => {
    if (a.file !== b.file) return a.file < b.file ? -1 : 1;
    return a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}
