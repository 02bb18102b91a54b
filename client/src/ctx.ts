/**
 * The extension's context (rust-analyzer's `Ctx`): owns the language client, the output channel, the status bar,
 * the database targets, the views and every disposable; restarts the server. Commands get it and ask it for what
 * they need.
 */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, type LanguageClient, State } from 'vscode-languageclient/node';
import { FolderSummaryNotification, MigrationStatusRequest, SetDatabaseNotification } from '../../server/src/lsp/protocol';
import { Config } from './config';
import { CrashBudget } from './crashBudget';
import { DatabaseTargets } from './database/databaseTargets';
import type { TargetFolder } from './folders';
import { createLanguageClient } from './languageClient';
import { RuleDocumentation } from './ruleDocs/ruleDocsPanel';
import { SchemaDocuments } from './schemaDocuments';
import { StatusBar } from './statusBar';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.LogOutputChannel;
  readonly statusBar: StatusBar;
  readonly targets: DatabaseTargets;
  readonly schemaDocuments: SchemaDocuments;
  readonly ruleDocumentation: RuleDocumentation;
  private readonly crashBudget = new CrashBudget();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly client: LanguageClient;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('ElectricSQL Migrations', { log: true });
    this.statusBar = new StatusBar();
    this.schemaDocuments = new SchemaDocuments();
    this.ruleDocumentation = new RuleDocumentation(extension.extensionPath);
    this.targets = new DatabaseTargets({
      context: extension,
      output: this.output,
      send: (params) => this.client.sendNotification(SetDatabaseNotification.method, params),
      changed: async (folder) => void (await this.refreshStatus(folder)),
    });
    const { client, watcher } = createLanguageClient({
      serverModule: extension.asAbsolutePath('dist/server.js'),
      output: this.output,
      crashBudget: this.crashBudget,
      onServerState: (state) => this.statusBar.setServerState(state),
    });
    this.client = client;
    this.subscriptions.push(
      this.output,
      this.statusBar,
      this.schemaDocuments,
      this.ruleDocumentation,
      watcher,
      client.onNotification(FolderSummaryNotification.method, (params: FolderSummaryNotification.Params) => this.statusBar.setSummaries(params?.folders ?? [])),
      client.onDidChangeState((event) => {
        // Every start — the first, a restart, one after a crash — is a fresh server that knows no database yet.
        if (event.newState === State.Running) {
          this.statusBar.setServerState({ kind: 'running' });
          void this.sendDatabaseTargets();
        } else if (event.newState === State.Starting) {
          this.statusBar.setServerState({ kind: 'starting' });
        }
      }),
      Config.onDidChange(() => void this.pushSettings()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.sendDatabaseTargets()),
      extension.secrets.onDidChange(() => void this.sendDatabaseTargets()),
    );
  }

  get languageClient(): LanguageClient {
    return this.client;
  }

  get isRunning(): boolean {
    return this.client.state === State.Running;
  }

  async start(): Promise<void> {
    try {
      await this.client.start();
    } catch (error) {
      const reason = `the language server did not start: ${error instanceof Error ? error.message : String(error)}`;
      this.output.error(reason);
      this.statusBar.setServerState({ kind: 'stopped', reason });
      throw error;
    }
  }

  /** A restart the user asked for: the crash budget starts again. */
  async restart(): Promise<void> {
    this.crashBudget.reset();
    this.statusBar.setServerState({ kind: 'starting' });
    this.output.info('restarting the language server');
    await this.client.restart();
  }

  /**
   * Pushes the settings section with the notification itself, so that the server re-validates without asking
   * back; it re-reads per folder through `workspace/configuration` where resource-scoped values differ.
   */
  private async pushSettings(): Promise<void> {
    if (!this.isRunning) return;
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { electricMigrations: new Config().settings() } });
  }

  private async sendDatabaseTargets(): Promise<void> {
    try {
      const folders = await this.targets.sendAll();
      await Promise.all(folders.map((f) => this.refreshStatus(f)));
    } catch (error) {
      this.output.error(`sending the database targets failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Reads the folder's migration status (only when it has a database: reading wakes it) for the status bar. */
  async refreshStatus(folder: TargetFolder): Promise<MigrationStatusRequest.Result | undefined> {
    if (!(await this.targets.targetOf(folder)) || !vscode.workspace.isTrusted || !this.isRunning) {
      this.statusBar.setDatabase(folder.uri, undefined);
      return undefined;
    }
    const status = await this.client.sendRequest<MigrationStatusRequest.Result | null>(MigrationStatusRequest.method, { folderUri: folder.uri });
    this.statusBar.setDatabase(folder.uri, status ? { description: status.description, pending: status.pending.length, ...(status.error ? { error: status.error } : {}) } : undefined);
    return status ?? undefined;
  }

  dispose(): void {
    // Not awaited by VS Code; the server also exits when its parent's IPC channel closes.
    void this.client.dispose();
    for (const d of this.subscriptions.reverse()) d.dispose();
  }
}
