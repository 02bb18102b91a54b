/**
 * "What does my database look like after 05?": the schema as of a position, written as SQL — CREATE TABLE and
 * CREATE TYPE statements with columns, keys and constraints, then which tables are electrified (and where), the
 * assignments and the grants, as comments and DDLX.
 */
import { quoteIdent } from '../rules/names';
import type { Catalog } from '../schema/catalog';
import type { ColumnInfo, TableInfo } from '../schema/model';
import type { MigrationWorkspace } from './workspace';

export interface SchemaDocument {
  title: string;
  content: string;
}

function qualified(key: string): string {
  const dot = key.indexOf('.');
  const schema = key.slice(0, dot);
  const name = quoteIdent(key.slice(dot + 1));
  return schema === 'public' ? name : `${quoteIdent(schema)}.${name}`;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function columnLine(table: TableInfo, column: ColumnInfo): string {
  const parts = [quoteIdent(column.name), column.type.serial ?? column.type.display];
  if (column.identity) parts.push(`GENERATED ${column.identity.always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (column.default?.source === 'default') parts.push(`DEFAULT ${column.default.expr ?? ''}`.trim());
  if (column.default?.source === 'generated') parts.push(`GENERATED ALWAYS AS (${column.default.expr ?? ''}) STORED`);
  const pk = table.constraints.some((c) => c.kind === 'primaryKey' && c.columns.length === 1 && c.columns[0] === column.name);
  if (column.notNull && !pk && !column.identity) parts.push('NOT NULL');
  return parts.join(' ');
}

function tableStatement(table: TableInfo): string {
  if (table.kind === 'view' || table.kind === 'materialized view') return `-- ${table.kind} ${qualified(table.key)} (its query is not modelled)`;
  const lines = [...table.columns.values()].map((c) => `  ${columnLine(table, c)}`);
  for (const c of table.constraints) {
    if (c.kind === 'notNull') continue;
    const columns = c.columns.map(quoteIdent).join(', ');
    const body =
      c.kind === 'primaryKey' ? `PRIMARY KEY (${columns})`
      : c.kind === 'unique' ? `UNIQUE (${columns})`
      : c.kind === 'foreignKey' && c.references ? `FOREIGN KEY (${columns}) REFERENCES ${qualified(c.references.table)}${c.references.columns.length ? ` (${c.references.columns.map(quoteIdent).join(', ')})` : ''}`
      : c.kind === 'check' ? `CHECK (…) -- on ${columns || 'the table'}`
      : `EXCLUDE (…)`;
    lines.push(`  CONSTRAINT ${quoteIdent(c.name)} ${body}`);
  }
  if (!table.columnsKnown) lines.push('  -- (further columns the model cannot see)');
  const kind = table.kind === 'foreign' ? 'FOREIGN TABLE' : 'TABLE';
  return `-- defined in ${fileName(table.definedAt.file)}${table.electrified ? `, electrified in ${fileName(table.electrified.at.file)}` : ''}\nCREATE ${kind} ${qualified(table.key)} (\n${lines.join(',\n')}\n);`;
}

export function renderSchema(catalog: Catalog): string {
  const out: string[] = [];
  const types = [...catalog.types.values()];
  for (const type of types) {
    out.push(type.kind === 'enum' ? `CREATE TYPE ${qualified(type.key)} AS ENUM (${type.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')});` : `-- ${type.kind} ${qualified(type.key)}`);
  }
  if (types.length > 0) out.push('');
  const tables = [...catalog.tables.values()];
  for (const table of tables) out.push(tableStatement(table), '');
  for (const index of catalog.indexes.values()) out.push(`-- index ${qualified(index.key)}${index.unique ? ' (unique)' : ''} on ${qualified(index.table)}`);
  const electrified = tables.filter((t) => t.electrified);
  out.push('', `-- Electrified tables (${electrified.length} of ${tables.filter((t) => t.kind === 'table').length}):`);
  for (const table of electrified) out.push(`ALTER TABLE ${qualified(table.key)} ENABLE ELECTRIC; -- ${fileName(table.electrified!.at.file)}`);
  if (catalog.assignments.length > 0) {
    out.push('', '-- Role assignments:');
    for (const a of catalog.assignments) out.push(`ELECTRIC ASSIGN ${a.roleText} TO ${qualified(a.table)}.${quoteIdent(a.userColumn)}; -- ${fileName(a.at.file)}`);
  }
  if (catalog.grants.length > 0) {
    out.push('', '-- Grants:');
    for (const g of catalog.grants) out.push(`ELECTRIC GRANT ${g.privileges.join(', ').toUpperCase()} ON ${g.tables.map(qualified).join(', ')} TO ${g.roles.map((r) => r.text).join(', ')}; -- ${fileName(g.at.file)}`);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function schemaDocumentAt(workspace: MigrationWorkspace, path: string, offset: number): SchemaDocument | undefined {
  const file = workspace.file(path);
  const catalog = workspace.schemaAt(path, offset);
  if (!file || !catalog) return undefined;
  let line = 1;
  for (let i = 0; i < Math.min(offset, file.text.length); i++) if (file.text.charCodeAt(i) === 10) line++;
  const title = `Schema as of ${file.name}:${line}`;
  return { title, content: `-- ${title} (read-only; generated by ElectricSQL Migrations)\n\n${renderSchema(catalog)}` };
}
