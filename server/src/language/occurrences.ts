/**
 * Where a statement names a table, a column, a role or a type, and what each name refers to as of that statement:
 * the one resolver behind definition, references, document highlights, semantic tokens, hover and code lenses.
 *
 * A table, column or type is identified by the place that defined it (its CREATE, its ADD COLUMN), which renames
 * carry along, so references follow a table through `RENAME TO`. A role is identified by its label
 * (`'projects:member'`): it has no single definition, ASSIGNs hand it out.
 */
import { roleIdentity, roleLabel, scopeKeyOfString, splitRoleString, type RoleIdentity } from '../electric/roles';
import { type Catalog, columnRefTable } from '../schema/catalog';
import { Located, type StatementAnchor, type TableInfo } from '../schema/model';
import type * as A from '../syntax/ast';

export type SymbolKind = 'table' | 'column' | 'role' | 'type';

export interface Occurrence {
  kind: SymbolKind;
  /** Offsets in the file. */
  span: A.Span;
  /** `schema.table`, `schema.table.column`, a type's key, or a role's label. */
  name: string;
  /** The definition it refers to (tables, columns, types), when the schema knows it. */
  target?: Located;
  /** A definition (CREATE TABLE's name, a column of CREATE TABLE or ADD COLUMN, RENAME … TO, ASSIGN's role). */
  definition: boolean;
}

/** True when two occurrences name the same thing. */
export function sameSymbol(a: Occurrence, b: Occurrence): boolean {
  if (a.kind !== b.kind) return false;
  if (a.target && b.target) return a.target.equals(b.target);
  return !a.target && !b.target && a.name === b.name;
}

class Collector {
  readonly found: Occurrence[] = [];

  constructor(
    readonly catalog: Catalog,
    readonly anchor: StatementAnchor,
  ) {}

  here(span: A.Span): Located {
    return Located.at(this.anchor, span);
  }

  /** A table named here (resolved through the search path). */
  table(name: A.QualifiedName, definition = false): TableInfo | undefined {
    const table = definition ? undefined : this.catalog.table(name);
    const key = definition ? this.catalog.creationKey(name) : this.catalog.tableKey(name);
    this.found.push({ kind: 'table', span: name.span, name: key, definition, target: definition ? this.here(name.name.span) : table?.definedAt });
    return table;
  }

  /** A column of `table` (a table key when the table is unknown). */
  column(table: TableInfo | string | undefined, name: A.Name, definition = false): void {
    const key = typeof table === 'string' ? table : table?.key;
    if (key === undefined) return;
    const column = typeof table === 'object' ? table.columns.get(name.name) : undefined;
    this.found.push({ kind: 'column', span: name.span, name: `${key}.${name.name}`, definition, target: definition ? this.here(name.span) : column?.definedAt });
  }

  type(type: A.TypeName): void {
    const normal = this.catalog.normalise(type);
    const info = normal.userType ? this.catalog.types.get(normal.userType) : undefined;
    this.found.push({ kind: 'type', span: type.span, name: normal.userType ?? normal.display, definition: false, ...(info ? { target: info.definedAt } : {}) });
  }

  typeDefinition(name: A.QualifiedName): void {
    const key = `${name.schema?.name ?? this.catalog.creationSchema()}.${name.name.name}`;
    this.found.push({ kind: 'type', span: name.span, name: key, definition: true, target: this.here(name.name.span) });
  }

  role(role: RoleIdentity | undefined, span: A.Span, definition: boolean): void {
    if (!role) return;
    this.found.push({ kind: 'role', span, name: roleLabel(role), definition });
  }

  columnDef(table: TableInfo | string, column: A.ColumnDef): void {
    this.column(table, column.name, true);
    this.type(column.type);
    for (const constraint of column.constraints) if (constraint.kind === 'references') this.references(constraint.references);
  }

  references(clause: A.ReferencesClause, self?: { key: string; table?: TableInfo; name: A.QualifiedName }): void {
    const isSelf = self !== undefined && (this.catalog.creationKey(clause.table) === self.key || this.catalog.tableKey(clause.table) === self.key);
    if (isSelf) {
      this.found.push({ kind: 'table', span: clause.table.span, name: self.key, definition: false, target: this.here(self.name.name.span) });
      for (const c of clause.columns) this.column(self.key, c);
      return;
    }
    const target = this.table(clause.table);
    for (const c of clause.columns) this.column(target ?? this.catalog.tableKey(clause.table), c);
  }

  constraintColumns(table: TableInfo | string, constraint: A.TableConstraint, self?: { key: string; name: A.QualifiedName }): void {
    if ('columns' in constraint) for (const c of constraint.columns) this.column(table, c);
    if (constraint.kind === 'foreignKey') this.references(constraint.references, self);
  }

  columnRef(ref: A.ColumnRef): TableInfo | undefined {
    const table = this.table(columnRefTable(ref));
    this.column(table ?? this.catalog.columnRefKey(ref), ref.column);
    return table;
  }
}

/** The names a statement mentions, with what they refer to given `catalog`, the schema before the statement. */
export function occurrencesOf(statement: A.Statement, catalog: Catalog, anchor: StatementAnchor): Occurrence[] {
  const c = new Collector(catalog, anchor);
  switch (statement.kind) {
    case 'createTable':
    case 'createForeignTable': {
      c.table(statement.name, true);
      const key = catalog.creationKey(statement.name);
      const self = { key, name: statement.name };
      for (const element of statement.elements) {
        if (element.kind === 'column') {
          c.column(key, element.name, true);
          c.type(element.type);
          for (const constraint of element.constraints) if (constraint.kind === 'references') c.references(constraint.references, self);
        } else if (element.kind === 'tableConstraint') {
          c.constraintColumns(key, element.constraint, self);
        } else {
          c.table(element.table);
        }
      }
      if (statement.kind === 'createTable') {
        for (const parent of statement.inherits) c.table(parent);
        if (statement.partitionOf) c.table(statement.partitionOf);
      }
      break;
    }
    case 'createView':
      c.table(statement.name, true);
      break;
    case 'alterTable': {
      const table = c.table(statement.name);
      const key = table?.key ?? catalog.tableKey(statement.name);
      const owner = table ?? key;
      for (const action of statement.actions) {
        switch (action.kind) {
          case 'addColumn':
            c.columnDef(owner, action.column);
            break;
          case 'alterColumnType':
            c.column(owner, action.column);
            c.type(action.type);
            break;
          case 'addConstraint':
            c.constraintColumns(owner, action.constraint);
            break;
          case 'renameColumn':
            c.column(owner, action.from);
            c.found.push({ kind: 'column', span: action.to.span, name: `${key}.${action.to.name}`, definition: true, target: table?.columns.get(action.from.name)?.definedAt });
            break;
          case 'renameTable':
            c.found.push({ kind: 'table', span: action.to.span, name: `${table?.schema ?? catalog.creationSchema()}.${action.to.name}`, definition: true, target: table?.definedAt });
            break;
          case 'inherit':
            c.table(action.parent);
            break;
          case 'attachPartition':
          case 'detachPartition':
            c.table(action.partition);
            break;
          default:
            if ('column' in action) c.column(owner, action.column as A.Name);
            break;
        }
      }
      break;
    }
    case 'drop':
      if (['table', 'view', 'materialized view', 'foreign table'].includes(statement.objectType)) for (const name of statement.names) c.table(name);
      else if (statement.objectType === 'type' || statement.objectType === 'domain') {
        for (const name of statement.names) {
          const key = catalog.typeKey(name.schema?.name, name.name.name);
          const info = key ? catalog.types.get(key) : undefined;
          c.found.push({ kind: 'type', span: name.span, name: key ?? name.name.name, definition: false, ...(info ? { target: info.definedAt } : {}) });
        }
      }
      if (statement.onTable) c.table(statement.onTable);
      break;
    case 'createIndex': {
      const table = c.table(statement.table);
      const owner = table ?? catalog.tableKey(statement.table);
      for (const element of statement.elements) if (element.column) c.column(owner, element.column);
      for (const column of statement.include) c.column(owner, column);
      break;
    }
    case 'createType':
      c.typeDefinition(statement.name);
      for (const attribute of statement.attributes) c.type(attribute.type);
      break;
    case 'createDomain':
      c.typeDefinition(statement.name);
      c.type(statement.type);
      break;
    case 'alterType': {
      const key = catalog.typeKey(statement.name.schema?.name, statement.name.name.name);
      const info = key ? catalog.types.get(key) : undefined;
      c.found.push({ kind: 'type', span: statement.name.span, name: key ?? statement.name.name.name, definition: false, ...(info ? { target: info.definedAt } : {}) });
      break;
    }
    case 'createTrigger':
      c.table(statement.table);
      break;
    case 'comment':
      if (/^(table|view|materialized view|foreign table)$/.test(statement.objectType) && statement.target.length > 0) {
        const parts = statement.target;
        c.table(qualifiedOf(parts));
      } else if (statement.objectType === 'column' && statement.target.length >= 2) {
        const parts = statement.target;
        const table = c.table(qualifiedOf(parts.slice(0, -1)));
        c.column(table ?? catalog.tableKey(qualifiedOf(parts.slice(0, -1))), parts[parts.length - 1]);
      }
      break;
    case 'pgGrant':
      for (const table of statement.tables) c.table(table);
      break;
    case 'insert': {
      const table = c.table(statement.table);
      for (const column of statement.columns) c.column(table ?? catalog.tableKey(statement.table), column);
      break;
    }
    case 'update':
    case 'delete':
      c.table(statement.table);
      break;
    case 'truncate':
      for (const table of statement.tables) c.table(table);
      break;
    case 'enableElectric':
    case 'disableElectric':
      c.table(statement.table);
      break;
    case 'assign':
    case 'unassign': {
      c.columnRef(statement.user);
      const role = statement.role;
      if (role.form === 'column' && role.column) c.columnRef(role.column);
      else if (role.form === 'string') c.role(roleIdentity(role), role.span, statement.kind === 'assign');
      if (role.scope?.name) c.table(role.scope.name);
      break;
    }
    case 'grant':
    case 'revoke':
      for (const name of statement.tables) {
        const table = c.table(name);
        for (const column of statement.columns ?? []) c.column(table ?? catalog.tableKey(name), column);
      }
      for (const role of statement.roles) {
        if (role.form === 'string') c.role(roleIdentity({ ...role, scope: undefined }), role.span, false);
        if (role.scope?.name) c.table(role.scope.name);
      }
      break;
    default:
      break;
  }
  return c.found;
}

function qualifiedOf(parts: readonly A.Name[]): A.QualifiedName {
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  const span = { start: (schema ?? name).span.start, end: name.span.end };
  return schema ? { schema, name, span } : { name, span };
}

/** The scope table a role string names (`'projects:member'` → `public.projects`), for hover. */
export function roleScopeOf(value: string): string | undefined {
  const split = splitRoleString(value);
  return split.scope !== undefined && !split.blank ? scopeKeyOfString(split.scope) : undefined;
}
