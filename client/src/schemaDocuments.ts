/**
 * "Show Schema at Cursor": the server's answer (SchemaAtRequest: the CREATE TABLE statements as of the cursor,
 * then what is electrified, assigned and granted) shown as a read-only SQL document of a virtual scheme, which the
 * language client ignores (its selector is `file:` only), so the view is never linted as a migration.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SchemaAtRequest } from '../../server/src/lsp/protocol';

export const SCHEMA_SCHEME = 'electric-migrations-schema';

export class SchemaDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [
    this.changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, this),
    // A closed view's text is not kept: running the command again asks the server anew.
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === SCHEMA_SCHEME) this.contents.delete(document.uri.toString());
    }),
  ];

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '-- This view has expired: run "ElectricSQL: Show Schema at Cursor" again.\n';
  }

  async showAtCursor(client: LanguageClient): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.scheme !== 'file' || editor.document.languageId !== 'sql') {
      void vscode.window.showWarningMessage('ElectricSQL: open a migration file and put the cursor where you want to see the schema.');
      return;
    }
    const params: SchemaAtRequest.Params = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
      position: client.code2ProtocolConverter.asPosition(editor.selection.active),
    };
    const result = await client.sendRequest<SchemaAtRequest.Result | null>(SchemaAtRequest.method, params);
    if (!result) {
      void vscode.window.showWarningMessage(`ElectricSQL: ${vscode.workspace.asRelativePath(editor.document.uri)} is not a migration of a migrations directory.`);
      return;
    }
    // The title names the file and line, so each position gets its own tab and a second look refreshes it.
    const uri = vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${result.title.replace(/[\\/]/g, '_')}.sql` });
    this.contents.set(uri.toString(), result.content);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'sql') await vscode.languages.setTextDocumentLanguage(document, 'sql');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
