/**
 * Each folder's database target. The kind (PGlite, Postgres, Electric's proxy) is remembered in the workspace state;
 * a URL, which may hold a password, only in VS Code's SecretStorage — never in settings, never in a log, and shown
 * with its password as `***`. The server gets the target in memory (SetDatabaseNotification). In an untrusted
 * workspace nothing is sent: no database is touched.
 */
import * as vscode from 'vscode';
import { type DatabaseTarget, SetDatabaseNotification } from '../../../server/src/lsp/protocol';
import { folderOf, type TargetFolder } from '../folders';
import { databaseUrlProblem, maskUrl } from './databaseUrl';
import { pgliteDirectoryFor } from './pgliteDirectory';

type TargetKind = DatabaseTarget['kind'];
type UrlKind = Exclude<TargetKind, 'pglite'>;

const KIND_KEY = 'electricMigrations.databaseTarget:';
const URL_KEY = 'electricMigrations.databaseUrl:';

/** What the targets need from the rest of the extension. */
export interface DatabaseTargetsDeps {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  /** Hands the target to the running server (resolves when sent). */
  send(params: SetDatabaseNotification.Params): Promise<void>;
  /** After a folder's target changed: read its migration status again. */
  changed(folder: TargetFolder): Promise<void>;
}

const KIND_LABELS: Record<TargetKind, string> = {
  pglite: 'PGlite (embedded)',
  postgres: 'PostgreSQL',
  'electric-proxy': "Electric's migrations proxy",
};

export class DatabaseTargets {
  constructor(private readonly deps: DatabaseTargetsDeps) {}

  private get state(): vscode.Memento {
    return this.deps.context.workspaceState;
  }

  kindOf(folder: TargetFolder): TargetKind | undefined {
    const kind = this.state.get<string>(KIND_KEY + folder.uri);
    return kind === 'pglite' || kind === 'postgres' || kind === 'electric-proxy' ? kind : undefined;
  }

  /** The folder's target, or null when none is chosen (or its URL is gone). */
  async targetOf(folder: TargetFolder): Promise<DatabaseTarget | null> {
    const kind = this.kindOf(folder);
    if (!kind) return null;
    if (kind === 'pglite') return { kind, pgliteDirectory: this.pgliteDirectory(folder) };
    const url = await this.deps.context.secrets.get(URL_KEY + folder.uri);
    return url ? { kind, url } : null;
  }

  private pgliteDirectory(folder: TargetFolder): string {
    const storage = this.deps.context.storageUri ?? this.deps.context.globalStorageUri;
    return pgliteDirectoryFor(storage.fsPath, folder.uri, folder.name);
  }

  /** Sends every workspace folder's target (after the server started or restarted, or trust was granted). */
  async sendAll(): Promise<TargetFolder[]> {
    if (!vscode.workspace.isTrusted) return [];
    const withTarget: TargetFolder[] = [];
    for (const workspaceFolder of vscode.workspace.workspaceFolders ?? []) {
      const folder = folderOf(workspaceFolder);
      const target = await this.targetOf(folder);
      if (!target) continue;
      await this.deps.send({ folderUri: folder.uri, target });
      withTarget.push(folder);
    }
    return withTarget;
  }

  /**
   * The folder's target for an apply: PGlite in the workspace storage when the user chose none. A Postgres or proxy
   * target whose URL is gone (cleared in another window) asks for it again rather than silently applying elsewhere;
   * undefined when the user cancels.
   */
  async ensureTarget(folder: TargetFolder): Promise<DatabaseTarget | undefined> {
    const existing = await this.targetOf(folder);
    if (existing) return existing;
    const kind = this.kindOf(folder);
    if (kind === 'postgres' || kind === 'electric-proxy') {
      if (!(await this.askUrl(folder, kind))) return undefined;
      await this.use(folder, kind);
    } else {
      await this.use(folder, 'pglite');
    }
    return (await this.targetOf(folder)) ?? undefined;
  }

  /** The target picker: PGlite (the default), a Postgres URL or an Electric proxy URL. */
  async pick(folder: TargetFolder): Promise<void> {
    const current = this.kindOf(folder);
    const items: (vscode.QuickPickItem & { target: TargetKind })[] = [
      { target: 'pglite', label: KIND_LABELS.pglite, description: 'default · nothing to install', detail: "Kept in this workspace's extension storage" },
      { target: 'postgres', label: KIND_LABELS.postgres, description: 'a postgresql:// URL', detail: 'DDLX statements are not sent (Postgres cannot run them) and are listed as skipped' },
      { target: 'electric-proxy', label: KIND_LABELS['electric-proxy'], description: 'e.g. postgresql://postgres:***@localhost:65432/app', detail: 'DDLX is sent verbatim; Electric picks up the migration versions' },
    ];
    for (const item of items) if (item.target === current) item.label = `$(check) ${item.label}`;
    const picked = await vscode.window.showQuickPick(items, { title: `Database for ${folder.name}`, placeHolder: 'Where Apply Pending Migrations applies' });
    if (!picked) return;
    if (picked.target !== 'pglite' && !(await this.deps.context.secrets.get(URL_KEY + folder.uri))) {
      if (!(await this.askUrl(folder, picked.target))) return;
    }
    await this.use(folder, picked.target);
  }

  /** "Set Database URL": asks for the URL, then whether it is a Postgres server or Electric's proxy. */
  async setUrl(folder: TargetFolder): Promise<void> {
    const current = this.kindOf(folder);
    const kinds: (vscode.QuickPickItem & { target: UrlKind })[] = [
      { target: 'postgres', label: KIND_LABELS.postgres },
      { target: 'electric-proxy', label: KIND_LABELS['electric-proxy'] },
    ];
    const kind = current === 'postgres' || current === 'electric-proxy'
      ? current
      : (await vscode.window.showQuickPick(kinds, { title: `Database for ${folder.name}`, placeHolder: 'What does the URL point to?' }))?.target;
    if (!kind) return;
    if (await this.askUrl(folder, kind)) await this.use(folder, kind);
  }

  private async askUrl(folder: TargetFolder, kind: UrlKind): Promise<boolean> {
    const url = await vscode.window.showInputBox({
      title: `${KIND_LABELS[kind]} URL for ${folder.name}`,
      prompt: 'Kept in VS Code\'s secret storage, never in settings or logs',
      placeHolder: kind === 'electric-proxy' ? 'postgresql://postgres:proxy_password@localhost:65432/app' : 'postgresql://user:password@localhost:5432/app',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => databaseUrlProblem(text),
    });
    if (url === undefined) return false;
    await this.deps.context.secrets.store(URL_KEY + folder.uri, url.trim());
    this.deps.output.info(`database URL for ${folder.name} set: ${maskUrl(url.trim())}`);
    return true;
  }

  /** "Clear Database URL": forgets the URL; a folder that used it has no database until one is chosen. */
  async clearUrl(folder: TargetFolder): Promise<void> {
    await this.deps.context.secrets.delete(URL_KEY + folder.uri);
    const kind = this.kindOf(folder);
    if (kind === 'postgres' || kind === 'electric-proxy') await this.state.update(KIND_KEY + folder.uri, undefined);
    await this.deps.send({ folderUri: folder.uri, target: await this.targetOf(folder) });
    this.deps.output.info(`database URL for ${folder.name} cleared`);
    void vscode.window.showInformationMessage(`ElectricSQL: the database URL for ${folder.name} was removed from the secret storage.`);
    await this.deps.changed(folder);
  }

  private async use(folder: TargetFolder, kind: TargetKind): Promise<void> {
    await this.state.update(KIND_KEY + folder.uri, kind);
    const target = await this.targetOf(folder);
    await this.deps.send({ folderUri: folder.uri, target });
    this.deps.output.info(`database for ${folder.name}: ${describeTarget(target)}`);
    await this.deps.changed(folder);
  }
}

/** One line, the password masked. */
export function describeTarget(target: DatabaseTarget | null): string {
  if (!target) return 'none';
  if (target.kind === 'pglite') return `PGlite in ${target.pgliteDirectory ?? 'the default directory'}`;
  return `${KIND_LABELS[target.kind]} at ${maskUrl(target.url ?? '')}`;
}
