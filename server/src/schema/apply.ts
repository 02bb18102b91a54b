/**
 * Folds one statement into a catalog, as Postgres would apply it if it succeeded (Electric's DDLX included:
 * electrified tables, assignments, grants). Every kind of statement is listed, so that a new kind is a compile
 * error here until someone decides what it changes.
 */
import { roleIdentity } from '../electric/roles';
import type * as A from '../syntax/ast';
import type { Catalog } from './catalog';
import { type ColumnInfo, type ConstraintInfo, Located, type StatementAnchor, type TableInfo, type TableKind, type TypeInfo } from './model';
import { checkConstraintName, columnsMentioned, storesDefault } from './postgres';
import { noteUnmodelled } from './unmodelled';

type At = (span: A.Span) => Located;

/** Applies one statement; `text` is its source, `anchor` its place (every recorded location is relative to it). */
export function applyStatement(catalog: Catalog, statement: A.Statement, anchor: StatementAnchor, text: string): void {
  const at: At = (span) => Located.at(anchor, span);
  switch (statement.kind) {
    case 'other':
    case 'createSchema':
      noteUnmodelled(catalog, text);
      return;
    case 'do':
      noteUnmodelled(catalog, statement.body.text);
      return;
    case 'createSequence':
      catalog.noteUnmodelledRelation(statement.name.name.name);
      return;
    case 'createTable':
      return createTable(catalog, statement, at);
    case 'createForeignTable':
      addTable(catalog, statement.name, 'foreign', statement.elements, at(statement.span), at);
      noteMixedCase(catalog, statement.name.name.name, catalog.creationKey(statement.name));
      return;
    case 'createView':
      if (!catalog.tables.has(catalog.creationKey(statement.name)) || statement.orReplace) {
        const table = newTable(catalog, statement.name, statement.materialized ? 'materialized view' : 'view', at(statement.span), at);
        table.columnsKnown = false;
        catalog.putTable(table);
        noteMixedCase(catalog, statement.name.name.name, table.key);
      }
      return;
    case 'alterTable':
      return alterTable(catalog, statement, at);
    case 'drop':
      return drop(catalog, statement);
    case 'createIndex':
      return createIndex(catalog, statement, at);
    case 'createType':
      addType(catalog, statement.name, statement.variant, statement.values.map((v) => v.value), at(statement.name.span));
      return;
    case 'createDomain':
      addType(catalog, statement.name, 'domain', [], at(statement.name.span));
      return;
    case 'alterType':
      return alterType(catalog, statement);
    case 'set':
      if (statement.parameter === 'search_path') {
        catalog.setSearchPath(statement.reset || !statement.searchPath?.length ? ['public'] : statement.searchPath.map((n) => n.name));
      }
      return;
    case 'enableElectric': {
      const key = catalog.tableKey(statement.table);
      const table = catalog.tables.get(key);
      if (table && !table.electrified) {
        catalog.writableTable(key)!.electrified = { at: at(statement.table.span), statement: at(statement.span) };
      }
      return;
    }
    case 'assign': {
      catalog.addAssignment({
        table: catalog.columnRefKey(statement.user),
        userColumn: statement.user.column.name,
        role: roleIdentity(statement.role),
        roleText: text.slice(statement.role.span.start - statement.span.start, statement.role.span.end - statement.span.start),
        roleAt: at(statement.role.span),
        at: at(statement.span),
      });
      return;
    }
    case 'grant':
      catalog.addGrant({
        privileges: statement.privileges.map((p) => p.name),
        ...(statement.columns ? { columns: statement.columns.map((c) => c.name) } : {}),
        tables: statement.tables.map((t) => catalog.tableKey(t)),
        roles: statement.roles.map((role) => ({
          // GRANT takes its scope only from inside the role string (a scope outside it is ignored).
          role: role.form === 'string' ? roleIdentity({ ...role, scope: undefined }) : undefined,
          text: text.slice(role.span.start - statement.span.start, role.span.end - statement.span.start),
          at: at(role.span),
        })),
        at: at(statement.span),
      });
      return;
    // Statements that change nothing the model tracks.
    case 'disableElectric': // a no-op procedure: an electrified table stays electrified
    case 'unassign': // never enforced; assignments stay listed for the set-wide role checks
    case 'revoke':
    case 'sqlite':
    case 'createExtension':
    case 'alterSequence':
    case 'createFunction':
    case 'createTrigger':
    case 'comment':
    case 'pgGrant':
    case 'insert':
    case 'update':
    case 'delete':
    case 'truncate':
    case 'query':
    case 'transaction':
    case 'call':
      return;
    default:
      return assertNever(statement);
  }
}

function assertNever(value: never): never {
  throw new Error(`internal error: the schema model does not handle statements of kind ${(value as { kind: string }).kind}`);
}

function noteMixedCase(catalog: Catalog, name: string, key: string): void {
  if (name !== name.toLowerCase()) catalog.noteMixedCase(name, key);
}

function createTable(catalog: Catalog, statement: A.CreateTableStatement, at: At): void {
  const kind: TableKind = statement.partitionBy ? 'partitioned' : 'table';
  const parents = [...statement.inherits, ...(statement.partitionOf ? [statement.partitionOf] : [])];
  // The model does not propagate column changes along inheritance and partitioning: columns of tables in a
  // hierarchy are not judged.
  if (parents.length > 0) for (const name of [statement.name, ...parents]) catalog.noteHierarchy(name.name.name);
  const table = addTable(catalog, statement.name, kind, statement.elements, at(statement.span), at);
  if (!table) return;
  noteMixedCase(catalog, statement.name.name.name, table.key);
  if (statement.asQuery) table.columnsKnown = false;
  // Inherited and partition columns come first, as Postgres lays them out.
  for (const parentName of parents) {
    const parent = catalog.table(parentName);
    if (!parent) {
      table.columnsKnown = false;
      continue;
    }
    const own = [...table.columns];
    table.columns.clear();
    for (const [name, column] of parent.columns) table.columns.set(name, { ...column, constraints: [] });
    for (const [name, column] of own) table.columns.set(name, column);
    if (!parent.columnsKnown) table.columnsKnown = false;
  }
}

function newTable(catalog: Catalog, name: A.QualifiedName, kind: TableKind, statement: Located, at: At): TableInfo {
  const key = catalog.creationKey(name);
  const [schema] = key.split('.', 1);
  return {
    key,
    schema,
    name: name.name.name,
    kind,
    columns: new Map(),
    columnsKnown: true,
    constraints: [],
    definedAt: at(name.name.span),
    statement,
    indexes: [],
  };
}

/** Creates a table from its elements; undefined when it already exists (IF NOT EXISTS, or a duplicate). */
function addTable(catalog: Catalog, name: A.QualifiedName, kind: TableKind, elements: A.TableElement[], statement: Located, at: At): TableInfo | undefined {
  if (catalog.tables.has(catalog.creationKey(name))) return undefined;
  const table = newTable(catalog, name, kind, statement, at);
  catalog.putTable(table);
  // Postgres names CHECK constraints after the columns they mention, once every column of the statement exists.
  const statementColumns = new Set(elements.flatMap((e) => (e.kind === 'column' ? [e.name.name] : [])));
  for (const element of elements) {
    if (element.kind === 'column') addColumn(catalog, table, element, at, statementColumns);
    else if (element.kind === 'tableConstraint') addConstraint(catalog, table, element.constraint, at, statementColumns);
    else copyColumns(catalog, table, element.table);
  }
  return table;
}

function copyColumns(catalog: Catalog, table: TableInfo, source: A.QualifiedName): void {
  const like = catalog.table(source);
  if (!like) {
    table.columnsKnown = false;
    return;
  }
  // LIKE copies names, types and NOT NULL; defaults and constraints only with INCLUDING, which we do not track.
  for (const [name, column] of like.columns) {
    if (!table.columns.has(name)) table.columns.set(name, { ...column, default: undefined, identity: undefined, constraints: [] });
  }
  if (!like.columnsKnown) table.columnsKnown = false;
}

/** Adds a column to `table`, which the caller owns (a new table, or `writableTable`). */
function addColumn(catalog: Catalog, table: TableInfo, column: A.ColumnDef, at: At, statementColumns: ReadonlySet<string> = new Set()): void {
  if (table.columns.has(column.name.name)) return;
  const type = catalog.normalise(column.type);
  const info: ColumnInfo = {
    name: column.name.name,
    type,
    typeAt: at(column.type.span),
    definedAt: at(column.name.span),
    notNull: false,
    constraints: [],
  };
  if (type.serial) info.default = { at: at(column.type.span), source: 'serial' };
  for (const constraint of column.constraints) {
    info.constraints.push({ kind: constraint.kind, at: at(constraint.span) });
    switch (constraint.kind) {
      case 'notNull':
        info.notNull = true;
        break;
      case 'primaryKey':
        info.notNull = true;
        table.constraints.push({ kind: 'primaryKey', name: constraint.constraintName?.name ?? `${table.name}_pkey`, columns: [info.name], at: at(constraint.span) });
        break;
      case 'unique':
        table.constraints.push({ kind: 'unique', name: constraint.constraintName?.name ?? `${table.name}_${info.name}_key`, columns: [info.name], at: at(constraint.span) });
        break;
      case 'check': {
        // A column CHECK may mention other columns of the table, including ones defined later in the statement.
        const columns = columnsMentioned(constraint.expr.text, new Set([...table.columns.keys(), ...statementColumns, info.name]));
        table.constraints.push({ kind: 'check', name: constraint.constraintName?.name ?? checkConstraintName(table, columns), columns, at: at(constraint.span) });
        break;
      }
      case 'references':
        table.constraints.push({
          kind: 'foreignKey',
          name: constraint.constraintName?.name ?? `${table.name}_${info.name}_fkey`,
          columns: [info.name],
          references: { table: catalog.tableKey(constraint.references.table), columns: constraint.references.columns.map((c) => c.name), at: at(constraint.references.table.span) },
          at: at(constraint.span),
        });
        break;
      case 'default':
        // `DEFAULT NULL` (usually) stores no default: pg_attribute.atthasdef stays false (see storesDefault).
        if (storesDefault(catalog, constraint.expr.text, type)) info.default = { at: at(constraint.span), source: 'default', expr: constraint.expr.text };
        break;
      case 'generated':
        if (constraint.stored) info.default = { at: at(constraint.span), source: 'generated', expr: constraint.expr.text };
        break;
      case 'identity':
        info.identity = { at: at(constraint.span), always: constraint.always };
        info.notNull = true;
        break;
      case 'null':
        break;
    }
  }
  table.columns.set(info.name, info);
}

const CONSTRAINT_SUFFIX: Record<ConstraintInfo['kind'], string> = { primaryKey: 'pkey', unique: 'key', check: 'check', foreignKey: 'fkey', exclude: 'excl', notNull: 'not_null' };

function addConstraint(catalog: Catalog, table: TableInfo, constraint: A.TableConstraint, at: At, statementColumns: ReadonlySet<string> = new Set()): void {
  const columns =
    'columns' in constraint
      ? constraint.columns.map((c) => c.name)
      : columnsMentioned(constraint.expr.text, new Set([...table.columns.keys(), ...statementColumns]));
  const generated =
    constraint.kind === 'primaryKey'
      ? `${table.name}_pkey`
      : constraint.kind === 'check'
        ? checkConstraintName(table, columns)
        : [table.name, ...columns, CONSTRAINT_SUFFIX[constraint.kind]].join('_');
  const info: ConstraintInfo = { kind: constraint.kind, name: constraint.constraintName?.name ?? generated, columns, at: at(constraint.span) };
  if (constraint.kind === 'foreignKey') {
    info.references = { table: catalog.tableKey(constraint.references.table), columns: constraint.references.columns.map((c) => c.name), at: at(constraint.references.table.span) };
  }
  if (constraint.kind === 'primaryKey' || constraint.kind === 'notNull') {
    for (const name of columns) {
      const column = catalog.writableColumn(table, name);
      if (column) column.notNull = true;
    }
  }
  table.constraints.push(info);
}

function alterTable(catalog: Catalog, statement: A.AlterTableStatement, at: At): void {
  const original = catalog.table(statement.name);
  if (!original) return;
  for (const action of statement.actions) {
    if (action.kind === 'inherit') for (const name of [statement.name, action.parent]) catalog.noteHierarchy(name.name.name);
    else if (action.kind === 'attachPartition' || action.kind === 'detachPartition') for (const name of [statement.name, action.partition]) catalog.noteHierarchy(name.name.name);
  }
  let table = catalog.writableTable(original.key)!;
  for (const action of statement.actions) {
    const column = 'column' in action && action.kind !== 'addColumn' ? catalog.writableColumn(table, (action.column as A.Name).name) : undefined;
    switch (action.kind) {
      case 'addColumn':
        addColumn(catalog, table, action.column, at);
        break;
      case 'dropColumn':
        table.columns.delete(action.column.name);
        table.constraints = table.constraints.filter((c) => !c.columns.includes(action.column.name));
        break;
      case 'alterColumnType':
        if (column) {
          column.type = catalog.normalise(action.type);
          column.typeAt = at(action.type.span);
        }
        break;
      case 'setDefault':
        // SET DEFAULT first removes the old default; a null constant then stores none, like DROP DEFAULT.
        if (column) column.default = storesDefault(catalog, action.expr.text, column.type) ? { at: at(action.span), source: 'default', expr: action.expr.text } : undefined;
        break;
      case 'dropDefault':
        if (column) column.default = undefined;
        break;
      case 'setNotNull':
        if (column) column.notNull = true;
        break;
      case 'dropNotNull':
        if (column) column.notNull = false;
        break;
      case 'addIdentity':
        if (column) column.identity = { at: at(action.span), always: action.always };
        break;
      case 'dropIdentity':
        if (column) column.identity = undefined;
        break;
      case 'dropExpression':
        if (column?.default?.source === 'generated') column.default = undefined;
        break;
      case 'addConstraint':
        addConstraint(catalog, table, action.constraint, at);
        break;
      case 'addConstraintUsingIndex':
        // The index becomes a constraint named c (or after the index): a primary key Electric accepts, or a UNIQUE
        // constraint it rejects at electrification. The index's columns are not modelled.
        table.constraints.push({ kind: action.constraint, name: action.constraintName?.name ?? action.index.name, columns: [], at: at(action.constraintSpan) });
        break;
      case 'dropConstraint':
        table.constraints = table.constraints.filter((c) => c.name !== action.constraintName.name);
        break;
      case 'renameConstraint': {
        const constraint = table.constraints.find((c) => c.name === action.from.name);
        if (constraint) constraint.name = action.to.name;
        break;
      }
      case 'renameColumn': {
        if (!table.columns.has(action.from.name)) break;
        const entries = [...table.columns].map(([name, c]): [string, ColumnInfo] => (name === action.from.name ? [action.to.name, { ...c, name: action.to.name }] : [name, c]));
        table.columns = new Map(entries);
        for (const c of table.constraints) c.columns = c.columns.map((n) => (n === action.from.name ? action.to.name : n));
        break;
      }
      case 'renameTable':
        table = moveTable(catalog, table, table.schema, action.to.name);
        noteMixedCase(catalog, action.to.name, table.key);
        break;
      case 'setSchema':
        table = moveTable(catalog, table, action.schema.name, table.name);
        break;
      default:
        break;
    }
  }
}

/** Renames or moves a table the catalog owns; the foreign keys that point at it follow. */
function moveTable(catalog: Catalog, table: TableInfo, schema: string, name: string): TableInfo {
  const key = `${schema}.${name}`;
  catalog.deleteTable(table.key);
  const moved = { ...table, key, schema, name };
  catalog.putTable(moved);
  catalog.retargetReferences(table.key, key);
  return catalog.writableTable(key)!;
}

function drop(catalog: Catalog, statement: A.DropStatement): void {
  for (const name of statement.names) {
    switch (statement.objectType) {
      case 'table':
      case 'view':
      case 'materialized view':
      case 'foreign table':
        catalog.deleteTable(catalog.tableKey(name));
        break;
      case 'type':
      case 'domain': {
        const key = catalog.typeKey(name.schema?.name, name.name.name);
        if (key) catalog.deleteType(key);
        break;
      }
      case 'index': {
        const key = `${name.schema?.name ?? catalog.creationSchema()}.${name.name.name}`;
        const index = catalog.indexes.get(key);
        if (index) {
          catalog.deleteIndex(key);
          const table = catalog.writableTable(index.table);
          if (table) table.indexes = table.indexes.filter((i) => i !== key);
        }
        break;
      }
      case 'schema':
        for (const key of [...catalog.tables.keys()]) if (key.startsWith(`${name.name.name}.`)) catalog.deleteTable(key);
        break;
      default:
        break;
    }
  }
}

function createIndex(catalog: Catalog, statement: A.CreateIndexStatement, at: At): void {
  const found = catalog.table(statement.table);
  if (!found || !statement.name) return;
  const key = `${found.schema}.${statement.name.name}`;
  if (catalog.indexes.has(key)) return;
  catalog.putIndex({ key, table: found.key, unique: statement.unique, definedAt: at(statement.name.span) });
  catalog.writableTable(found.key)!.indexes.push(key);
}

function addType(catalog: Catalog, name: A.QualifiedName, kind: TypeInfo['kind'], values: string[], definedAt: Located): void {
  const schema = name.schema?.name ?? catalog.creationSchema();
  const key = `${schema}.${name.name.name}`;
  if (catalog.types.has(key)) return;
  catalog.putType({ key, schema, name: name.name.name, kind, values, definedAt });
}

function alterType(catalog: Catalog, statement: A.AlterTypeStatement): void {
  const key = catalog.typeKey(statement.name.schema?.name, statement.name.name.name);
  const info = key ? catalog.writableType(key) : undefined;
  if (!info) return;
  const { action } = statement;
  if (action.kind === 'addValue' && !info.values.includes(action.value)) {
    const at = action.neighbor !== undefined ? info.values.indexOf(action.neighbor) : -1;
    if (at < 0) info.values.push(action.value);
    else info.values.splice(action.position === 'before' ? at : at + 1, 0, action.value);
  } else if (action.kind === 'renameValue') {
    info.values = info.values.map((v) => (v === action.from ? action.to : v));
  } else if (action.kind === 'renameTo') {
    catalog.deleteType(info.key);
    catalog.putType({ ...info, name: action.to.name, key: `${info.schema}.${action.to.name}` });
  }
}

