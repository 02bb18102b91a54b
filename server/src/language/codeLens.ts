/**
 * A code lens above each CREATE TABLE: how often the migration set uses the table, and where it is electrified
 * ("3 references · electrified in 03-electrify.sql"). Clicking it lists the references.
 */
import type { Span } from '../syntax/ast';
import { type FileLocation, referenceCount } from './navigation';
import type { MigrationWorkspace } from './workspace';

export interface CodeLensInfo {
  /** The statement the lens sits above. */
  span: Span;
  title: string;
  /** Where the name is (the position the references are listed for). */
  name: Span;
  references: FileLocation[];
}

export function getCodeLenses(workspace: MigrationWorkspace, path: string): CodeLensInfo[] {
  const file = workspace.file(path);
  if (!file) return [];
  const final = workspace.finalSchema();
  const lenses: CodeLensInfo[] = [];
  for (const statement of file.parsed.statements) {
    const ast = statement.ast;
    if (ast?.kind !== 'createTable') continue;
    const definition = file.occurrences.find((o) => o.kind === 'table' && o.definition && o.span.start === ast.name.span.start);
    if (!definition) continue;
    const references = referenceCount(workspace, definition);
    const table = final.tables.get(definition.name) ?? [...final.tables.values()].find((t) => definition.target && t.definedAt.equals(definition.target));
    const electrified = table?.electrified ? `electrified in ${table.electrified.at.file.slice(table.electrified.at.file.lastIndexOf('/') + 1)}` : table ? 'not electrified' : 'dropped or renamed later';
    lenses.push({ span: statement.span, name: ast.name.span, title: `${references.length} reference${references.length === 1 ? '' : 's'} · ${electrified}`, references });
  }
  return lenses;
}
