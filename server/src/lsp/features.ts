/**
 * The request handlers, each the same shape: locate the document's folder and file (analysis made current), call
 * the language service, convert to protocol types. Registered here; returns the capabilities to announce.
 */
import path from 'node:path';
import type { ServerCapabilities } from 'vscode-languageserver';
import { nextMigrationFileName } from '../migrations/newMigration';
import { NewMigrationRequest } from './protocol';
import { runSafe } from './runSafe';
import type { ServerContext } from './server';
import { pathToUri, uriToPath } from './uris';

export function registerFeatures(ctx: ServerContext): ServerCapabilities {
  const { connection, logger } = ctx;

  connection.onRequest(NewMigrationRequest.method, (params: NewMigrationRequest.Params, token) =>
    runSafe(logger, 'newMigration', null, () => newMigration(ctx, params), token),
  );

  return {};
}

function newMigration(ctx: ServerContext, params: NewMigrationRequest.Params): NewMigrationRequest.Result | null {
  const name = typeof params?.name === 'string' ? params.name : '';
  const wanted = uriToPath(params?.folderUri);
  const candidates = ctx.folders.workspaceFolders().filter((f) => f.directory !== undefined);
  const folder = (wanted ? candidates.find((f) => f.root === wanted || f.contains(wanted)) : undefined) ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!folder?.directory) return null;
  folder.workspace.analyse();
  const names = folder.workspace.allFiles().filter((f) => f.role !== 'standalone').map((f) => f.name);
  const fileName = nextMigrationFileName(names, name);
  return { uri: pathToUri(path.join(folder.directory, fileName)), fileName, content: `-- ${name.trim() || fileName}\n` };
}
