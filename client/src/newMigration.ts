/**
 * "New Migration": asks for a name; the server says where the file goes (the folder's migrations directory, the
 * next free index, the layout's file name, NewMigrationRequest); the client writes it and opens it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NewMigrationRequest } from '../../server/src/lsp/protocol';
import type { TargetFolder } from './folders';

export async function createNewMigration(client: LanguageClient, folder: TargetFolder | undefined): Promise<vscode.Uri | undefined> {
  const name = await vscode.window.showInputBox({
    title: `New migration${folder ? ` in ${folder.name}` : ''}`,
    prompt: 'What the migration does; it becomes the file name after the next free index',
    placeHolder: 'add tags to projects',
    validateInput: (text) => (text.trim() === '' ? 'Enter a name, e.g. "add tags to projects"' : undefined),
  });
  if (name === undefined) return undefined;
  const params: NewMigrationRequest.Params = { name, ...(folder ? { folderUri: folder.uri } : {}) };
  const result = await client.sendRequest<NewMigrationRequest.Result | null>(NewMigrationRequest.method, params);
  if (!result) {
    void vscode.window.showWarningMessage('ElectricSQL: no migrations directory found (db/migrations, migrations, or migrationsDirectory in the settings or electric-migrations.json).');
    return undefined;
  }
  const uri = client.protocol2CodeConverter.asUri(result.uri);
  if (await exists(uri)) {
    // The server picked the index from the files it knows; one written since must not be overwritten.
    void vscode.window.showErrorMessage(`ElectricSQL: ${result.fileName} already exists.`);
    return undefined;
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.content));
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  editor.selection = new vscode.Selection(end, end);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
