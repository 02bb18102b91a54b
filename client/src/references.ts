/**
 * The server's "N references" code lens runs `electricMigrations.showReferences` with protocol values
 * (`[uri, Position, Location[]]`, as any LSP client would get them); VS Code's peek view wants its own types.
 */
import * as vscode from 'vscode';
import type { LanguageClient, Location, Position } from 'vscode-languageclient/node';

export async function showReferences(client: LanguageClient, uri: unknown, position: unknown, locations: unknown): Promise<void> {
  if (typeof uri !== 'string' || !isPosition(position) || !Array.isArray(locations)) return;
  const converter = client.protocol2CodeConverter;
  const found = locations.filter(isLocation).map((l) => converter.asLocation(l));
  await vscode.commands.executeCommand('editor.action.showReferences', converter.asUri(uri), converter.asPosition(position), found);
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character);
}

function isLocation(value: unknown): value is Location {
  const l = value as Location | null;
  return typeof l === 'object' && l !== null && typeof l.uri === 'string' && isPosition(l.range?.start) && isPosition(l.range?.end);
}
