/**
 * Go to definition, find references and document highlights, across the migration set, from the occurrences the
 * workspace records per file (./occurrences.ts).
 */
import type { Span } from '../syntax/ast';
import { type Occurrence, sameSymbol } from './occurrences';
import type { MigrationWorkspace, WorkspaceFile } from './workspace';

/** A place in a file of the workspace (display path, offsets). */
export interface FileLocation {
  file: string;
  span: Span;
}

export interface Highlight {
  span: Span;
  /** A definition (written) rather than a use (read). */
  write: boolean;
}

/** The innermost occurrence at `offset` (a column inside a qualified name wins over the table). */
export function occurrenceAt(file: WorkspaceFile, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of file.occurrences) {
    if (o.span.start <= offset && offset <= o.span.end && (!best || o.span.end - o.span.start < best.span.end - best.span.start)) best = o;
  }
  return best;
}

/** Every occurrence of the symbol, in migration order. */
function allOccurrences(workspace: MigrationWorkspace, symbol: Occurrence): { file: WorkspaceFile; occurrence: Occurrence }[] {
  const found: { file: WorkspaceFile; occurrence: Occurrence }[] = [];
  for (const file of workspace.allFiles()) {
    for (const occurrence of file.occurrences) if (sameSymbol(occurrence, symbol)) found.push({ file, occurrence });
  }
  return found;
}

export function findDefinition(workspace: MigrationWorkspace, path: string, offset: number): FileLocation[] {
  const file = workspace.file(path);
  const symbol = file && occurrenceAt(file, offset);
  if (!symbol) return [];
  if (symbol.target) return [{ file: symbol.target.file, span: symbol.target.span }];
  // Roles have no single definition: the ASSIGNs that hand them out.
  if (symbol.kind === 'role') {
    return allOccurrences(workspace, symbol)
      .filter((o) => o.occurrence.definition)
      .map((o) => ({ file: o.file.path, span: o.occurrence.span }));
  }
  return [];
}

export function findReferences(workspace: MigrationWorkspace, path: string, offset: number, includeDeclaration: boolean): FileLocation[] {
  const file = workspace.file(path);
  const symbol = file && occurrenceAt(file, offset);
  if (!symbol) return [];
  return allOccurrences(workspace, symbol)
    .filter((o) => includeDeclaration || !o.occurrence.definition)
    .map((o) => ({ file: o.file.path, span: o.occurrence.span }));
}

export function findDocumentHighlights(workspace: MigrationWorkspace, path: string, offset: number): Highlight[] {
  const file = workspace.file(path);
  const symbol = file && occurrenceAt(file, offset);
  if (!file || !symbol) return [];
  return file.occurrences.filter((o) => sameSymbol(o, symbol)).map((o) => ({ span: o.span, write: o.definition }));
}

/** How many times the symbol is used (definitions not counted) across the set. */
export function referenceCount(workspace: MigrationWorkspace, symbol: Occurrence): FileLocation[] {
  return allOccurrences(workspace, symbol)
    .filter((o) => !o.occurrence.definition)
    .map((o) => ({ file: o.file.path, span: o.occurrence.span }));
}
