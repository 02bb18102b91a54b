/**
 * The command table: every id the extension contributes (and every id the server's lenses and actions run) → its
 * handler. Handlers take the arguments VS Code or a code lens passes (`unknown`: a lens's arguments come over the
 * wire) and delegate to the module that does the work.
 */
import * as vscode from 'vscode';
import { applyPendingMigrations } from './apply/applyCommand';
import { COMMAND_IDS, type CommandName } from './commandIds';
import type { Ctx } from './ctx';
import { resolveFolder, type TargetFolder } from './folders';
import { createNewMigration } from './newMigration';
import { showReferences } from './references';

type Handler = (...args: unknown[]) => unknown;

export const COMMANDS: { readonly [K in CommandName]: (ctx: Ctx) => Handler } = {
  applyPendingMigrations: (ctx) => (folder) => applyPendingMigrations(ctx, folder, { dryRun: false }),
  validatePendingMigrations: (ctx) => (folder) => applyPendingMigrations(ctx, folder, { dryRun: true }),
  newMigration: (ctx) => async (folder) => {
    // Without a folder (no workspace, no editor) the server picks the only migrations directory it knows.
    const target = await resolveFolder(folder, 'add a migration to');
    const created = await createNewMigration(ctx.languageClient, target);
    // One more pending file: the status bar's count comes from the database's history.
    if (created && target) await ctx.refreshStatus(target);
    // The new file's URI, for whoever ran the command (a test, another extension).
    return created;
  },
  showSchemaAtCursor: (ctx) => () => ctx.schemaDocuments.showAtCursor(ctx.languageClient),
  showRuleDocumentation: (ctx) => (ruleId) => ctx.ruleDocumentation.show(ruleId),
  selectDatabaseTarget: (ctx) => (folder) => withTrustedFolder(folder, 'choose the database of', (f) => ctx.targets.pick(f)),
  setDatabaseUrl: (ctx) => (folder) => withTrustedFolder(folder, 'set the database URL of', (f) => ctx.targets.setUrl(f)),
  clearDatabaseUrl: (ctx) => async (folder) => {
    const target = await resolveFolder(folder, 'clear the database URL of');
    if (target) await ctx.targets.clearUrl(target);
  },
  refreshMigrationStatus: (ctx) => (folder) => withTrustedFolder(folder, 'refresh the migration status of', async (f) => void (await ctx.refreshStatus(f))),
  restartLanguageServer: (ctx) => () => ctx.restart(),
  showOutput: (ctx) => () => ctx.output.show(true),
  showReferences: (ctx) => (uri, position, locations) => showReferences(ctx.languageClient, uri, position, locations),
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandName[]).map((name) => vscode.commands.registerCommand(COMMAND_IDS[name], COMMANDS[name](ctx)));
}

async function withTrustedFolder(argument: unknown, purpose: string, work: (folder: TargetFolder) => Promise<void>): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('ElectricSQL: databases are not used in an untrusted workspace.');
    return;
  }
  const folder = await resolveFolder(argument, purpose);
  if (folder) await work(folder);
}
