/**
 * Destructive or non-additive DDL on electrified tables (product.md §4; electric-ddlx.md §d):
 * `drop-electrified-table`, `drop-electrified-column`, `alter-electrified-column-type`, `rename-electrified`,
 * `alter-electrified-table`, `alter-electrified-enum`.
 *
 * "Electrified" means electrified before this statement: in an earlier file, or above it in this one (the proxy,
 * and 0.6's event triggers, see the electrification at once, §f.1). ADD COLUMN has its own rules (./addColumn.ts).
 * The messages quote what Electric answers in the configured version: 0.9+ `ERRORS` codes, 0.7–0.8 analyser codes
 * (§d.2), 0.6 event-trigger exceptions (§d.3).
 */
import type { TableInfo } from '../schema/catalog';
import type * as A from '../syntax/ast';
import { quoteIdent, quotedTable } from './names';
import type { StatementCheck, StatementCheckContext } from './context';
import { type ElectricError, rejection } from '../electric/errors';
import { atLeast } from '../electric/versions';
import { electrifiedHere, electrifiedTable } from './electrified';
import type { Finding } from './types';

/** Postgres' `object_identity` (quote_ident per part), as 0.6's event triggers print it. */
function objectIdentity(...parts: string[]): string {
  return parts.map(quoteIdent).join('.');
}

function tableParts(table: TableInfo): [string, string] {
  return [table.schema, table.name];
}

// ---- the checks

/** DROP TABLE of an electrified table, each one of a multi-table DROP too (range: that table's name). */
const dropElectrifiedTable: StatementCheck = ({ statement, catalog, version }) => {
  if (statement.kind !== 'drop' || statement.objectType !== 'table') return [];
  const findings: Finding[] = [];
  const several = statement.names.length > 1;
  for (const name of statement.names) {
    const table = electrifiedTable(catalog, name);
    if (!table) continue;
    const t = quotedTable(table.key);
    const error: ElectricError = atLeast(version, '0.9')
      ? { code: 'EX100', message: `Cannot DROP Electrified table ${t}` }
      : atLeast(version, '0.7')
        ? { code: 'EX008', message: `Cannot drop electrified table ${t}` }
        : { message: `dropping electrified table ${objectIdentity(...tableParts(table))}` };
    const detail = atLeast(version, '0.9') ? ' (Electric currently only supports additive migrations: ADD COLUMN, ADD INDEX)' : '';
    const multi = several && atLeast(version, '0.7')
      ? ` In a DROP of several tables the migrations proxy does not resolve the table, so it may let the statement through uncaptured: Postgres drops the table while clients keep syncing it.`
      : '';
    findings.push({
      code: 'drop-electrified-table',
      span: name.span,
      message:
        `${rejection(error)}${detail}.${multi} An electrified table can be neither dropped nor un-electrified: ` +
        `leave it in place and stop using it, and create a new table if you need a different shape.`,
      related: electrifiedHere(table),
      data: { table: table.key, electricCode: error.code, electricMessage: error.message, multiTableDrop: several },
    });
  }
  return findings;
};

/** ALTER TABLE actions on an electrified table, ADD COLUMN aside (./addColumn.ts). */
const alterElectrifiedTable: StatementCheck = (ctx) => {
  const { statement, catalog } = ctx;
  if (statement.kind !== 'alterTable') return [];
  const table = electrifiedTable(catalog, statement.name);
  if (!table) return [];
  const findings: Finding[] = [];
  for (const action of statement.actions) {
    const finding = judgeAction(action, table, ctx);
    if (finding) findings.push({ ...finding, related: electrifiedHere(table) });
  }
  return findings;
};

function judgeAction(action: A.AlterTableAction, table: TableInfo, ctx: StatementCheckContext): Finding | undefined {
  const { version } = ctx;
  const t = quotedTable(table.key);
  const v09 = atLeast(version, '0.9');
  const data = (error: ElectricError, extra: Record<string, unknown> = {}) => ({ table: table.key, electricCode: error.code, electricMessage: error.message, ...extra });
  switch (action.kind) {
    case 'addColumn':
      return undefined;
    case 'dropColumn': {
      const c = action.column.name;
      const error: ElectricError = v09
        ? { code: 'EX010', message: `Cannot drop column "${c}" of electrified table ${t}` }
        : atLeast(version, '0.7')
          ? { code: 'EX002', message: `Cannot drop column "${c}" of electrified table ${t}` }
          : { message: `dropping column electrified table ${objectIdentity(...tableParts(table), c)}` };
      return {
        code: 'drop-electrified-column',
        span: action.column.span,
        message:
          `${rejection(error)}. Migrations of electrified tables must be additive, as clients keep the column in ` +
          `their local databases: leave "${c}" in place and stop writing to it (add a new column if you need a replacement).`,
        data: data(error, { column: c }),
      };
    }
    case 'alterColumnType': {
      const c = action.column.name;
      const error: ElectricError = v09
        ? { code: 'EX009', message: `Cannot change type of column "${c}" of electrified table ${t}` }
        : atLeast(version, '0.7')
          ? { code: 'EX003', message: `Cannot change type of column "${c}" of electrified table ${t}` }
          : { message: 'Column type change is not an additive migration' };
      return {
        code: 'alter-electrified-column-type',
        span: action.type.span,
        message:
          `${rejection(error)}. Clients hold "${c}" with its current type: add a new column of the new type ` +
          `(ALTER TABLE … ADD COLUMN) and move the app over to it instead.`,
        data: data(error, { column: c }),
      };
    }
    case 'renameColumn': {
      const c = action.from.name;
      const error: ElectricError = { code: v09 ? 'EX008' : 'EX005', message: `Cannot rename column "${c}" of electrified table ${t}` };
      return {
        code: 'rename-electrified',
        span: action.from.span,
        message:
          `${rejection(error)}. Clients and their generated code use the old name: keep "${c}", or add a new ` +
          `column and stop writing to the old one.`,
        data: data(error, { column: c, renameTo: action.to.name }),
      };
    }
    case 'renameConstraint': {
      const c = action.from.name;
      const error: ElectricError = { code: v09 ? 'EX012' : 'EX006', message: `Cannot rename constraint "${c}" of electrified table ${t}` };
      return {
        code: 'rename-electrified',
        span: action.from.span,
        message: `${rejection(error)}. Keep the constraint's name; Electric captures the schema of electrified tables as it was electrified.`,
        data: data(error, { constraint: c, renameTo: action.to.name }),
      };
    }
    case 'renameTable': {
      const error: ElectricError = { code: v09 ? 'EX002' : 'EX006', message: `Cannot rename electrified table ${t}` };
      return {
        code: 'rename-electrified',
        span: action.span,
        message:
          `${rejection(error)}. Clients sync the table by its name: keep it (a view with the new name does not sync either), ` +
          `or create a new table and move the app over to it.`,
        data: data(error, { renameTo: action.to.name }),
      };
    }
    case 'setSchema':
      return {
        code: 'rename-electrified',
        span: action.span,
        message:
          `SET SCHEMA moves electrified table ${t} to "${action.schema.name}": the migrations proxy does not check this ` +
          `statement (it is not an ALTER TABLE subcommand), but Electric tracks the table by schema and name and only ` +
          `syncs tables of schema "public", so the move breaks sync without an error. Keep the table where it is.`,
        data: { table: table.key, schema: action.schema.name },
      };
    default:
      return otherAction(action, table, ctx);
  }
}

/** Actions Electric 0.8+ lets through (ANALYSER `@allowed_subtypes`). */
function allowedFrom08(action: A.AlterTableAction, ctx: StatementCheckContext): boolean {
  switch (action.kind) {
    case 'trigger':
      // ENABLE/DISABLE TRIGGER ALL and USER are subtypes of their own (AT_EnableTrigAll, …), not on the list.
      return triggerName(action, ctx) !== undefined;
    case 'ownerTo':
    case 'alterColumnStorage':
    case 'tableOptions':
    case 'setAccessMethod':
      return true;
    default:
      return false;
  }
}

/** `ENABLE [ALWAYS|REPLICA] TRIGGER name` / `DISABLE TRIGGER name`: the name, or undefined for ALL / USER. */
function triggerName(action: A.AlterTableAction & { kind: 'trigger' }, ctx: StatementCheckContext): string | undefined {
  const text = ctx.file.text.slice(action.span.start, action.span.end);
  const m = /\btrigger\s+("(?:[^"]|"")*"|[^\s,;]+)/i.exec(text);
  if (!m) return undefined;
  const word = m[1];
  if (word.startsWith('"')) return word.slice(1, -1).replace(/""/g, '"');
  const name = word.toLowerCase();
  return name === 'all' || name === 'user' ? undefined : name;
}

/** The `name` pg_query gives the subcommand: what Electric's EX007 message quotes (empty when there is none). */
function subcommandTarget(action: A.AlterTableAction, ctx: StatementCheckContext): string {
  if ('column' in action && action.kind !== 'addColumn') return (action.column as A.Name).name;
  switch (action.kind) {
    case 'dropConstraint':
    case 'validateConstraint':
    case 'alterConstraint':
      return action.constraintName.name;
    case 'trigger':
      return triggerName(action, ctx) ?? '';
    default:
      return '';
  }
}

/** Advice for the common cases of EX007. */
function adviceFor(action: A.AlterTableAction): string {
  switch (action.kind) {
    case 'setNotNull':
    case 'dropNotNull':
      return 'Nullability of an electrified column is fixed: define NOT NULL before electrifying the table, or add a new column.';
    case 'setDefault':
    case 'dropDefault':
      return 'Electric does not support column defaults: set the value in the app when writing rows.';
    case 'addConstraint':
    case 'addConstraintUsingIndex':
      return 'Constraints must be in place before the table is electrified; Electric cannot add them to an electrified table.';
    case 'dropConstraint':
      return 'Constraints of an electrified table cannot be dropped; clients enforce the schema they were given.';
    case 'addIdentity':
    case 'setIdentity':
    case 'dropIdentity':
    case 'dropExpression':
      return 'Generated and identity columns cannot be changed on an electrified table.';
    default:
      return 'Make such changes before electrifying the table, or leave them out.';
  }
}

function otherAction(action: A.AlterTableAction, table: TableInfo, ctx: StatementCheckContext): Finding | undefined {
  const { version } = ctx;
  const v08 = atLeast(version, '0.8');
  if (v08 && allowedFrom08(action, ctx)) return undefined;
  const target = subcommandTarget(action, ctx);
  const error: ElectricError = {
    code: atLeast(version, '0.9') ? 'EX007' : 'EX004',
    message: `Cannot alter column "${target}" of electrified table ${quotedTable(table.key)}`,
  };
  const in07 = !v08 && allowedFrom08(action, ctx);
  const advice = in07
    ? 'Electric 0.7 rejects every ALTER TABLE action on an electrified table except ADD COLUMN; 0.8 and later allow ' +
      'ENABLE/DISABLE TRIGGER, OWNER TO and storage options. Make this change before electrifying the table.'
    : `Electric only allows ADD COLUMN${v08 ? ', ENABLE/DISABLE TRIGGER <name>, OWNER TO and storage options' : ''} on an electrified table. ${adviceFor(action)}`;
  return {
    code: 'alter-electrified-table',
    span: action.span,
    message: `${rejection(error)}. ${advice}`,
    data: { table: table.key, action: action.kind, electricCode: error.code, electricMessage: error.message },
  };
}

/** ALTER TYPE … ADD VALUE on an enum that an electrified column uses (range: the added value). */
const alterElectrifiedEnum: StatementCheck = ({ statement, catalog }) => {
  if (statement.kind !== 'alterType' || statement.action.kind !== 'addValue') return [];
  const key = catalog.typeKey(statement.name.schema?.name, statement.name.name.name);
  const type = key ? catalog.types.get(key) : undefined;
  if (!type || type.kind !== 'enum') return [];
  const users: { table: TableInfo; column: string }[] = [];
  for (const table of catalog.tables.values()) {
    if (!table.electrified) continue;
    for (const column of table.columns.values()) if (column.type.userType === type.key) users.push({ table, column: column.name });
  }
  if (users.length === 0) return [];
  const list = users.map((u) => `${quotedTable(u.table.key)}."${u.column}"`).join(', ');
  const { action } = statement;
  return [
    {
      code: 'alter-electrified-enum',
      span: action.valueSpan,
      message:
        `Enum "${type.name}" is used by electrified column${users.length > 1 ? 's' : ''} ${list}. Electric's docs list ` +
        `ALTER TYPE … ADD VALUE on such an enum as unsupported ("Enum type caveats"); the proxy lets it through ` +
        `without capturing it, so clients never learn the value '${action.value}' and rows holding it fail to sync. ` +
        `Settle an enum's values before electrifying; for an open set of values use a text column.`,
      related: users.map((u) => {
        const at = u.table.columns.get(u.column)!.typeAt;
        return { at, message: `${quotedTable(u.table.key)}."${u.column}" uses "${type.name}"` };
      }),
      data: { type: type.key, value: action.value, columns: users.map((u) => `${u.table.key}.${u.column}`) },
    },
  ];
};

export const ALTER_ELECTRIFIED_CHECKS: readonly StatementCheck[] = [dropElectrifiedTable, alterElectrifiedTable, alterElectrifiedEnum];
