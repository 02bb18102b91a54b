/**
 * Which workspace folder a command is about: the one a code lens names, else the active editor's, else the only
 * one, else the user picks. Without a workspace, the active migration's directory stands for the folder (the server
 * treats a lone migration's directory as its folder).
 */
import * as vscode from 'vscode';

export interface TargetFolder {
  /** A `file:` URI string, as the protocol carries it. */
  uri: string;
  name: string;
  /** The workspace folder, when there is one. */
  workspaceFolder?: vscode.WorkspaceFolder;
}

export function folderOf(workspaceFolder: vscode.WorkspaceFolder): TargetFolder {
  return { uri: workspaceFolder.uri.toString(), name: workspaceFolder.name, workspaceFolder };
}

/** The folder of `argument` (a URI string from a code lens), or the one the user means; undefined when cancelled. */
export async function resolveFolder(argument: unknown, purpose: string): Promise<TargetFolder | undefined> {
  if (typeof argument === 'string' && argument !== '') {
    const uri = vscode.Uri.parse(argument);
    const owner = vscode.workspace.getWorkspaceFolder(uri);
    return owner ? folderOf(owner) : { uri: argument, name: uri.path.split('/').pop() ?? argument };
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  if (activeFolder) return folderOf(activeFolder);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folderOf(folders[0]);
  if (folders.length > 1) {
    const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: `Workspace folder to ${purpose}` });
    return picked ? folderOf(picked) : undefined;
  }
  if (active?.scheme === 'file') {
    const directory = vscode.Uri.joinPath(active, '..');
    return { uri: directory.toString(), name: directory.path.split('/').pop() ?? directory.fsPath };
  }
  return undefined;
}

/** Whether `uri` lies in the folder. */
export function inFolder(folder: TargetFolder, uri: vscode.Uri): boolean {
  const base = folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`;
  return uri.toString().startsWith(base);
}
