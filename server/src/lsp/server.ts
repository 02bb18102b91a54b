/**
 * The language server: document sync and workspace-wide diagnostics. When a `.sql` document of a migrations
 * directory opens or changes, the whole directory is linted (files on disk, open documents' text in their place)
 * after a short pause, and diagnostics are published for every file of it: editing `01-…` updates `05-…`.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  type Connection,
  DidChangeConfigurationNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, ConfigError, loadConfig, type MigrationsConfig } from '../config/config';
import { lintMigrations } from '../language/lint';
import type { LintSettings } from '../rules/context';
import { DEFAULT_ELECTRIC_VERSION, type Diagnostic, isElectricVersion } from '../rules/types';
import { initParser } from '../syntax/parse';
import { type FileResolver, toLspDiagnostic } from './convert';
import { describeError, type Logger, safeHandler } from './runSafe';
import { isInDirectory, migrationsDirectoryOf, pathToUri, readMigrations, uriToPath, workspaceRoots } from './workspace';

/** Pause after the last keystroke before linting. */
export const LINT_DEBOUNCE_MS = 150;

/** The `electricMigrations` settings section, as far as this server reads it. */
interface ClientSettings {
  electric?: { version?: unknown };
  migrations?: { directory?: unknown };
}

interface RootState {
  root: string;
  /** The migrations directory found by the last lint (undefined: none yet, or none exists). */
  directory?: string;
  timer?: NodeJS.Timeout;
  /** Counts lint runs: a run that sees a newer one started stops publishing (the newer one read newer text). */
  generation: number;
  /** URIs that hold diagnostics from this root's last publish, so that vanished files get cleared. */
  published: Set<string>;
}

export function startServer(connection: Connection): void {
  const logger: Logger = {
    log: (message) => connection.console.log(message),
    error: (message) => connection.console.error(message),
  };
  const documents = new TextDocuments(TextDocument);
  const roots: RootState[] = [];
  let configurationSupported = false;
  let shuttingDown = false;

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    for (const root of workspaceRoots(params)) roots.push({ root, published: new Set(), generation: 0 });
    configurationSupported = params.capabilities.workspace?.configuration === true;
    await initParser();
    logger.log(`electric-migrations server started; workspace roots: ${roots.map((r) => r.root).join(', ') || '(none)'}`);
    return {
      capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
      serverInfo: { name: 'electric-migrations' },
    };
  });

  connection.onInitialized(
    safeHandler(logger, 'initialized', async () => {
      if (configurationSupported) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'electricMigrations' });
      }
    }),
  );

  /**
   * Settings for one root: `electric-migrations.json` at the root, then the client's `electricMigrations.*`, then
   * the defaults (the file wins where both say something, so the editor agrees with the CLI in CI).
   */
  async function settingsFor(root: string): Promise<{ lint: LintSettings; directory?: string }> {
    const config = readRootConfig(root);
    let settings: ClientSettings | null = null;
    if (configurationSupported) {
      try {
        settings = await connection.workspace.getConfiguration({ scopeUri: pathToUri(root), section: 'electricMigrations' });
      } catch (error) {
        logger.error(`reading settings failed: ${describeError(error)}`);
      }
    }
    const version = settings?.electric?.version;
    const directory = settings?.migrations?.directory;
    const configuredDirectory = config?.migrationsDirectory ? path.resolve(root, config.migrationsDirectory) : undefined;
    return {
      lint: {
        electricVersion: config?.electricVersion ?? (isElectricVersion(version) ? version : DEFAULT_ELECTRIC_VERSION),
        rules: { ...(config?.rules ?? {}) },
      },
      directory: configuredDirectory ?? (typeof directory === 'string' && directory.trim() !== '' ? directory : undefined),
    };
  }

  /** The root's config file, or undefined; an invalid one is reported to the user and ignored. */
  function readRootConfig(root: string): MigrationsConfig | undefined {
    const file = path.join(root, CONFIG_FILE_NAME);
    if (!fs.existsSync(file)) return undefined;
    try {
      return loadConfig(file);
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : describeError(error);
      logger.error(message);
      void connection.window.showWarningMessage(`ElectricSQL Migrations: ${message}`);
      return undefined;
    }
  }

  function openDocumentPaths(): Map<string, TextDocument> {
    const open = new Map<string, TextDocument>();
    for (const document of documents.all()) {
      const file = uriToPath(document.uri);
      if (file) open.set(file, document);
    }
    return open;
  }

  /** Path as the linter and its messages show it: relative to the workspace root, with `/`. */
  function displayPath(root: string, file: string): string {
    const relative = path.relative(root, file);
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
  }

  async function lintRoot(state: RootState): Promise<void> {
    const generation = ++state.generation;
    const { lint: settings, directory: configured } = await settingsFor(state.root);
    const superseded = () => generation !== state.generation || shuttingDown;
    if (superseded()) return;
    const directory = migrationsDirectoryOf(state.root, configured);
    state.directory = directory;
    const next = new Set<string>();
    if (directory) {
      const started = performance.now();
      const open = openDocumentPaths();
      const migrations = readMigrations(
        directory,
        (file) => open.get(file)?.getText(),
        open.keys(),
        (file, error) => logger.error(`cannot read ${file}: ${describeError(error)}`),
      );
      const byDisplay = new Map<string, { file: string; document: TextDocument }>();
      for (const m of migrations) {
        const uri = open.get(m.path)?.uri ?? pathToUri(m.path);
        const document = open.get(m.path) ?? TextDocument.create(uri, 'sql', 0, m.text);
        byDisplay.set(displayPath(state.root, m.path), { file: m.path, document });
      }
      const diagnostics = lintMigrations(
        [...byDisplay.entries()].map(([display, { document }]) => ({ path: display, text: document.getText() })),
        settings,
        { migrationsDirectory: displayPath(state.root, directory) },
      );

      const resolver: FileResolver = {
        document: (file) => byDisplay.get(file)?.document,
        uri: (file) => byDisplay.get(file)?.document.uri ?? pathToUri(path.resolve(state.root, file)),
      };
      const perFile = new Map<string, Diagnostic[]>();
      for (const display of byDisplay.keys()) perFile.set(display, []);
      for (const d of diagnostics) {
        if (!perFile.has(d.file)) perFile.set(d.file, []);
        perFile.get(d.file)!.push(d);
      }
      let count = 0;
      for (const [file, list] of perFile) {
        const target = byDisplay.get(file);
        if (!target) continue;
        const converted = list.map((d) => toLspDiagnostic(d, target.document, resolver));
        count += converted.length;
        if (superseded()) return;
        next.add(target.document.uri);
        state.published.add(target.document.uri);
        await connection.sendDiagnostics({ uri: target.document.uri, diagnostics: converted });
      }
      logger.log(
        `linted ${byDisplay.size} files in ${displayPath(state.root, directory)} (Electric ${settings.electricVersion}): ` +
          `${count} diagnostics, ${Math.round(performance.now() - started)} ms`,
      );
    }
    for (const uri of state.published) {
      if (superseded()) return;
      if (!next.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    state.published = next;
  }

  function schedule(state: RootState): void {
    if (shuttingDown) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(
      safeHandler(logger, 'lint', async () => {
        state.timer = undefined;
        await lintRoot(state);
      }),
      LINT_DEBOUNCE_MS,
    );
  }

  /** Lints the roots a `.sql` file may belong to: its root's migrations directory, or any root not yet resolved. */
  function onSqlFile(uri: string): void {
    const file = uriToPath(uri);
    if (!file || !file.endsWith('.sql')) return;
    for (const state of roots) {
      const inRoot = !path.relative(state.root, file).startsWith('..');
      if (!inRoot) continue;
      if (state.directory === undefined || isInDirectory(file, state.directory)) schedule(state);
    }
  }

  documents.onDidChangeContent(safeHandler(logger, 'didChangeContent', (event) => onSqlFile(event.document.uri)));
  documents.onDidClose(safeHandler(logger, 'didClose', (event) => onSqlFile(event.document.uri)));

  // Files created, deleted or changed outside the editor (the client registers a watcher for `**/*.sql`).
  connection.onDidChangeWatchedFiles(
    safeHandler(logger, 'didChangeWatchedFiles', (params) => {
      for (const state of roots) state.directory = undefined;
      for (const change of params.changes) onSqlFile(change.uri);
    }),
  );

  connection.onDidChangeConfiguration(
    safeHandler(logger, 'didChangeConfiguration', () => {
      for (const state of roots) {
        state.directory = undefined;
        schedule(state);
      }
    }),
  );

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const state of roots) if (state.timer) clearTimeout(state.timer);
  });

  documents.listen(connection);
  connection.listen();
}
