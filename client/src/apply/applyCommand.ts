/**
 * "Apply Pending Migrations" and "Validate Pending Migrations" (issue 8 §2). The server does the work; here the user
 * is asked, shown progress, and told the outcome:
 *   save the folder's open migrations (the server applies what is on disk) → make sure there is a target (PGlite
 *   in the workspace storage by default) → read the status → confirm with the pending files and the target (and
 *   the lint errors, if any) → apply with progress and Cancel → log, summarize, offer "Show Problems".
 */
import * as vscode from 'vscode';
import { ApplyPendingRequest } from '../../../server/src/lsp/protocol';
import { COMMAND_IDS } from '../commandIds';
import type { Ctx } from '../ctx';
import { inFolder, resolveFolder, type TargetFolder } from '../folders';
import { type ApplyResult, type ConfirmChoice, confirmation, logLines, summarize, type StatusResult } from './applyText';
import { withWorkDoneProgress } from './workDoneProgress';

/** The rules only a database reports: they are not lint problems that "apply despite errors" overrides. */
const HISTORY_RULES = new Set(['apply-failed', 'migration-edited', 'migration-missing', 'migration-out-of-order']);

export interface ApplyOptions {
  dryRun: boolean;
}

export async function applyPendingMigrations(ctx: Ctx, folderArgument: unknown, options: ApplyOptions): Promise<ApplyResult | undefined> {
  const verb = options.dryRun ? 'validate' : 'apply';
  if (!vscode.workspace.isTrusted) {
    // Code lenses run commands without the palette's enablement check.
    void vscode.window.showWarningMessage(`ElectricSQL: migrations are not ${options.dryRun ? 'validated' : 'applied'} in an untrusted workspace.`);
    return undefined;
  }
  if (!ctx.isRunning) {
    void vscode.window.showErrorMessage('ElectricSQL: the language server is not running (see "ElectricSQL: Show Output").');
    return undefined;
  }
  const folder = await resolveFolder(folderArgument, `${verb} the pending migrations of`);
  if (!folder) {
    if ((vscode.workspace.workspaceFolders ?? []).length === 0) void vscode.window.showWarningMessage('ElectricSQL: open a folder with migrations first.');
    return undefined;
  }
  await saveOpenMigrations(folder);

  if (!options.dryRun) {
    if (!(await ctx.targets.ensureTarget(folder))) return undefined;
    const status = await ctx.refreshStatus(folder);
    if (!status) return undefined;
    const proceed = await confirmApply(status);
    if (proceed === undefined) return undefined;
    return run(ctx, folder, { dryRun: false, allowErrors: proceed.allowErrors });
  }
  // Validation changes nothing: no confirmation; every problem is reported, so lint errors do not stop it.
  return run(ctx, folder, { dryRun: true, allowErrors: true });
}

async function saveOpenMigrations(folder: TargetFolder): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.languageId === 'sql' && d.uri.scheme === 'file' && inFolder(folder, d.uri));
  await Promise.all(dirty.map((d) => d.save()));
}

/** Asks; undefined when the user says no (or there is nothing to apply, with a message saying why). */
async function confirmApply(status: StatusResult): Promise<{ allowErrors: boolean } | undefined> {
  if (status.error) {
    showOutcome({ level: 'error', message: `ElectricSQL: cannot read the migration history of ${status.description}: ${status.error}`, showProblems: false });
    return undefined;
  }
  if (status.problems > 0) {
    showOutcome({ level: 'error', message: `ElectricSQL: not applied: ${status.problems} problem${status.problems === 1 ? '' : 's'} with the migration history of ${status.description} (edited, missing or out-of-order files; nothing overrides these).`, showProblems: true });
    return undefined;
  }
  if (status.pending.length === 0) {
    void vscode.window.showInformationMessage(`ElectricSQL: no pending migrations; ${status.description} is up to date.`);
    return undefined;
  }
  const ask = confirmation(status, lintErrorsIn(status.pending.map((p) => vscode.Uri.parse(p.uri))));
  const picked = await vscode.window.showQuickPick(ask.items, { title: ask.title, placeHolder: ask.placeholder, ignoreFocusOut: true });
  const choice: ConfirmChoice = picked?.choice ?? 'cancel';
  if (choice === 'showProblems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (choice === 'apply') return { allowErrors: false };
  if (choice === 'applyDespiteErrors') return { allowErrors: true };
  return undefined;
}

/** Error-level lint diagnostics the server published for the pending files. */
function lintErrorsIn(files: readonly vscode.Uri[]): number {
  return files
    .flatMap((uri) => vscode.languages.getDiagnostics(uri))
    .filter((d) => d.source === 'electric-migrations' && d.severity === vscode.DiagnosticSeverity.Error && !HISTORY_RULES.has(ruleIdOf(d)))
    .length;
}

function ruleIdOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

async function run(ctx: Ctx, folder: TargetFolder, request: { dryRun: boolean; allowErrors: boolean }): Promise<ApplyResult | undefined> {
  const title = request.dryRun ? `ElectricSQL: validating the pending migrations of ${folder.name}` : `ElectricSQL: applying the pending migrations of ${folder.name}`;
  ctx.output.info(`${request.dryRun ? 'validate' : 'apply'} ${folder.name}${request.allowErrors && !request.dryRun ? ' (despite lint errors, as confirmed)' : ''}`);
  let result: ApplyResult | null;
  try {
    result = await withWorkDoneProgress(ctx.languageClient, title, (workDoneToken, cancellation) => {
      const params: ApplyPendingRequest.Params = { folderUri: folder.uri, dryRun: request.dryRun, allowErrors: request.allowErrors, workDoneToken };
      return ctx.languageClient.sendRequest<ApplyPendingRequest.Result | null>(ApplyPendingRequest.method, params, cancellation);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.output.error(`${request.dryRun ? 'validate' : 'apply'} ${folder.name}: ${reason}`);
    showOutcome({ level: 'error', message: `ElectricSQL: the ${request.dryRun ? 'validation' : 'apply'} request failed: ${reason}`, showProblems: false });
    return undefined;
  }
  if (!result) {
    void vscode.window.showWarningMessage(`ElectricSQL: ${folder.name} has no migrations directory.`);
    return undefined;
  }
  const displayPath = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri), true);
  for (const line of logLines(result, request.dryRun, displayPath)) ctx.output.info(line);
  if (!request.dryRun) ctx.statusBar.setDatabase(folder.uri, { description: result.description, pending: result.pending.length });
  const summary = summarize(result, request.dryRun);
  showOutcome({ ...summary, message: `ElectricSQL: ${summary.message}` });
  return result;
}

function showOutcome(summary: { level: 'info' | 'warning' | 'error'; message: string; showProblems: boolean }): void {
  const buttons = summary.showProblems ? ['Show Problems', 'Show Output'] : ['Show Output'];
  const show = summary.level === 'error' ? vscode.window.showErrorMessage : summary.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  // A message stays until dismissed: the command finishes without waiting for the button.
  void show(summary.message, ...buttons).then((button) => {
    if (button === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (button === 'Show Output') void vscode.commands.executeCommand(COMMAND_IDS.showOutput);
  });
}
