/**
 * One workspace folder as the server keeps it: its settings, its migrations directory, and a language-service
 * workspace fed with the directory's files (open documents' text in place of the saved text). Files on disk are
 * read when they change (their size and modification time say so), never on every keystroke.
 *
 * The core speaks display paths (relative to the folder, with `/`, as the CLI prints them); this module maps them
 * to absolute paths and URIs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAME, ConfigError, loadConfig, type MigrationsConfig } from '../config/config';
import type { MigrationService } from '../language/service';
import type { MigrationWorkspace } from '../language/workspace';
import { resolveMigrationsDirectory } from '../migrations/discover';
import { isSqlFileName } from '../migrations/naming';
import { pathKind, readTextFile, UnreadableFileError } from '../migrations/readText';
import { mergeSettings, type FolderSettings, readClientSettings } from './settings';
import { pathToUri } from './uris';

/** Where the folder came from: a workspace folder of the client, or the directory of a file opened without one. */
export type FolderOrigin = 'workspace' | 'file';

interface DiskEntry {
  mtimeMs: number;
  size: number;
  text: string;
}

export interface FolderProblems {
  /** The config file's problem, when it has one. */
  configError?: string;
  /** Files of the directory that could not be read. */
  unreadable: string[];
}

export class MigrationFolder {
  readonly workspace: MigrationWorkspace;
  settings: FolderSettings;
  /** Absolute path of the migrations directory, when the folder has one. */
  directory?: string;
  configFile?: string;
  configError?: string;
  /** What the client's settings said, validated (kept to merge with a changed config file). */
  private clientSettings: unknown = null;
  private configStamp = '';
  private readonly disk = new Map<string, DiskEntry>();
  private readonly open = new Map<string, string>();
  /** Files read from disk or opened, by absolute path: the workspace's documents. */
  private listing = new Set<string>();
  private readonly unreadable = new Map<string, string>();
  /** Per URI, the signature of what was published last, so unchanged files are not sent again. */
  readonly published = new Map<string, string>();

  constructor(
    readonly root: string,
    readonly origin: FolderOrigin,
    service: MigrationService,
    private readonly log: (message: string) => void,
    /** For a folder made for one opened file: that file alone, when its name does not look like a migration. */
    private readonly singleFile?: string,
  ) {
    this.settings = mergeSettings(undefined, readClientSettings(null).settings);
    this.workspace = service.createWorkspace({ settings: this.settings.lint, migrationsDirectory: null });
    this.reloadConfig();
  }

  get uri(): string {
    return pathToUri(this.root);
  }

  // ---- paths

  /** Path as the core and its messages show it: relative to the folder, with `/`. */
  display(absolute: string): string {
    const relative = path.relative(this.root, absolute);
    return relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative.split(path.sep).join('/');
  }

  absolute(display: string): string {
    return path.isAbsolute(display) ? display : path.join(this.root, ...display.split('/'));
  }

  /** True when `file` (absolute) is a migration file of this folder: a `.sql` file directly in its directory. */
  owns(file: string): boolean {
    if (this.singleFile) return file === this.singleFile;
    return this.directory !== undefined && isSqlFileName(path.basename(file)) && path.dirname(file) === this.directory;
  }

  /** True when `file` is under the folder at all. */
  contains(file: string): boolean {
    const relative = path.relative(this.root, file);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  isConfigFile(file: string): boolean {
    return file === path.join(this.root, CONFIG_FILE_NAME);
  }

  // ---- settings

  /** The client's `electricMigrations` section changed (or was read for the first time). */
  setClientSettings(value: unknown): string[] {
    this.clientSettings = value;
    return this.applySettings();
  }

  /**
   * Re-reads `electric-migrations.json` when it changed. Returns the config error when it is new (a problem is
   * reported once per change of the file, not on every analysis).
   */
  reloadConfig(): string | undefined {
    if (this.origin === 'file' && this.singleFile) return undefined;
    const file = path.join(this.root, CONFIG_FILE_NAME);
    const stamp = configStamp(file);
    if (stamp === this.configStamp) return undefined;
    this.configStamp = stamp;
    let config: MigrationsConfig | undefined;
    this.configError = undefined;
    this.configFile = undefined;
    if (stamp !== 'missing') {
      this.configFile = file;
      try {
        config = loadConfig(file);
      } catch (error) {
        this.configError = error instanceof ConfigError ? error.message : String(error);
      }
    }
    this.config = config;
    this.applySettings();
    return this.configError;
  }

  private config: MigrationsConfig | undefined;

  private applySettings(): string[] {
    const { settings: client, problems } = readClientSettings(this.clientSettings);
    this.settings = mergeSettings(this.config, client);
    this.workspace.setSettings(this.settings.lint);
    this.locateDirectory();
    return problems;
  }

  private locateDirectory(): void {
    if (this.singleFile) {
      this.directory = undefined;
      return;
    }
    const configured = this.settings.migrationsDirectory;
    if (this.origin === 'file') this.directory = this.root;
    else if (configured) this.directory = pathKind(path.resolve(this.root, configured)) === 'directory' ? path.resolve(this.root, configured) : undefined;
    else this.directory = resolveMigrationsDirectory({ cwd: this.root })?.path;
  }

  // ---- documents

  /** An open document's text (undefined: closed, the saved text counts again). */
  setOpenText(file: string, text: string | undefined): void {
    if (text === undefined) this.open.delete(file);
    else this.open.set(file, text);
    if (!this.owns(file) && !this.listing.has(file)) return;
    // A keystroke in a file the workspace has: hand over that text alone (a full sync walks every file).
    const current = this.textOf(file);
    if (this.listing.has(file) && current !== undefined) this.workspace.setDocument(this.display(file), current);
    else this.sync();
  }

  get openFiles(): number {
    return this.open.size;
  }

  /** The text the workspace has for a file (open text, else disk). */
  textOf(file: string): string | undefined {
    return this.open.get(file) ?? this.disk.get(file)?.text;
  }

  /** Re-lists the migrations directory and re-reads the files that changed on disk. */
  refresh(): void {
    const files = new Set<string>();
    this.unreadable.clear();
    if (this.singleFile) files.add(this.singleFile);
    else if (this.directory) {
      try {
        for (const entry of fs.readdirSync(this.directory)) {
          if (!isSqlFileName(entry)) continue;
          const file = path.join(this.directory, entry);
          const kind = pathKind(file);
          if (kind === 'file') files.add(file);
          else if (kind !== 'directory' || !this.open.has(file)) this.unreadable.set(file, kind);
        }
      } catch (error) {
        this.log(`cannot list ${this.directory}: ${(error as Error).message}`);
      }
    }
    for (const file of this.open.keys()) if (this.owns(file)) files.add(file);
    for (const file of files) if (!this.open.has(file)) this.readFromDisk(file);
    for (const file of [...this.disk.keys()]) if (!files.has(file)) this.disk.delete(file);
    this.listing = files;
    this.sync();
  }

  private readFromDisk(file: string): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      this.disk.delete(file);
      return;
    }
    const known = this.disk.get(file);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return;
    try {
      this.disk.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text: readTextFile(file) });
    } catch (error) {
      this.disk.delete(file);
      this.unreadable.set(file, error instanceof UnreadableFileError ? error.reason : String(error));
    }
  }

  private sync(): void {
    const documents: { path: string; text: string }[] = [];
    for (const file of this.listing) {
      const text = this.textOf(file);
      if (text !== undefined) documents.push({ path: this.display(file), text });
    }
    for (const [file, text] of this.open) if (this.owns(file) && !this.listing.has(file)) documents.push({ path: this.display(file), text });
    this.workspace.setDocuments(documents, this.singleFile ? null : this.directory ? this.display(this.directory) : null);
  }

  problems(): FolderProblems {
    return { configError: this.configError, unreadable: [...this.unreadable].map(([file, why]) => `${this.display(file)}: ${why}`) };
  }
}

/** What identifies a version of the config file without reading it. */
function configStamp(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
  } catch {
    return 'missing';
  }
}
