/**
 * The language client: the bundled server (dist/server.js) over Node IPC for SQL files on disk, restarted after a
 * crash within a bounded budget, with two adjustments on the way in: rule links become command URIs (so they open
 * the shipped documentation at the rule), and settings changes go through Ctx (which pushes them, see there).
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import type { CrashBudget } from './crashBudget';
import { ruleDocumentationCommandUri, ruleIdOfDocumentationLink } from './ruleDocs/ruleLinks';
import type { ServerState } from './statusText';

export const CLIENT_ID = 'electricMigrations';
const CLIENT_NAME = 'ElectricSQL Migrations';
const DIAGNOSTIC_SOURCE = 'electric-migrations';

export interface LanguageClientDeps {
  serverModule: string;
  output: vscode.LogOutputChannel;
  crashBudget: CrashBudget;
  /** Told when the connection breaks and what happens next. */
  onServerState(state: ServerState): void;
}

export function createLanguageClient(deps: LanguageClientDeps): { client: LanguageClient; watcher: vscode.FileSystemWatcher } {
  const serverOptions: ServerOptions = {
    run: { module: deps.serverModule, transport: TransportKind.ipc },
    debug: { module: deps.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Migrations added, deleted or edited outside the editor change what the other files mean; so does the config file.
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.sql,electric-migrations.json}');
  const clientOptions: LanguageClientOptions = {
    // VS Code's own `sql` id: the server decides which SQL files are migrations.
    documentSelector: [{ scheme: 'file', language: 'sql' }],
    outputChannel: deps.output,
    synchronize: { fileEvents: watcher },
    errorHandler: crashHandler(deps),
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkRuleDocumentation)),
      // Ctx pushes the whole section on every change, so the server never has to ask (`workspace/configuration`);
      // the library's own notification, sent when the server registers for changes, would only repeat it.
      workspace: { didChangeConfiguration: async () => undefined },
    },
  };
  return { client: new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions), watcher };
}

function crashHandler(deps: LanguageClientDeps): ErrorHandler {
  return {
    // A broken message is not a reason to give up on the server; a stream of them is.
    error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      const verdict = deps.crashBudget.recordCrash();
      if (verdict.restart) {
        deps.output.warn(`The language server stopped unexpectedly; restarting it (crash ${verdict.crashes} in 3 minutes).`);
        deps.onServerState({ kind: 'restarting', crashes: verdict.crashes, maxRestarts: verdict.maxRestarts });
        return { action: CloseAction.Restart, handled: true };
      }
      const reason = `the language server crashed ${verdict.crashes} times in 3 minutes and was not restarted again`;
      deps.output.error(`${reason}. Run "ElectricSQL: Restart Language Server" to try again.`);
      deps.onServerState({ kind: 'stopped', reason });
      return { action: CloseAction.DoNotRestart, message: `ElectricSQL Migrations: ${reason}. See "ElectricSQL: Show Output".`, handled: false };
    },
  };
}

/** A diagnostic whose documentation link is the shipped README's section gets a link that renders that section. */
function linkRuleDocumentation(diagnostic: vscode.Diagnostic): vscode.Diagnostic {
  const code = diagnostic.code;
  if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof code !== 'object' || code === null || !(code.target instanceof vscode.Uri)) return diagnostic;
  const ruleId = ruleIdOfDocumentationLink(code.target.toString(true));
  if (ruleId) diagnostic.code = { value: code.value, target: vscode.Uri.parse(ruleDocumentationCommandUri(ruleId)) };
  return diagnostic;
}
