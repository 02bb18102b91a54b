/**
 * Runs one migration file on a target: one transaction holding the file's statements and its history row, so a
 * file is applied entirely or not at all. On failure the transaction is rolled back (a lost connection rolls it
 * back on the server) and the failure is placed at the statement the database rejected.
 */
import type { Diagnostic } from '../rules/types';
import type { Span } from '../syntax/ast';
import { errorSpan } from './errorPosition';
import { indexIsFree, recordApplied } from './historyStore';
import { sourceText, type MigrationSource, type PlannedStatement, type StatementPlan } from './plan';
import { DatabaseError, type Target } from './target';

export interface RunFileOptions {
  /** Write the history row (false when replaying recorded migrations into a scratch database). */
  record: boolean;
  /** Called before each statement is sent. */
  onStatement?: (statement: PlannedStatement) => void;
  /** Words for failure messages: "applying" or "replaying …". */
  verb?: string;
}

export type RunFileResult = { ok: true; ms: number } | { ok: false; ms: number; diagnostic: Diagnostic; connectionLost: boolean };

export async function runFile(target: Target, file: MigrationSource, plan: StatementPlan, options: RunFileOptions): Promise<RunFileResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const text = sourceText(file);
  const fail = (statement: { span: Span; text: string } | undefined, error: unknown): RunFileResult => {
    const e = error instanceof DatabaseError ? error : new DatabaseError({ message: (error as Error)?.message ?? String(error) });
    const span = statement ? errorSpan(statement, e) : firstLine(text);
    return { ok: false, ms: elapsed(), diagnostic: failure(file, span, e, statement === undefined, options.verb ?? 'applying'), connectionLost: e.connectionLost };
  };

  try {
    await target.exec(plan.begin?.text ?? 'BEGIN');
  } catch (error) {
    return fail(plan.begin, error);
  }
  let committing = false;
  let current: PlannedStatement | undefined;
  try {
    if (options.record && !(await indexIsFree(target, file.index))) {
      await target.exec('ROLLBACK').catch(() => undefined);
      const message =
        `"${file.name}" was not applied: another process recorded a migration with number ${file.index} while this ` +
        `apply ran (was @databases/pg-migrations run at the same time?). Run status to see the history.`;
      return { ok: false, ms: elapsed(), diagnostic: { code: 'apply-failed', file: file.path, span: firstLine(text), severity: 'error', message }, connectionLost: false };
    }
    for (const statement of plan.statements) {
      current = statement;
      options.onStatement?.(statement);
      await target.exec(statement.text);
    }
    current = undefined;
    if (options.record) {
      await recordApplied(target, { index: file.index, name: file.name, script: file.script, appliedAt: new Date(), ignoredError: null, obsolete: false });
    }
    committing = true;
    await target.exec('COMMIT');
    return { ok: true, ms: elapsed() };
  } catch (error) {
    await target.exec('ROLLBACK').catch(() => undefined);
    const result = fail(current, error);
    if (committing && !result.ok && result.connectionLost) {
      // The COMMIT may or may not have reached the server: only the history can say.
      result.diagnostic.message += ' The connection was lost during COMMIT: run "electric-migrations status" to see whether this file was applied.';
    }
    return result;
  }
}

function failure(file: MigrationSource, span: Span, error: DatabaseError, wholeFile: boolean, verb: string): Diagnostic {
  const parts = [error.connectionLost ? error.message : `The database rejected this statement when ${verb} "${file.name}": ${error.message}`];
  if (error.code) parts[0] += ` (SQLSTATE ${error.code})`;
  if (error.detail) parts.push(`Detail: ${error.detail}`);
  if (error.hint) parts.push(`Hint: ${error.hint}`);
  parts.push(
    error.connectionLost
      ? 'The file was not applied: the database rolls back an unfinished transaction when its session ends.'
      : wholeFile
        ? 'Nothing of this file was applied.'
        : 'The file was rolled back: nothing of it was applied, and no history row was written.',
  );
  return { code: 'apply-failed', file: file.path, span, severity: 'error', message: parts.join(' ') };
}

function firstLine(text: string): Span {
  const lineBreak = text.search(/[\r\n]/);
  return { start: 0, end: lineBreak < 0 ? text.length : lineBreak };
}
