/**
 * Activation only composes: the context owns the language client, status bar, views and disposables; the commands
 * come from the table. Everything is disposed with the extension's subscriptions.
 */
import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const ctx = new Ctx(context);
  context.subscriptions.push(ctx, ...registerCommands(ctx));
  await ctx.start();
}

export function deactivate(): void {
  // Nothing beyond the subscriptions, which VS Code disposes (the context stops the language client).
}
