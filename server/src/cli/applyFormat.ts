/**
 * How `apply` and `status` print (product.md §3). Text names each applied file, each skipped DDLX statement (with
 * the word "skipped") and each problem as `file:line:column code message`; JSON is one object:
 * `{"version":1,"target":…,"applied":[…],"pending":[…],"skippedDdlx":[{"file","line","statement"}],"diagnostics":[…]}`.
 */
import { displayMessage, escapeControlCharacters } from '../util/displayText';
import type { ApplyReport, SkippedStatement, StatusReport } from '../migrations/apply';
import { appliedAtOf, FILE_STATE_LABELS, type MigrationFileState, type MigrationFileStatus } from '../migrations/plan';
import type { Diagnostic } from '../rules/types';
import { locateDiagnostics, toJsonDiagnostic } from './format';
import { LineIndex } from './positions';

/** Line indexes of the files, built on first use. */
export class FileLines {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private texts: ReadonlyMap<string, string>) {}

  /** Switches to other texts (a streaming printer learns them once the folder has been read). */
  use(texts: ReadonlyMap<string, string>): void {
    this.texts = texts;
    this.indexes.clear();
  }

  textOf(file: string): string {
    return this.texts.get(file) ?? '';
  }

  line(file: string, offset: number): number {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.textOf(file));
      this.indexes.set(file, index);
    }
    return index.position(offset).line;
  }

  where(file: string, offset: number): string {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.textOf(file));
      this.indexes.set(file, index);
    }
    const { line, column } = index.position(offset);
    return `${file}:${line}:${column}`;
  }
}

/** A statement on one line, for a report line (whitespace runs collapsed). */
export function oneLine(statement: string): string {
  return displayMessage(statement.replace(/\s+/g, ' ').trim());
}

export function skippedDdlxLine(s: SkippedStatement, lines: FileLines): string {
  return `skipped ${lines.where(s.file, s.span.start)} ${oneLine(s.statement)} (DDLX: only Electric's migrations proxy runs it)`;
}

export function problemLines(diagnostics: readonly Diagnostic[], lines: FileLines): string[] {
  return locateDiagnostics(diagnostics, (file) => lines.textOf(file)).map((d) => {
    const tag = d.severity === 'error' ? '' : ` [${d.severity}]`;
    return `${escapeControlCharacters(d.file)}:${d.line}:${d.column} ${d.code} ${d.message}${tag}`;
  });
}

/** The lines printed after the files: problems, then what happened. */
export function applySummary(report: ApplyReport, lines: FileLines): string[] {
  const out = problemLines(report.diagnostics, lines);
  const where = report.dryRun ? `in the dry run (nothing was written to ${report.description})` : `to ${report.description}`;
  const pending = `${report.pending.length} pending`;
  switch (report.outcome) {
    case 'applied':
      out.push(`Applied ${plural(report.applied.length, 'migration')} ${where}; ${pending}.${ddlxNote(report)}`);
      break;
    case 'up-to-date':
      out.push(`Nothing to apply${report.dryRun ? ' in the dry run' : ''}: no pending migrations on ${report.description}.`);
      break;
    default:
      out.push(`${capitalise(report.reason ?? report.outcome)}.`);
      out.push(`${plural(report.applied.length, 'migration')} applied ${where}; ${pending}.${ddlxNote(report)}`);
  }
  return out;
}

function ddlxNote(report: ApplyReport): string {
  const n = report.skippedDdlx.length;
  return n === 0 ? '' : ` ${plural(n, 'DDLX statement')} skipped: only Electric's migrations proxy (--target electric-proxy) runs DDLX.`;
}

export function formatApplyJson(report: ApplyReport, lines: FileLines): string {
  return (
    JSON.stringify({
      version: 1,
      target: report.target,
      applied: report.applied.map((f) => f.name),
      pending: report.pending.map((f) => f.name),
      skippedDdlx: report.skippedDdlx.map((s) => ({ file: s.file, line: lines.line(s.file, s.span.start), statement: s.statement })),
      diagnostics: locateDiagnostics(report.diagnostics, (file) => lines.textOf(file)).map(toJsonDiagnostic),
    }) + '\n'
  );
}

export function formatStatusText(report: StatusReport, lines: FileLines): string {
  const out = [`Target: ${report.description}`];
  for (const f of report.files) out.push(fileStatusLine(f));
  out.push(...problemLines(report.diagnostics, lines));
  const problems = report.diagnostics.length === 0 ? '' : `, ${plural(report.diagnostics.length, 'problem')}`;
  out.push(`${report.applied.length} applied, ${report.pending.length} pending${problems}.`);
  return out.join('\n') + '\n';
}

/** One file of `status`: the state's words (shared with the editor's code lens), the name, and the detail. */
function fileStatusLine(file: MigrationFileStatus): string {
  const head = `${FILE_STATE_LABELS[file.state.kind]} ${file.name}`;
  const state = file.state;
  switch (state.kind) {
    case 'applied':
      return `${head} on ${utc(state.appliedAt)}`;
    case 'pending':
      return head;
    case 'edited':
      return `${head} (applied on ${utc(state.appliedAt)}; first difference on line ${state.firstDifferentLine})`;
    case 'file-missing':
      return `${head} (applied on ${utc(state.appliedAt)})`;
    case 'out-of-order':
      return `${head} (not applied, but ${state.appliedAfter}, after it, is)`;
    case 'duplicate-index':
      return `${head} (${state.applied ? 'its number is applied' : 'not applied'}; another file has the same number)`;
  }
}

function utc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function formatStatusJson(report: StatusReport, lines: FileLines): string {
  return (
    JSON.stringify({
      version: 1,
      target: report.target,
      applied: report.applied.map((a) => a.name),
      pending: report.pending.map((p) => p.name),
      files: report.files.map((f) => ({ name: f.name, file: f.path, state: f.state.kind, ...jsonAppliedAt(f.state) })),
      skippedDdlx: [],
      diagnostics: locateDiagnostics(report.diagnostics, (file) => lines.textOf(file)).map(toJsonDiagnostic),
    }) + '\n'
  );
}

function jsonAppliedAt(state: MigrationFileState): { appliedAt?: string } {
  const at = appliedAtOf(state);
  return at ? { appliedAt: at.toISOString() } : {};
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
