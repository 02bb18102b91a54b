/**
 * The status bar item: Electric version and problem counts of the active folder's migrations, the database's
 * pending count when one is set, and the server's health. The words come from statusText.ts; this only keeps the
 * latest facts and draws them.
 */
import * as vscode from 'vscode';
import { COMMAND_IDS } from './commandIds';
import { type DatabaseView, describeStatus, type FolderSummary, type ServerState, type StatusAction } from './statusText';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('electricMigrations.status', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];
  private server: ServerState = { kind: 'starting' };
  private readonly summaries = new Map<string, FolderSummary>();
  private readonly databases = new Map<string, DatabaseView>();

  constructor() {
    this.item.name = 'ElectricSQL Migrations';
    this.subscriptions.push(this.item, vscode.window.onDidChangeActiveTextEditor(() => this.render()));
    this.render();
    this.item.show();
  }

  setServerState(state: ServerState): void {
    this.server = state;
    this.render();
  }

  /** The server sends every folder's summary after each analysis. */
  setSummaries(folders: readonly FolderSummary[]): void {
    this.summaries.clear();
    for (const folder of folders) this.summaries.set(folder.folderUri, folder);
    this.render();
  }

  setDatabase(folderUri: string, view: DatabaseView | undefined): void {
    if (view) this.databases.set(folderUri, view);
    else this.databases.delete(folderUri);
    this.render();
  }

  private focusedSummary(): FolderSummary | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const owner = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
    const all = [...this.summaries.values()];
    const activeUri = active?.toString();
    return (
      (owner ? this.summaries.get(owner.uri.toString()) : undefined) ??
      // Without a workspace folder the server's folder is the migration's directory.
      (activeUri ? all.find((s) => s.migrationsDirectoryUri !== undefined && activeUri.startsWith(`${s.migrationsDirectoryUri}/`)) : undefined) ??
      all.find((s) => s.migrationsDirectoryUri !== undefined) ??
      all[0]
    );
  }

  private render(): void {
    const summary = this.focusedSummary();
    const view = describeStatus({
      server: this.server,
      summary,
      allSummaries: [...this.summaries.values()],
      database: summary ? this.databases.get(summary.folderUri) : undefined,
      displayPath: (uri) => {
        const parsed = vscode.Uri.parse(uri);
        return parsed.scheme === 'file' ? vscode.workspace.asRelativePath(parsed, true) || parsed.fsPath : uri;
      },
    });
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = commandFor(view.action, summary?.folderUri);
    this.item.backgroundColor = view.emphasis === 'none' ? undefined : new vscode.ThemeColor(`statusBarItem.${view.emphasis}Background`);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

function commandFor(action: StatusAction, folderUri: string | undefined): vscode.Command {
  switch (action) {
    case 'applyPending':
      return { title: 'Apply Pending Migrations', command: COMMAND_IDS.applyPendingMigrations, arguments: folderUri ? [folderUri] : [] };
    case 'restartServer':
      return { title: 'Restart Language Server', command: COMMAND_IDS.restartLanguageServer };
    case 'showOutput':
      return { title: 'Show Output', command: COMMAND_IDS.showOutput };
    case 'showProblems':
      return { title: 'Show Problems', command: 'workbench.actions.view.problems' };
  }
}
