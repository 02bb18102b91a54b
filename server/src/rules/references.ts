/**
 * Names that must exist (product.md §4): `unknown-table` (a warning: the table may come from outside the
 * migrations) and `unknown-column` (an error, only where the table's columns are fully known).
 *
 * Tables: ALTER TABLE and DROP TABLE without IF EXISTS, CREATE INDEX … ON, REFERENCES, and the DDLX statements
 * GRANT / REVOKE / ASSIGN / UNASSIGN (the user column's table) / DISABLE. Electrifying an unknown table is
 * `electrify-unknown-table`, not this rule. Columns: DDLX GRANT column lists, the ASSIGN/UNASSIGN user column and
 * dynamic-role column, REFERENCES target columns, PRIMARY KEY / UNIQUE / FOREIGN KEY column lists, ALTER COLUMN,
 * DROP COLUMN without IF EXISTS, RENAME COLUMN, and index columns.
 *
 * The model cannot see everything, and a false error is worse than a missed one: tables created or altered where it
 * cannot read (a statement the grammar keeps opaque, a DO block, `CREATE SCHEMA … CREATE TABLE`, a statement with a
 * syntax error), sequences, `pg_*` catalogs and tables of system schemas are not reported, nor the columns of such
 * tables, of tables in an inheritance or partition hierarchy, or system columns (`ctid`, `xmin`, …).
 */
import { type Catalog, columnRefTable, type TableInfo } from '../schema/catalog';
import type * as A from '../syntax/ast';
import { quotedTable, writtenName } from './names';
import type { StatementCheck, StatementCheckContext } from './context';
import type { Finding } from './types';

/** Column names a check can look up and, when one is missing, list: a table's columns, or a statement's. */
interface ColumnNames {
  has(name: string): boolean;
  keys(): Iterable<string>;
}

/** Columns every table has (Postgres rejects most uses of them, but not as missing columns). */
const SYSTEM_COLUMNS = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

/** `did you mean "Items"?` when a table differs only in case (a quoted name keeps its case). */
function caseHint(catalog: Catalog, name: A.QualifiedName): string {
  const lower = name.name.name.toLowerCase();
  const candidates = [catalog.table({ ...name, name: { ...name.name, name: lower } }), ...catalog.tablesNamedLike(lower)];
  const near = candidates.find((t) => t !== undefined && t.name !== name.name.name && t.name.toLowerCase() === lower);
  return near ? ` Did you mean ${quotedTable(near.key)}? Unquoted names are folded to lower case, quoted ones keep theirs.` : '';
}

function unknownTable(catalog: Catalog, name: A.QualifiedName, span: A.Span, how: string, fix: string): Finding {
  return {
    code: 'unknown-table',
    span,
    message:
      `No earlier migration creates table "${writtenName(name)}": ${how}, unless the table comes from outside these ` +
      `migrations.${caseHint(catalog, name)} ${fix}`,
    data: { table: catalog.tableKey(name) },
  };
}

const PG_MISSING = (name: A.QualifiedName) => `Postgres would fail with relation "${writtenName(name)}" does not exist (42P01)`;

function columnHint(columns: ColumnNames, column: string): string {
  const lower = column.toLowerCase();
  const near = [...columns.keys()].find((c) => c !== column && c.toLowerCase() === lower);
  return near ? ` Did you mean "${near}"? Unquoted names are folded to lower case, quoted ones keep theirs.` : '';
}

function unknownColumn(tableLabel: string, tableKey: string, columns: ColumnNames, column: A.Name, consequence: string): Finding {
  const names = [...columns.keys()];
  const list = names.slice(0, 30).map((c) => `"${c}"`).join(', ') + (names.length > 30 ? `, … (${names.length} in all)` : '');
  return {
    code: 'unknown-column',
    span: column.span,
    message:
      `${tableLabel} has no column "${column.name}" at this point: ${consequence}.${columnHint(columns, column.name)} ` +
      `Its columns are ${list || '(none)'}.`,
    data: { table: tableKey, column: column.name, columns: names },
  };
}

function checkColumns(findings: Finding[], label: string, key: string, columns: ColumnNames | undefined, names: readonly A.Name[], consequence: (c: A.Name) => string): void {
  if (!columns) return;
  for (const name of names) if (!columns.has(name.name) && !SYSTEM_COLUMNS.has(name.name)) findings.push(unknownColumn(label, key, columns, name, consequence(name)));
}

/**
 * A REFERENCES clause: the target table must exist (or be the table being defined, `self`), and so must its columns.
 */
function checkReferences(findings: Finding[], catalog: Catalog, refs: A.ReferencesClause, self?: { key: string; columns?: ColumnNames }): void {
  const found = catalog.lookupTable(refs.table);
  let key: string;
  let columns: ColumnNames | undefined;
  if (self && (catalog.creationKey(refs.table) === self.key || catalog.tableKey(refs.table) === self.key)) {
    key = self.key;
    columns = self.columns;
  } else if (found.table) {
    key = found.table.key;
    columns = catalog.knownColumns(found.table);
  } else {
    if (found.unknown) {
      findings.push(unknownTable(catalog, refs.table, refs.table.span, `${PG_MISSING(refs.table)} when creating the foreign key`, 'Create the referenced table in an earlier migration, or check the name.'));
    }
    return;
  }
  checkColumns(findings, `Referenced table ${quotedTable(key)}`, key, columns, refs.columns, (c) => `Postgres would fail with column "${c.name}" referenced in foreign key constraint does not exist (42703)`);
}

/** The columns a CREATE TABLE statement gives its table, when all of them are known. */
function createdColumns(catalog: Catalog, statement: A.CreateTableStatement | A.CreateForeignTableStatement): Set<string> | undefined {
  const columns = new Set<string>();
  if (statement.kind === 'createTable') {
    if (statement.asQuery) return undefined;
    for (const parent of [...statement.inherits, ...(statement.partitionOf ? [statement.partitionOf] : [])]) {
      const table = catalog.table(parent);
      if (!table?.columnsKnown) return undefined;
      for (const c of table.columns.keys()) columns.add(c);
    }
  }
  for (const element of statement.elements) {
    if (element.kind === 'column') columns.add(element.name.name);
    else if (element.kind === 'like') {
      const table = catalog.table(element.table);
      if (!table?.columnsKnown) return undefined;
      for (const c of table.columns.keys()) columns.add(c);
    }
  }
  return columns;
}

const KEY_MISSING = (c: A.Name) => `Postgres would fail with column "${c.name}" named in key does not exist (42703)`;
const FK_MISSING = (c: A.Name) => `Postgres would fail with column "${c.name}" referenced in foreign key constraint does not exist (42703)`;

/** Local column lists of PRIMARY KEY / UNIQUE / FOREIGN KEY table constraints. */
function checkConstraintColumns(findings: Finding[], label: string, key: string, columns: ColumnNames | undefined, constraint: A.TableConstraint): void {
  if (constraint.kind === 'primaryKey' || constraint.kind === 'unique') checkColumns(findings, label, key, columns, constraint.columns, KEY_MISSING);
  else if (constraint.kind === 'foreignKey') checkColumns(findings, label, key, columns, constraint.columns, FK_MISSING);
}

function createTable(ctx: StatementCheckContext, statement: A.CreateTableStatement | A.CreateForeignTableStatement): Finding[] {
  const { catalog } = ctx;
  const findings: Finding[] = [];
  const key = catalog.creationKey(statement.name);
  const columns = createdColumns(catalog, statement);
  const self = { key, columns };
  const label = `Table ${quotedTable(key)}`;
  for (const element of statement.elements) {
    if (element.kind === 'column') {
      for (const constraint of element.constraints) if (constraint.kind === 'references') checkReferences(findings, catalog, constraint.references, self);
    } else if (element.kind === 'tableConstraint') {
      checkConstraintColumns(findings, label, key, columns, element.constraint);
      if (element.constraint.kind === 'foreignKey') checkReferences(findings, catalog, element.constraint.references, self);
    }
  }
  return findings;
}

function alterTable(ctx: StatementCheckContext, statement: A.AlterTableStatement): Finding[] {
  const { catalog } = ctx;
  const findings: Finding[] = [];
  const found = catalog.lookupTable(statement.name);
  const table = found.table;
  if (!table && found.unknown && !statement.ifExists) {
    findings.push(unknownTable(catalog, statement.name, statement.name.span, PG_MISSING(statement.name), 'Create it in an earlier migration, or write ALTER TABLE IF EXISTS if it may be missing on purpose.'));
  }
  // Postgres runs an ALTER TABLE's subcommands in passes (ADD COLUMN before ADD CONSTRAINT, whatever the order in
  // the text): columns added anywhere in the statement count as existing for the others.
  let columns: ColumnNames | undefined;
  // A statement that puts the table into a hierarchy changes its columns in ways the model does not follow.
  const joinsHierarchy = statement.actions.some((a) => a.kind === 'inherit' || a.kind === 'attachPartition' || a.kind === 'detachPartition');
  const before = table && !joinsHierarchy && catalog.knownColumns(table);
  if (before) {
    const added = new Set(statement.actions.flatMap((a) => (a.kind === 'addColumn' ? [a.column.name.name] : [])));
    columns = added.size === 0 ? before : { has: (name) => before.has(name) || added.has(name), keys: () => [...before.keys(), ...added] };
  }
  const key = table?.key ?? catalog.tableKey(statement.name);
  const label = `Table ${quotedTable(key)}`;
  const self = table ? { key, columns } : undefined;
  const colMissing = (c: A.Name) => `Postgres would fail with column "${c.name}" of relation "${table?.name}" does not exist (42703)`;
  for (const action of statement.actions) {
    switch (action.kind) {
      case 'addColumn':
        for (const constraint of action.column.constraints) if (constraint.kind === 'references') checkReferences(findings, catalog, constraint.references, self);
        break;
      case 'addConstraint':
        checkConstraintColumns(findings, label, key, columns, action.constraint);
        if (action.constraint.kind === 'foreignKey') checkReferences(findings, catalog, action.constraint.references, self);
        break;
      case 'dropColumn':
        if (!action.ifExists) checkColumns(findings, label, key, columns, [action.column], colMissing);
        break;
      case 'renameColumn':
        checkColumns(findings, label, key, columns, [action.from], colMissing);
        break;
      default:
        if ('column' in action) checkColumns(findings, label, key, columns, [action.column as A.Name], colMissing);
        break;
    }
  }
  return findings;
}

function ddlxTable(ctx: StatementCheckContext, findings: Finding[], name: A.QualifiedName, what: string): TableInfo | undefined {
  const found = ctx.catalog.lookupTable(name);
  if (!found.table && found.unknown) {
    findings.push(unknownTable(ctx.catalog, name, name.span, `${what} names a table that does not exist at this point`, 'Create and electrify the table in an earlier statement, or check the name.'));
  }
  return found.table;
}

const referencesCheck: StatementCheck = (ctx) => {
  const { statement, catalog } = ctx;
  const findings: Finding[] = [];
  switch (statement.kind) {
    case 'createTable':
    case 'createForeignTable':
      return createTable(ctx, statement);
    case 'alterTable':
      return alterTable(ctx, statement);
    case 'drop': {
      if (statement.objectType !== 'table' || statement.ifExists) return [];
      for (const name of statement.names) {
        const found = catalog.lookupTable(name);
        if (!found.table && found.unknown) {
          findings.push(unknownTable(catalog, name, name.span, `Postgres would fail with table "${writtenName(name)}" does not exist (42P01)`, 'Remove the statement, or write DROP TABLE IF EXISTS if the table may be missing on purpose.'));
        }
      }
      return findings;
    }
    case 'createIndex': {
      const found = catalog.lookupTable(statement.table);
      if (!found.table) {
        if (found.unknown) findings.push(unknownTable(catalog, statement.table, statement.table.span, PG_MISSING(statement.table), 'Create the table in an earlier statement, or check the name.'));
        return findings;
      }
      const table = found.table;
      const names = [...statement.elements.flatMap((e) => (e.column ? [e.column] : [])), ...statement.include];
      checkColumns(findings, `Table ${quotedTable(table.key)}`, table.key, catalog.knownColumns(table), names, (c) => `Postgres would fail with column "${c.name}" does not exist (42703)`);
      return findings;
    }
    case 'grant':
    case 'revoke': {
      for (const name of statement.tables) {
        const table = ddlxTable(ctx, findings, name, `the ELECTRIC ${statement.kind.toUpperCase()}`);
        if (table && statement.columns) {
          checkColumns(findings, `Table ${quotedTable(table.key)}`, table.key, catalog.knownColumns(table), statement.columns, () => `the permission would name a column that does not exist`);
        }
      }
      return findings;
    }
    case 'assign':
    case 'unassign': {
      const verb = `the ELECTRIC ${statement.kind.toUpperCase()}`;
      const table = ddlxTable(ctx, findings, columnRefTable(statement.user), verb);
      if (table) {
        checkColumns(findings, `Table ${quotedTable(table.key)}`, table.key, catalog.knownColumns(table), [statement.user.column], () => `${verb} reads the user id from it, and Postgres would fail creating its triggers`);
      }
      const role = statement.role.column;
      if (statement.role.form === 'column' && role) {
        const roleTable = catalog.tableOfColumnRef(role);
        if (roleTable) {
          checkColumns(findings, `Table ${quotedTable(roleTable.key)}`, roleTable.key, catalog.knownColumns(roleTable), [role.column], () => `${verb} reads the role name from it`);
        }
      }
      return findings;
    }
    case 'disableElectric':
      ddlxTable(ctx, findings, statement.table, 'ELECTRIC DISABLE');
      return findings;
    default:
      return [];
  }
};

export const REFERENCE_CHECKS: readonly StatementCheck[] = [referencesCheck];
