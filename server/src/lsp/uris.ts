/** `file:` URIs and paths, and the workspace roots an `initialize` names. */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A file system path for a `file:` URI; undefined for other schemes (untitled:, git:, …) and malformed URIs. */
export function uriToPath(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

interface RootParams {
  workspaceFolders?: { uri: string }[] | null;
  rootUri?: string | null;
  rootPath?: string | null;
}

/** The workspace roots named by `initialize`: every workspace folder, else `rootUri`, else `rootPath`. */
export function workspaceRoots(params: RootParams): string[] {
  const roots: string[] = [];
  for (const folder of Array.isArray(params.workspaceFolders) ? params.workspaceFolders : []) {
    const p = uriToPath(folder?.uri);
    if (p) roots.push(p);
  }
  if (roots.length === 0 && params.rootUri) {
    const p = uriToPath(params.rootUri);
    if (p) roots.push(p);
  }
  if (roots.length === 0 && typeof params.rootPath === 'string' && params.rootPath) roots.push(path.resolve(params.rootPath));
  return [...new Set(roots)];
}
