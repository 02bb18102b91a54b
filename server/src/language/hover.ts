/**
 * Hovers, as of the statement under the cursor: a table (columns, keys, electrified since which migration, grants,
 * assignments, where defined), a column (type, nullability, default, constraints, whether Electric syncs its type),
 * a role (where assigned, what is granted), a DDLX keyword (what it does, which releases accept it), a type
 * (Electric's support by release).
 */
import { DDLX_COMMANDS, type DdlxCommand } from '../electric/ddlxCommands';
import { roleLabel } from '../electric/roles';
import { ELECTRIC_VERSIONS, type ElectricVersion } from '../electric/versions';
import { commandKeywordsSpan } from '../rules/ddlx';
import { typeProblem } from '../rules/electrify';
import type { Catalog } from '../schema/catalog';
import type { ColumnInfo, Located, TableInfo } from '../schema/model';
import { electricBuiltInTypes } from '../schema/types';
import { isDdlx, type Span, type Statement } from '../syntax/ast';
import { occurrenceAt } from './navigation';
import type { Occurrence } from './occurrences';
import type { MigrationWorkspace } from './workspace';

export interface HoverResult {
  /** Markdown. */
  contents: string;
  span: Span;
}

export function doHover(workspace: MigrationWorkspace, path: string, offset: number): HoverResult | undefined {
  const file = workspace.file(path);
  if (!file) return undefined;
  const statement = file.parsed.statements.find((s) => s.span.start <= offset && offset <= s.span.end);
  if (!statement?.ast) return undefined;
  const version = workspace.currentSettings.electricVersion;
  // As of the end of this statement: hovering a CREATE TABLE's name shows the table it creates. What the statement
  // removes (DROP TABLE, DROP COLUMN, RENAME) is described as it was just before it.
  const after = workspace.schemaAt(path, statement.span.end) ?? file.before;
  const place = (at: Located) => placeOf(workspace, at);
  const occurrence = occurrenceAt(file, offset);
  if (occurrence) {
    const before = knows(after, occurrence) ? undefined : workspace.schemaAt(path, statement.span.start);
    const schema = before && knows(before, occurrence) ? before : after;
    const contents = describeOccurrence(occurrence, schema, version, place);
    if (contents) return { contents, span: occurrence.span };
  }
  const keyword = ddlxKeywordAt(statement.ast, file.text, offset);
  if (keyword) return { contents: describeCommand(keyword.command), span: keyword.span };
  return undefined;
}

type Place = (at: Located) => string;

/** `01-create.sql:3`. */
function placeOf(workspace: MigrationWorkspace, at: Located): string {
  const text = workspace.file(at.file)?.text ?? '';
  let line = 1;
  const end = Math.min(at.span.start, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return `${at.file.slice(at.file.lastIndexOf('/') + 1)}:${line}`;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function describeOccurrence(o: Occurrence, schema: Catalog, version: ElectricVersion, place: Place): string | undefined {
  switch (o.kind) {
    case 'table': {
      const table = findTable(schema, o);
      return table ? describeTable(table, schema, version, place) : `**Table** ${code(o.name)}\n\nNo earlier statement creates it.`;
    }
    case 'column': {
      const { table, column } = findColumn(schema, o);
      return table && column ? describeColumn(table, column, schema, version, place) : `**Column** ${code(o.name)}\n\nNot a column of the table at this point.`;
    }
    case 'role':
      return describeRole(o.name, schema, place);
    case 'type':
      return describeType(o.name, schema, version);
  }
}

/** True when the schema has the table or column the occurrence names (roles and types are always described). */
function knows(schema: Catalog, o: Occurrence): boolean {
  if (o.kind === 'table') return findTable(schema, o) !== undefined;
  if (o.kind === 'column') return findColumn(schema, o).column !== undefined;
  return true;
}

function findColumn(schema: Catalog, o: Occurrence): { table?: TableInfo; column?: ColumnInfo } {
  const cut = o.name.lastIndexOf('.');
  const table = schema.tables.get(o.name.slice(0, cut)) ?? [...schema.tables.values()].find((t) => [...t.columns.values()].some((c) => o.target && c.definedAt.equals(o.target)));
  const column = table?.columns.get(o.name.slice(cut + 1)) ?? [...(table?.columns.values() ?? [])].find((c) => o.target && c.definedAt.equals(o.target));
  return { table, column };
}

function findTable(schema: Catalog, o: Occurrence): TableInfo | undefined {
  return schema.tables.get(o.name) ?? (o.target ? [...schema.tables.values()].find((t) => t.definedAt.equals(o.target!)) : undefined);
}

function describeTable(table: TableInfo, schema: Catalog, version: ElectricVersion, place: Place): string {
  const kind = table.kind === 'table' ? 'Table' : table.kind === 'partitioned' ? 'Partitioned table' : table.kind === 'foreign' ? 'Foreign table' : table.kind === 'view' ? 'View' : 'Materialized view';
  const lines = [
    `**${kind}** ${code(table.key)} — ${table.electrified ? `electrified in ${code(place(table.electrified.at))}` : 'not electrified (yet)'}`,
    '',
  ];
  if (table.columns.size > 0) {
    lines.push('| column | type | |', '|---|---|---|');
    for (const column of table.columns.values()) {
      const notes = [
        ...(table.constraints.some((c) => c.kind === 'primaryKey' && c.columns.includes(column.name)) ? ['primary key'] : []),
        ...(column.notNull ? ['not null'] : []),
        ...(column.default ? [column.default.source === 'serial' ? 'serial' : column.default.source === 'generated' ? 'generated' : 'default'] : []),
        ...(typeProblem(column.type, schema, version) ? [`not synced by Electric ${version}`] : []),
      ];
      lines.push(`| ${code(column.name)} | ${code(column.type.display)} | ${notes.join(', ')} |`);
    }
    lines.push('');
  } else if (!table.columnsKnown) {
    lines.push('Columns: not known to the model (defined by a query or outside these migrations).', '');
  }
  const keys = table.constraints.filter((c) => c.kind !== 'notNull');
  if (keys.length > 0) {
    lines.push(
      `Constraints: ${keys
        .map((c) => (c.kind === 'foreignKey' && c.references ? `${c.columns.join(', ')} → ${c.references.table}(${c.references.columns.join(', ')})` : `${c.kind === 'primaryKey' ? 'PRIMARY KEY' : c.kind.toUpperCase()} (${c.columns.join(', ')})`))
        .join(' · ')}`,
      '',
    );
  }
  if (table.indexes.length > 0) lines.push(`Indexes: ${table.indexes.map((i) => code(i.slice(i.indexOf('.') + 1))).join(', ')}`, '');
  const grants = schema.grants.filter((g) => g.tables.includes(table.key));
  if (grants.length > 0) lines.push(`Grants: ${grants.map((g) => `${g.privileges.join(', ').toUpperCase()} to ${g.roles.map((r) => r.text).join(', ')} (${place(g.at)})`).join('; ')}`, '');
  const assignments = schema.assignments.filter((a) => a.table === table.key);
  if (assignments.length > 0) lines.push(`Assignments: ${assignments.map((a) => `${a.roleText} to ${code(`${table.name}.${a.userColumn}`)} (${place(a.at)})`).join('; ')}`, '');
  lines.push(`Defined in ${code(place(table.definedAt))}`);
  return lines.join('\n');
}

function describeColumn(table: TableInfo, column: ColumnInfo, schema: Catalog, version: ElectricVersion, place: Place): string {
  const facts = [
    column.notNull ? 'NOT NULL' : 'nullable',
    ...(column.default ? [column.default.source === 'serial' ? `${column.type.serial} (a sequence DEFAULT)` : column.default.source === 'generated' ? `GENERATED ALWAYS AS (${column.default.expr ?? '…'}) STORED` : `DEFAULT ${column.default.expr ?? ''}`] : []),
    ...(column.identity ? [`GENERATED ${column.identity.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`] : []),
    ...table.constraints.filter((c) => c.columns.includes(column.name) && c.kind !== 'notNull').map((c) => (c.kind === 'foreignKey' && c.references ? `references ${c.references.table}` : c.kind === 'primaryKey' ? 'primary key' : c.kind)),
  ];
  const problem = typeProblem(column.type, schema, version);
  return [
    `**Column** ${code(`${table.key}.${column.name}`)} ${code(column.type.display)}`,
    '',
    facts.join(' · '),
    '',
    problem ? `Electric ${version} does not sync this type: ${problem}.` : `Electric ${version} syncs this type.`,
    '',
    `Defined in ${code(place(column.definedAt))}`,
  ].join('\n');
}

function describeRole(label: string, schema: Catalog, place: Place): string {
  const assigned = schema.assignments.filter((a) => a.role && roleLabel(a.role) === label);
  const granted = schema.grants.filter((g) => g.roles.some((r) => r.role && roleLabel(r.role) === label));
  const lines = [`**Role** ${code(label)}`, ''];
  if (/^'(anyone|authenticated)'$/i.test(label)) lines.push('Built in: every client (ANYONE) or every signed-in client (AUTHENTICATED) has it.', '');
  lines.push(assigned.length > 0 ? `Assigned: ${assigned.map((a) => `to ${code(`${a.table}.${a.userColumn}`)} (${place(a.at)})`).join('; ')}` : 'No ELECTRIC ASSIGN hands out this role at this point.', '');
  if (granted.length > 0) lines.push(`Granted: ${granted.map((g) => `${g.privileges.join(', ').toUpperCase()} ON ${g.tables.join(', ')} (${place(g.at)})`).join('; ')}`);
  return lines.join('\n');
}

function describeType(name: string, schema: Catalog, version: ElectricVersion): string {
  const info = schema.types.get(name);
  if (info) {
    const values = info.kind === 'enum' ? ` (${info.values.map((v) => `'${v}'`).join(', ')})` : '';
    const sync = info.kind === 'enum' ? 'Electric syncs enums from 0.9, with labels that look like identifiers; never in ADD COLUMN on an electrified table.' : `Electric does not sync ${info.kind} types.`;
    return `**Type** ${code(info.key)} — ${info.kind}${values}\n\n${sync}`;
  }
  const base = name.replace(/\(.*$/, '').replace(/\[\]$/, '');
  const row = ELECTRIC_VERSIONS.map((v) => (electricBuiltInTypes(v).has(base) ? '✓' : '✗'));
  const sized = /\(|\[\]/.test(name);
  return [
    `**Type** ${code(name)}`,
    '',
    `| Electric | ${ELECTRIC_VERSIONS.join(' | ')} |`,
    `|---|${ELECTRIC_VERSIONS.map(() => '---').join('|')}|`,
    `| ${base} | ${row.join(' | ')} |`,
    '',
    sized ? 'Sizes, precision and arrays are not synced (a precision on time types passes at electrification, but ADD COLUMN rejects it from 0.9).' : `Configured: Electric ${version}.`,
  ].join('\n');
}

/** The DDLX command whose keywords are under the cursor. */
function ddlxKeywordAt(ast: Statement, text: string, offset: number): { command: DdlxCommand; span: Span } | undefined {
  if (!isDdlx(ast)) return undefined;
  const keywords = commandKeywordsSpan(text, ast);
  const inside = (span: Span) => span.start <= offset && offset <= span.end;
  if (!inside(keywords) && !inside(ast.keywordSpan)) return undefined;
  const span = inside(keywords) ? keywords : ast.keywordSpan;
  switch (ast.kind) {
    case 'enableElectric':
      return { command: ast.syntax === 'call' ? 'electrify-call' : 'enable', span };
    case 'disableElectric':
      return { command: 'disable', span };
    default:
      return { command: ast.kind, span };
  }
}

function describeCommand(command: DdlxCommand): string {
  const doc = DDLX_COMMANDS[command];
  return [`**${doc.syntax}**`, '', doc.summary, '', doc.versions].join('\n');
}

