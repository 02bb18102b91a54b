/**
 * The words of the apply and validate commands — the confirmation, the log, the summary — as pure functions of the
 * server's answers (MigrationStatusRequest, ApplyPendingRequest), testable without VS Code.
 */
import type { ApplyPendingRequest, MigrationStatusRequest } from '../../../server/src/lsp/protocol';

export type ApplyResult = ApplyPendingRequest.Result;
export type StatusResult = MigrationStatusRequest.Result;

export type ConfirmChoice = 'apply' | 'applyDespiteErrors' | 'showProblems' | 'cancel';

export interface ConfirmItem {
  label: string;
  description?: string;
  detail?: string;
  choice: ConfirmChoice;
}

export interface Confirmation {
  title: string;
  placeholder: string;
  items: ConfirmItem[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The quick pick that asks before applying: the pending files and the target; with error-level lint problems in
 * those files the first choice says it applies despite them (the server refuses otherwise).
 */
export function confirmation(status: StatusResult, lintErrors: number): Confirmation {
  const files = status.pending.map((p) => p.name);
  const title = `Apply ${plural(files.length, 'pending migration')} to ${status.description}`;
  const detail = files.join(', ');
  const items: ConfirmItem[] = lintErrors > 0
    ? [
        { label: `$(warning) Apply despite ${plural(lintErrors, 'error')}`, description: status.description, detail, choice: 'applyDespiteErrors' },
        { label: '$(list-flat) Show Problems', description: 'review the errors first', choice: 'showProblems' },
        { label: '$(close) Cancel', choice: 'cancel' },
      ]
    : [
        { label: `$(play) Apply ${plural(files.length, 'migration')}`, description: status.description, detail, choice: 'apply' },
        { label: '$(close) Cancel', choice: 'cancel' },
      ];
  const placeholder = lintErrors > 0
    ? `${plural(lintErrors, 'error-level problem')} in the pending files: Electric would likely reject them`
    : 'Each file and its history row are applied in one transaction; a failure rolls that file back and stops';
  return { title, placeholder, items };
}

export interface Summary {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** Offer a "Show Problems" button: the run left diagnostics to look at. */
  showProblems: boolean;
}

/** The message after a run. */
export function summarize(result: ApplyResult, dryRun: boolean): Summary {
  const done = result.applied.length;
  const skipped = result.skippedDdlx.length > 0 ? ` (${plural(result.skippedDdlx.length, 'DDLX statement')} not sent to ${result.description}: see the output)` : '';
  const ms = result.applied.reduce((sum, f) => sum + f.ms, 0);
  switch (result.outcome) {
    case 'applied':
      return dryRun
        ? { level: 'info', message: `${plural(done, 'pending migration')} would apply cleanly on ${result.description} (${ms} ms)${skipped}.`, showProblems: false }
        : { level: 'info', message: `Applied ${plural(done, 'migration')} to ${result.description} in ${ms} ms${skipped}.`, showProblems: false };
    case 'up-to-date':
      return { level: 'info', message: `No pending migrations: ${result.description} is up to date.`, showProblems: result.errors > 0 };
    case 'cancelled':
      return { level: 'warning', message: `Cancelled after ${plural(done, 'migration')}${dryRun ? ' validated' : ' applied'}; ${plural(result.pending.length, 'file')} still pending.`, showProblems: false };
    case 'failed':
      return { level: 'error', message: `${dryRun ? 'Validation' : 'Apply'} failed${done > 0 ? ` after ${plural(done, 'migration')}` : ''}: ${result.reason ?? 'the database rejected a statement'}.`, showProblems: true };
    case 'refused':
    case 'declined':
      return { level: 'error', message: `${result.reason ?? 'Not applied'}.`, showProblems: result.errors > 0 };
  }
}

/**
 * The output channel's lines after a run: each DDLX statement that was not sent, then the outcome. (The server
 * already logged each file with its time as it ran, in the same channel.)
 */
export function logLines(result: ApplyResult, dryRun: boolean, displayPath: (uri: string) => string): string[] {
  const verb = dryRun ? 'validated' : 'applied';
  const lines: string[] = [];
  for (const s of result.skippedDdlx) lines.push(`skipped DDLX (not sent to ${result.description}) ${displayPath(s.uri)}:${s.range.start.line + 1}: ${oneLine(s.statement)}`);
  lines.push(`${dryRun ? 'validate' : 'apply'} on ${result.description}: ${result.outcome}${result.reason ? ` (${result.reason})` : ''}; ${plural(result.applied.length, 'file')} ${verb}, ${plural(result.pending.length, 'file')} pending, ${plural(result.errors, 'error')}`);
  return lines;
}

function oneLine(statement: string): string {
  const flat = statement.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** LSP work-done progress carries a percentage; VS Code's progress wants increments. */
export function progressIncrement(previous: number, percentage: number | undefined): { increment: number; next: number } {
  if (percentage === undefined || percentage <= previous) return { increment: 0, next: previous };
  const next = Math.min(100, percentage);
  return { increment: next - previous, next };
}
