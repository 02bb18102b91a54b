/**
 * Which files the server lints: for each workspace folder, its migrations directory (the configured one, else the
 * first of `db/migrations`, `migrations` that exists), read from disk with the open documents' text in place of
 * the saved text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { InitializeParams } from 'vscode-languageserver';
import { isSqlFileName, listSqlFiles, resolveMigrationsDirectory } from '../migrations/discover';

/** A file system path for a `file:` URI; undefined for other schemes (untitled:, git:, …). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The workspace roots named by `initialize`: every workspace folder, else `rootUri`, else `rootPath`. */
export function workspaceRoots(params: Pick<InitializeParams, 'workspaceFolders' | 'rootUri' | 'rootPath'>): string[] {
  const roots: string[] = [];
  for (const folder of params.workspaceFolders ?? []) {
    const p = uriToPath(folder.uri);
    if (p) roots.push(p);
  }
  if (roots.length === 0 && params.rootUri) {
    const p = uriToPath(params.rootUri);
    if (p) roots.push(p);
  }
  if (roots.length === 0 && params.rootPath) roots.push(path.resolve(params.rootPath));
  return [...new Set(roots)];
}

/**
 * The migrations directory of a workspace root: `configured` (relative to the root) when given and present,
 * else the first of `db/migrations`, `migrations` that exists. Undefined when there is none.
 */
export function migrationsDirectoryOf(root: string, configured?: string): string | undefined {
  if (configured) {
    const dir = path.resolve(root, configured);
    return isDirectory(dir) ? dir : undefined;
  }
  return resolveMigrationsDirectory({ cwd: root })?.path;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** True when `file` is directly inside `dir` (migrations are not looked for in subfolders). */
export function isInDirectory(file: string, dir: string): boolean {
  return path.dirname(path.resolve(file)) === path.resolve(dir);
}

export interface MigrationText {
  /** Absolute path. */
  path: string;
  text: string;
}

/**
 * The `.sql` files of `dir` with their current text: open documents (`openText`, keyed by absolute path) win over
 * the disk, and an open document whose file is not on disk (yet, or any more) is included. Unreadable files are
 * reported through `onUnreadable` and left out.
 */
export function readMigrations(
  dir: string,
  openText: (file: string) => string | undefined,
  openFiles: Iterable<string>,
  onUnreadable: (file: string, error: unknown) => void = () => {},
): MigrationText[] {
  const files = new Set<string>();
  try {
    for (const f of listSqlFiles(dir)) files.add(path.normalize(f));
  } catch (error) {
    onUnreadable(dir, error);
  }
  for (const f of openFiles) {
    if (isInDirectory(f, dir) && isSqlFileName(path.basename(f))) files.add(path.normalize(f));
  }
  const result: MigrationText[] = [];
  for (const file of files) {
    const open = openText(file);
    if (open !== undefined) {
      result.push({ path: file, text: open });
      continue;
    }
    try {
      result.push({ path: file, text: fs.readFileSync(file, 'utf8') });
    } catch (error) {
      onUnreadable(file, error);
    }
  }
  return result;
}
