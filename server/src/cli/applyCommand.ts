/**
 * `electric-migrations apply` and `status`: locate the migrations (migrationsInput.ts), call the engine
 * (migrations/engine.ts), print. Text output streams one line per applied file as it commits; JSON is printed once.
 */
import type { FileRef, SkippedStatement } from '../migrations/apply';
import { applyFolder, folderStatus, validateFolder, type FolderCallbacks, type FolderEvent } from '../migrations/engine';
import type { ApplyArgs, CliRequest, StatusArgs } from './args';
import { reportFailure } from './failure';
import { applySummary, FileLines, formatApplyJson, formatStatusJson, formatStatusText, skippedDdlxLine } from './applyFormat';
import type { CliEnvironment } from './lintCommand';
import { locateMigrations, targetSpec } from './migrationsInput';

/**
 * `apply` or `status` with its failures reported here: the CLI loads this module as its own bundle (PGlite and
 * node-postgres are most of the code, and lint needs neither), whose error classes only it can recognise.
 */
export async function runApplyCommand(request: Extract<CliRequest, { kind: 'apply' | 'status' }>, env: CliEnvironment): Promise<number> {
  try {
    return request.kind === 'apply' ? await runApply(request.args, env) : await runStatus(request.args, env);
  } catch (error) {
    return reportFailure(error, env);
  }
}

/** Runs `apply`; 0 when everything pending was applied (or nothing was pending), else 1. Start failures throw. */
export async function runApply(args: ApplyArgs, env: CliEnvironment): Promise<number> {
  const folder = locateMigrations(args.dir, env.cwd);
  const target = targetSpec(args.database, env.cwd);
  const text = args.format === 'text';
  // Progress lines place skipped statements at their lines before the report exists: the engine's first event
  // carries the texts it read.
  const lines = new FileLines(new Map());
  const callbacks: FolderCallbacks = {
    onProgress: text ? textProgress(env, lines, args.dryRun) : undefined,
    confirm: !args.yes && !args.dryRun && env.ask ? (pending, t) => confirm(env.ask!, pending, t.description) : undefined,
  };
  const options = { lint: folder.lint, allowErrors: args.allowErrors };
  const { report, texts } = args.dryRun
    ? await validateFolder(folder, target, options, callbacks)
    : await applyFolder(folder, target, options, callbacks);
  const all = new FileLines(texts);
  if (text) env.stdout(applySummary(report, all).join('\n') + '\n');
  else env.stdout(formatApplyJson(report, all));
  return report.outcome === 'applied' || report.outcome === 'up-to-date' ? 0 : 1;
}

/** Runs `status`; 1 when the history has problems (edited, missing, out-of-order, duplicate), else 0. */
export async function runStatus(args: StatusArgs, env: CliEnvironment): Promise<number> {
  const folder = locateMigrations(args.dir, env.cwd);
  const { report, texts } = await folderStatus(folder, targetSpec(args.database, env.cwd));
  const lines = new FileLines(texts);
  env.stdout(args.format === 'text' ? formatStatusText(report, lines) : formatStatusJson(report, lines));
  return report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Text progress: the target, then per file "applied …" and its skipped statements, once the file committed. */
function textProgress(env: CliEnvironment, lines: FileLines, dryRun: boolean): (event: FolderEvent) => void {
  let skipped: SkippedStatement[] = [];
  let description: string | undefined;
  let ownTransaction = false;
  return (event) => {
    switch (event.kind) {
      case 'read':
        lines.use(event.texts);
        break;
      case 'connected':
        // Printed once the history was read ('planned'): a run that cannot start prints nothing on stdout.
        description = event.description;
        break;
      case 'planned':
        if (!dryRun && description) env.stdout(`Target: ${description}\n`);
        break;
      case 'fileStarted':
        if (event.position === 1 && dryRun) env.stdout('Dry run on a throw-away in-memory PGlite:\n');
        skipped = [];
        ownTransaction = false;
        break;
      case 'skipped':
        if (event.why === 'ddlx') skipped.push({ file: event.file.path, span: event.span, statement: event.text });
        else ownTransaction = true;
        break;
      case 'fileApplied':
        env.stdout(`applied ${event.file.name} (${event.ms} ms)\n`);
        for (const s of skipped) env.stdout(`  ${skippedDdlxLine(s, lines)}\n`);
        if (ownTransaction) {
          env.stdout(`  note: its own BEGIN/COMMIT were not sent; it ran in one transaction with its history row\n`);
        }
        break;
      default:
        break;
    }
  };
}

async function confirm(ask: (question: string) => Promise<string>, pending: readonly FileRef[], description: string): Promise<boolean> {
  const list = pending.map((f) => `  ${f.name}`).join('\n');
  const answer = await ask(`About to apply ${pending.length} migration${pending.length === 1 ? '' : 's'} to ${description}:\n${list}\nApply? [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}
