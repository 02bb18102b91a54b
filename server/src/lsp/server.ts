/**
 * The language server: capabilities and wiring only. Documents come from validated notifications; each folder
 * keeps a language-service workspace that re-analyses incrementally a moment after the last change and publishes
 * what changed. Every request handler has one shape — find the folder and file, make sure the analysis is current,
 * call the facade, convert — and runs inside `runSafe`.
 *
 * Works with any LSP client: every capability is announced statically, and nothing depends on dynamic
 * registration, `workspace/configuration` or watched-file events (they are used when the client offers them).
 */
import {
  type Connection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  DidChangeWorkspaceFoldersNotification,
  type InitializeError,
  type InitializeParams,
  InitializeRequest,
  type InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { createMigrationService, type MigrationService } from '../language/service';
import { Databases, type FileLens } from './database';
import { OpenDocuments } from './documents';
import type { MigrationFolder } from './folder';
import { FolderSet } from './folders';
import { registerFeatures } from './features';
import { FolderSummaryNotification } from './protocol';
import { publishFolder } from './publish';
import { findRuleDocumentation } from './ruleDocs';
import { describeError, type Logger, safeHandler } from './runSafe';
import { pathToUri, uriToPath, workspaceRoots } from './uris';

/** Pause after the last change before analysing: long enough to coalesce a burst of keystrokes, short enough to feel instant. */
export const ANALYSIS_DEBOUNCE_MS = 20;

/** What the feature handlers share. */
export interface ServerContext {
  connection: Connection;
  logger: Logger;
  documents: OpenDocuments;
  folders: FolderSet;
  service: MigrationService;
  /** The folder and display path of an open document's URI, with the folder's analysis current. */
  locate(uri: unknown): { folder: MigrationFolder; file: string } | undefined;
  /** The code lens a migration file gets from its folder's database (applied when, pending, …), if any. */
  fileLens(folder: MigrationFolder, file: string): FileLens | undefined;
  /** Which completion item defaults the client understands (LSP 3.17 `completionList.itemDefaults`). */
  completionDefaults(): { editRange: boolean };
}

export function startServer(connection: Connection): void {
  const logger: Logger = {
    log: (message) => connection.console.log(message),
    error: (message) => connection.console.error(message),
  };
  const documents = new OpenDocuments((message) => logger.log(message));
  let service: MigrationService | undefined;
  let folders: FolderSet | undefined;
  let configurationSupported = false;
  let codeLensRefreshSupported = false;
  let itemDefaults: string[] = [];
  let databases: Databases | undefined;
  let shuttingDown = false;
  const timers = new Map<MigrationFolder, NodeJS.Timeout>();
  const summaries = new Map<MigrationFolder, string>();
  const docsBase = findRuleDocumentation();

  connection.onInitialize(async (untrusted: InitializeParams): Promise<InitializeResult> => {
    // LSP allows one initialize per session. A second one must not rebuild the folders and handlers under requests
    // in flight, and the library's own initialize handling reads its params unchecked (a null `capabilities` is a
    // TypeError in its answer): from now on every initialize gets this error, before any of that code runs.
    connection.onRequest(InitializeRequest.type, () => new ResponseError<InitializeError>(ErrorCodes.InvalidRequest, 'the server is already initialized: initialize may be sent only once per session', { retry: false }));
    // A client may send anything: only an object's fields are read, each checked where it is used.
    const params = (typeof untrusted === 'object' && untrusted !== null && !Array.isArray(untrusted) ? untrusted : {}) as InitializeParams;
    service = await createMigrationService({ onInternalError: (message) => logger.error(`internal error: ${message}`) });
    folders = new FolderSet(service, (message) => logger.log(message));
    for (const root of workspaceRoots(params)) folders.addRoot(root);
    configurationSupported = params?.capabilities?.workspace?.configuration === true;
    codeLensRefreshSupported = params?.capabilities?.workspace?.codeLens?.refreshSupport === true;
    const defaults = params?.capabilities?.textDocument?.completion?.completionList?.itemDefaults;
    itemDefaults = Array.isArray(defaults) ? defaults.filter((d): d is string => typeof d === 'string') : [];
    databases = new Databases({
      connection,
      logger,
      documents,
      folders,
      service,
      republish: (folder) => schedule(folder),
      codeLensRefresh: () => codeLensRefreshSupported,
    });
    const context = makeContext();
    const capabilities = registerFeatures(context);
    logger.log(`electric-migrations server started; workspace folders: ${folders.workspaceFolders().map((f) => f.root).join(', ') || '(none: single-file mode)'}`);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...capabilities,
      },
      serverInfo: { name: 'electric-migrations' },
    };
  });

  function makeContext(): ServerContext {
    return {
      connection,
      logger,
      documents,
      folders: folders!,
      service: service!,
      locate(uri) {
        const file = uriToPath(uri);
        if (!file || !documents.get(uri)) return undefined;
        const folder = folders!.folderFor(file);
        if (!folder) return undefined;
        folder.workspace.analyse();
        return { folder, file: folder.display(file) };
      },
      fileLens: (folder, file) => databases?.lensFor(folder, file),
      completionDefaults: () => ({ editRange: itemDefaults.includes('editRange') }),
    };
  }

  connection.onInitialized(
    safeHandler(logger, 'initialized', async () => {
      for (const folder of folders!.all()) await loadFolder(folder);
      const registrations = [];
      // Used when offered; the server works without them (it also re-reads on open, save and close).
      if (configurationSupported) registrations.push(connection.client.register(DidChangeConfigurationNotification.type, { section: 'electricMigrations' }));
      await Promise.allSettled(registrations);
    }),
  );

  /** Reads a folder's settings, config and files, then analyses and publishes. */
  async function loadFolder(folder: MigrationFolder): Promise<void> {
    await readClientSettings(folder);
    reportConfigError(folder, folder.configError);
    folder.refresh();
    analyseAndPublish(folder);
  }

  async function readClientSettings(folder: MigrationFolder): Promise<void> {
    if (!configurationSupported) return;
    try {
      const [section] = await connection.workspace.getConfiguration([{ scopeUri: folder.uri, section: 'electricMigrations' }]);
      for (const problem of folder.setClientSettings(section)) logger.log(`settings of ${folder.root}: ${problem} (ignored)`);
    } catch (error) {
      logger.error(`reading settings failed: ${describeError(error)}`);
    }
  }

  function reportConfigError(folder: MigrationFolder, error: string | undefined): void {
    if (!error) return;
    logger.error(error);
    // A notification, not a request: one message per change of the file, nothing to answer.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `ElectricSQL Migrations: ${error}` });
  }

  function analyseAndPublish(folder: MigrationFolder): void {
    if (shuttingDown) return;
    const started = performance.now();
    folder.workspace.analyse();
    const sent = publishFolder(connection, folder, documents, docsBase);
    sendSummary(folder);
    if (sent > 0) logger.log(`analysed ${folder.root}: ${sent} files published in ${Math.round(performance.now() - started)} ms`);
  }

  function sendSummary(folder: MigrationFolder): void {
    const summary = folderSummary(folder);
    const key = JSON.stringify(summary);
    if (summaries.get(folder) === key) return;
    summaries.set(folder, key);
    void connection.sendNotification(FolderSummaryNotification.method, { folders: folders!.all().map(folderSummary) } satisfies FolderSummaryNotification.Params);
  }

  function schedule(folder: MigrationFolder): void {
    if (shuttingDown) return;
    const pending = timers.get(folder);
    if (pending) clearTimeout(pending);
    timers.set(
      folder,
      setTimeout(
        safeHandler(logger, 'analysis', () => {
          timers.delete(folder);
          analyseAndPublish(folder);
        }),
        ANALYSIS_DEBOUNCE_MS,
      ),
    );
  }

  /** A `.sql` document changed (opened, edited, closed): give its folder the new text and schedule an analysis. */
  function documentChanged(uri: string, text: string | undefined, opened: boolean): void {
    const file = uriToPath(uri);
    if (!file || !file.endsWith('.sql') || !folders) return;
    const folder = folders.folderFor(file, opened);
    if (!folder) return;
    const known = folder.published.size > 0 || folder.workspace.paths().length > 0;
    folder.setOpenText(file, text);
    if (opened && !known) folder.refresh();
    if (text === undefined && folders.release(folder)) {
      for (const uri of folder.published.keys()) void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    schedule(folder);
  }

  connection.onDidOpenTextDocument(
    safeHandler(logger, 'didOpen', (params) => {
      const document = documents.open(params);
      if (!document) return;
      const file = uriToPath(document.uri);
      const folder = file && folders?.folderFor(file);
      // Opening is a moment to notice files added or removed on disk, for clients without file watching.
      if (folder) folder.refresh();
      documentChanged(document.uri, document.getText(), true);
    }),
  );
  connection.onDidChangeTextDocument(
    safeHandler(logger, 'didChange', (params) => {
      const document = documents.change(params);
      if (document) documentChanged(document.uri, document.getText(), false);
    }),
  );
  connection.onDidCloseTextDocument(
    safeHandler(logger, 'didClose', (params) => {
      const uri = documents.close(params);
      if (!uri) return;
      const file = uriToPath(uri);
      const folder = file && folders?.folderFor(file);
      if (folder) folder.refresh();
      documentChanged(uri, undefined, false);
    }),
  );
  connection.onDidSaveTextDocument(
    safeHandler(logger, 'didSave', (params) => {
      const file = uriToPath(params?.textDocument?.uri);
      if (!file || !folders) return;
      for (const folder of folders.all()) {
        if (folder.isConfigFile(file)) {
          reportConfigError(folder, folder.reloadConfig());
          folder.refresh();
          schedule(folder);
        } else if (folder.owns(file)) {
          folder.refresh();
          schedule(folder);
          void databases?.saved(folder);
        }
      }
    }),
  );

  connection.onDidChangeWatchedFiles(
    safeHandler(logger, 'didChangeWatchedFiles', (params) => {
      if (!folders) return;
      const files = (Array.isArray(params?.changes) ? params.changes : []).map((c) => uriToPath(c?.uri)).filter((f): f is string => f !== undefined);
      for (const folder of folders.all()) {
        const touched = files.filter((f) => folder.contains(f));
        if (touched.length === 0) continue;
        if (touched.some((f) => folder.isConfigFile(f))) reportConfigError(folder, folder.reloadConfig());
        folder.refresh();
        schedule(folder);
      }
    }),
  );

  connection.onDidChangeConfiguration(
    safeHandler(logger, 'didChangeConfiguration', async (params) => {
      if (!folders) return;
      const pushed = (params?.settings as { electricMigrations?: unknown } | null | undefined)?.electricMigrations;
      for (const folder of folders.all()) {
        if (configurationSupported) await readClientSettings(folder);
        else if (pushed !== undefined) for (const problem of folder.setClientSettings(pushed)) logger.log(`settings: ${problem} (ignored)`);
        folder.refresh();
        schedule(folder);
      }
    }),
  );

  // Registered on the connection directly: `connection.workspace.onDidChangeWorkspaceFolders` insists on client support.
  connection.onNotification(
    DidChangeWorkspaceFoldersNotification.type,
    safeHandler(logger, 'didChangeWorkspaceFolders', async (params) => {
      const event = params?.event;
      if (!folders || !event) return;
      for (const removed of event.removed ?? []) {
        const root = uriToPath(removed.uri);
        const folder = root ? folders.removeRoot(root) : undefined;
        if (folder) for (const uri of folder.published.keys()) void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
      for (const added of event.added ?? []) {
        const root = uriToPath(added.uri);
        if (root) await loadFolder(folders.addRoot(root));
      }
    }),
  );

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const timer of timers.values()) clearTimeout(timer);
  });

  connection.listen();
}

/** What the status bar shows for a folder. */
function folderSummary(folder: MigrationFolder): FolderSummaryNotification.FolderSummary {
  const { files, errors, warnings } = folder.workspace.counts();
  return {
    folderUri: folder.uri,
    ...(folder.directory ? { migrationsDirectoryUri: pathToUri(folder.directory) } : {}),
    ...(folder.configFile ? { configFileUri: pathToUri(folder.configFile) } : {}),
    ...(folder.configError ? { configError: folder.configError } : {}),
    electricVersion: folder.settings.lint.electricVersion,
    migrationFormat: folder.workspace.migrationFormat,
    files,
    errors,
    warnings,
  };
}
