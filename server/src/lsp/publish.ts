/**
 * Publishing a folder's diagnostics after an analysis: only files whose diagnostics (or whose positions) changed
 * are sent, every file of the set is sent once, and files that left the set are cleared. All sends happen in one
 * synchronous pass, so a publication never mixes two analyses.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Connection } from 'vscode-languageserver';
import { toLspDiagnostic, type FileResolver } from './convert';
import type { OpenDocuments } from './documents';
import type { MigrationFolder } from './folder';
import { ruleDocumentationLink } from './ruleDocs';
import { pathToUri } from './uris';

/** The text document (open, else made from the workspace's text) and URI of a display path of the folder. */
export function folderResolver(folder: MigrationFolder, documents: OpenDocuments, docsBase?: string): FileResolver & { uriOf(display: string): string } {
  const made = new Map<string, TextDocument>();
  // Clients may spell a file's URI differently from ours (drive letter case, encoding): prefer theirs.
  const openByLowerUri = new Map(documents.all().map((d) => [d.uri.toLowerCase(), d.uri]));
  const uriOf = (display: string): string => {
    const uri = pathToUri(folder.absolute(display));
    return openByLowerUri.get(uri.toLowerCase()) ?? uri;
  };
  return {
    uriOf,
    uri: uriOf,
    ruleLink: (id) => ruleDocumentationLink(docsBase, id),
    document(display) {
      const uri = uriOf(display);
      const open = documents.get(uri);
      if (open) return open;
      let document = made.get(display);
      if (!document) {
        const text = folder.textOf(folder.absolute(display));
        if (text === undefined) return undefined;
        document = TextDocument.create(uri, 'sql', 0, text);
        made.set(display, document);
      }
      return document;
    },
  };
}

/** Sends what changed since the last publication of this folder; returns how many files were sent. */
export function publishFolder(connection: Connection, folder: MigrationFolder, documents: OpenDocuments, docsBase?: string): number {
  const resolver = folderResolver(folder, documents, docsBase);
  const seen = new Set<string>();
  let sent = 0;
  for (const file of folder.workspace.paths()) {
    const uri = resolver.uriOf(file);
    seen.add(uri);
    const sig = folder.workspace.diagnosticsKey(file);
    if (folder.published.get(uri) === sig) continue;
    const diagnostics = folder.workspace.diagnostics(file);
    const document = resolver.document(file);
    if (!document) continue;
    folder.published.set(uri, sig);
    const open = documents.get(uri);
    void connection.sendDiagnostics({
      uri,
      ...(open ? { version: open.version } : {}),
      diagnostics: diagnostics.map((d) => toLspDiagnostic(d, document, resolver)),
    });
    sent++;
  }
  for (const uri of [...folder.published.keys()]) {
    if (seen.has(uri)) continue;
    folder.published.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  return sent;
}
