/**
 * The outline of a migration file (one symbol per statement, tables with their columns as children, electrified
 * tables marked) and the workspace's symbols (every table and role of the migration set).
 */
import type * as A from '../syntax/ast';
import { isDdlx } from '../syntax/ast';
import type { Span } from '../syntax/ast';
import type { FileLocation } from './navigation';
import type { MigrationWorkspace, WorkspaceFile } from './workspace';

export type OutlineKind = 'table' | 'view' | 'column' | 'index' | 'type' | 'value' | 'function' | 'trigger' | 'electric' | 'statement';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineKind;
  /** The whole statement (or column definition). */
  span: Span;
  /** The name inside it: what the editor selects. */
  selection: Span;
  children: OutlineSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: 'table' | 'view' | 'role';
  /** Where it is defined (a table's CREATE, a role's first ASSIGN). */
  location: FileLocation;
  /** The file name, for the list. */
  container: string;
}

function written(name: A.QualifiedName): string {
  const part = (n: A.Name) => (n.quoted ? `"${n.name}"` : n.name);
  return name.schema ? `${part(name.schema)}.${part(name.name)}` : part(name.name);
}

function keywords(text: string): string {
  return (/^[A-Za-z_]+(?:\s+[A-Za-z_]+){0,2}/.exec(text)?.[0] ?? '').replace(/\s+/g, ' ').toUpperCase();
}

export function findDocumentSymbols(workspace: MigrationWorkspace, path: string): OutlineSymbol[] {
  const file = workspace.file(path);
  if (!file) return [];
  const final = workspace.finalSchema();
  const symbols: OutlineSymbol[] = [];
  for (const statement of file.parsed.statements) {
    const ast = statement.ast;
    const head = keywords(statement.text) || 'statement';
    if (!ast) {
      symbols.push({ name: head, detail: 'syntax error', kind: 'statement', span: statement.span, selection: statement.span, children: [] });
      continue;
    }
    symbols.push(symbolOf(ast, head, file, final));
  }
  return symbols;
}

function symbolOf(ast: A.Statement, head: string, file: WorkspaceFile, final: ReturnType<MigrationWorkspace['finalSchema']>): OutlineSymbol {
  const base = { span: ast.span, children: [] as OutlineSymbol[] };
  switch (ast.kind) {
    case 'createTable':
    case 'createForeignTable': {
      const key = file.before.creationKey(ast.name);
      const electrified = final.tables.get(key)?.electrified;
      const columns = ast.elements.filter((e): e is A.ColumnDef => e.kind === 'column');
      return {
        ...base,
        name: written(ast.name),
        detail: electrified ? `table · electrified in ${baseName(electrified.at.file)}` : 'table',
        kind: 'table',
        selection: ast.name.span,
        children: columns.map((c) => ({ name: c.name.quoted ? `"${c.name.name}"` : c.name.name, detail: typeText(file.text, c.type), kind: 'column', span: c.span, selection: c.name.span, children: [] })),
      };
    }
    case 'createView':
      return { ...base, name: written(ast.name), detail: ast.materialized ? 'materialized view' : 'view', kind: 'view', selection: ast.name.span };
    case 'alterTable':
      return {
        ...base,
        name: written(ast.name),
        detail: `ALTER TABLE: ${ast.actions.map((a) => a.kind.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)).join(', ')}`,
        kind: 'statement',
        selection: ast.name.span,
        children: ast.actions.flatMap((a) =>
          a.kind === 'addColumn'
            ? [{ name: a.column.name.quoted ? `"${a.column.name.name}"` : a.column.name.name, detail: `add column ${typeText(file.text, a.column.type)}`, kind: 'column' as const, span: a.span, selection: a.column.name.span, children: [] }]
            : [],
        ),
      };
    case 'createIndex':
      return { ...base, name: ast.name ? ast.name.name : `index on ${written(ast.table)}`, detail: `${ast.unique ? 'unique ' : ''}index on ${written(ast.table)}`, kind: 'index', selection: ast.name?.span ?? ast.table.span };
    case 'createType':
      return {
        ...base,
        name: written(ast.name),
        detail: `${ast.variant} type`,
        kind: 'type',
        selection: ast.name.span,
        children: ast.values.map((v) => ({ name: v.value, detail: 'enum value', kind: 'value', span: v.span, selection: v.span, children: [] })),
      };
    case 'createDomain':
      return { ...base, name: written(ast.name), detail: 'domain', kind: 'type', selection: ast.name.span };
    case 'createFunction':
      return { ...base, name: written(ast.name), detail: ast.procedure ? 'procedure' : 'function', kind: 'function', selection: ast.name.span };
    case 'createTrigger':
      return { ...base, name: ast.name.name, detail: `trigger on ${written(ast.table)}`, kind: 'trigger', selection: ast.name.span };
    case 'enableElectric':
    case 'disableElectric':
      return { ...base, name: written(ast.table), detail: ast.kind === 'enableElectric' ? 'ENABLE ELECTRIC' : 'DISABLE ELECTRIC', kind: 'electric', selection: ast.table.span };
    case 'assign':
    case 'unassign':
      return { ...base, name: roleText(file.text, ast.role), detail: `ELECTRIC ${ast.kind.toUpperCase()}`, kind: 'electric', selection: ast.role.span };
    case 'grant':
    case 'revoke':
      return {
        ...base,
        name: `${ast.privileges.map((p) => p.name.toUpperCase()).join(', ')} ON ${ast.tables.map(written).join(', ')}`,
        detail: `ELECTRIC ${ast.kind.toUpperCase()}`,
        kind: 'electric',
        selection: ast.tables[0]?.span ?? ast.keywordSpan,
      };
    case 'drop':
      return { ...base, name: ast.names.map(written).join(', '), detail: `DROP ${ast.objectType.toUpperCase()}`, kind: 'statement', selection: ast.names[0]?.span ?? ast.objectKeywordsSpan };
    case 'insert':
    case 'update':
    case 'delete':
      return { ...base, name: written(ast.table), detail: ast.kind.toUpperCase(), kind: 'statement', selection: ast.table.span };
    default:
      return { ...base, name: head, detail: isDdlx(ast) ? 'DDLX' : '', kind: 'statement', selection: ast.span };
  }
}

function typeText(text: string, type: A.TypeName): string {
  return text.slice(type.span.start, type.span.end).replace(/\s+/g, ' ').toLowerCase();
}

function roleText(text: string, role: A.DdlxRole): string {
  return text.slice(role.span.start, role.span.end);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A query matches a name when its characters appear in order (case-insensitive), as editors' symbol pickers do. */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}

export function findWorkspaceSymbols(workspace: MigrationWorkspace, query: string): WorkspaceSymbol[] {
  const symbols: WorkspaceSymbol[] = [];
  const roles = new Set<string>();
  for (const file of workspace.allFiles()) {
    for (const o of file.occurrences) {
      if (!o.definition) continue;
      if (o.kind === 'table' && file.parsed.statements.some((s) => s.ast?.kind === 'createView' && s.ast.name.span.start === o.span.start)) {
        symbols.push({ name: o.name, kind: 'view', location: { file: file.path, span: o.span }, container: file.name });
      } else if (o.kind === 'table') {
        symbols.push({ name: o.name, kind: 'table', location: { file: file.path, span: o.span }, container: file.name });
      } else if (o.kind === 'role' && !roles.has(o.name)) {
        roles.add(o.name);
        symbols.push({ name: o.name, kind: 'role', location: { file: file.path, span: o.span }, container: file.name });
      }
    }
  }
  return query ? symbols.filter((s) => fuzzyMatch(query, s.name)) : symbols;
}
