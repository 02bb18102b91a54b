/**
 * Completion from what the grammar expects at the cursor (syntax/expect.ts) and the schema as of the cursor:
 * tables where a table name goes, the right table's columns where a column goes, types after a column name
 * (the ones the configured Electric release syncs first), roles in DDLX, keywords, and DDLX snippets with tab
 * stops. Names are inserted quoted where they need it. Documentation comes lazily (`doResolve`).
 */
import { roleLabel } from '../electric/roles';
import { atLeast, type ElectricVersion } from '../electric/versions';
import { quoteIdent } from '../rules/names';
import type { Catalog } from '../schema/catalog';
import type { TableInfo } from '../schema/model';
import { electricBuiltInTypes, invalidEnumLabels } from '../schema/types';
import type { Span } from '../syntax/ast';
import { expectAfter } from '../syntax/expect';
import type { MigrationWorkspace, WorkspaceFile } from './workspace';

export type CompletionKind = 'table' | 'view' | 'column' | 'type' | 'role' | 'keyword' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** What replaces `replace` (a snippet with `${1:…}` tab stops when `snippet`). */
  insertText: string;
  snippet?: boolean;
  /** The text the editor filters on (the label unless it differs from what is typed). */
  filterText?: string;
  sortText: string;
  /** Not synced by the configured Electric release (types): shown, but marked and last. */
  unsupported?: boolean;
  /** What `doResolve` needs to document the entry. */
  data: CompletionData;
}

export interface CompletionData {
  path: string;
  offset: number;
  kind: CompletionKind;
  name: string;
}

export interface CompletionResult {
  /** The text being completed (the partial word before the cursor), replaced by the entry's insert text. */
  replace: Span;
  entries: CompletionEntry[];
}

const IDENT_CHAR = /[\p{L}\p{N}_$]/u;

export function doComplete(workspace: MigrationWorkspace, path: string, offset: number): CompletionResult | undefined {
  const file = workspace.file(path);
  if (!file) return undefined;
  const text = file.text;
  const at = Math.max(0, Math.min(offset, text.length));
  if (insideComment(file, at)) return undefined;
  const statementStart = startOfStatement(file, at);
  const schema = workspace.schemaAt(path, statementStart) ?? file.before;
  const version = workspace.currentSettings.electricVersion;
  const data = (kind: CompletionKind, name: string): CompletionData => ({ path, offset: at, kind, name });

  // Inside a string: a role of a DDLX statement (`TO '|'`, `ASSIGN '|'`).
  const literal = openStringAt(text, statementStart, at);
  if (literal !== undefined) {
    const expectation = expectAfter(text.slice(statementStart, literal));
    if (!expectation?.descriptions.has('a role')) return undefined;
    // A closing quote the editor already inserted is part of what the role replaces.
    const replace = { start: literal, end: text[at] === "'" ? at + 1 : at };
    return { replace, entries: roleEntries(workspace, schema, data).map((e) => ({ ...e, filterText: e.insertText })) };
  }

  const { word, qualifier } = wordBefore(text, at);
  const replace = { start: word, end: at };
  const entries: CompletionEntry[] = [];
  if (qualifier !== undefined) {
    // `table.|`: that table's columns (DDLX `TO table.|`, and column references everywhere).
    const table = schema.table(qualifier.length === 2 ? { schema: nameOf(qualifier[0]), name: nameOf(qualifier[1]), span: replace } : { name: nameOf(qualifier[0]), span: replace });
    if (table) entries.push(...columnEntries(table, data));
    else if (qualifier.length === 1) {
      // `schema.|`: the schema's tables.
      for (const t of schema.tables.values()) if (t.schema === qualifier[0].toLowerCase() || t.schema === qualifier[0]) entries.push(tableEntry(t, data, false));
    }
    return { replace, entries };
  }

  const prefix = text.slice(statementStart, word);
  const expectation = expectAfter(prefix);
  if (!expectation) return { replace, entries };
  const d = expectation.descriptions;
  const compactPrefix = prefix.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  const wantsTable = d.has('a table name') || d.has('a column such as table.column') || (d.has('a name') && /^drop (foreign )?table( if exists)?( [^,]+,)*$/.test(compactPrefix.replace(/ ?, ?/g, ', ').replace(/, $/, ',')));
  if (wantsTable) for (const t of schema.tables.values()) entries.push(tableEntry(t, data, d.has('a column such as table.column')));
  if (d.has('a column name')) {
    const table = governingTable(text, statementStart, at, word, schema);
    if (Array.isArray(table)) {
      for (const name of table) entries.push({ label: name, kind: 'column', detail: 'column of this table', insertText: quoteIdent(name), sortText: `1${name}`, data: data('column', name) });
    } else if (table) entries.push(...columnEntries(table, data));
  }
  if (d.has('a column type')) entries.push(...typeEntries(schema, version, data));
  if (d.has('a role')) entries.push(...roleEntries(workspace, schema, data).map((e) => ({ ...e, filterText: e.insertText })));
  const atStart = prefix.trim() === '';
  for (const keyword of expectation.keywords) {
    entries.push({ label: keyword, kind: 'keyword', insertText: keyword, sortText: `8${keyword}`, data: data('keyword', keyword) });
  }
  if (atStart) entries.push(...snippets(schema, version, data));
  return { replace, entries };
}

/** Documentation of an entry, computed when the editor shows it. */
export function doResolve(workspace: MigrationWorkspace, entry: CompletionData): string | undefined {
  const schema = workspace.schemaAt(entry.path, entry.offset) ?? workspace.file(entry.path)?.before;
  if (!schema) return undefined;
  const version = workspace.currentSettings.electricVersion;
  switch (entry.kind) {
    case 'table':
    case 'view': {
      const table = schema.tables.get(entry.name);
      if (!table) return undefined;
      const columns = [...table.columns.values()].map((c) => `- \`${c.name}\` ${c.type.display}${c.notNull ? ' not null' : ''}`).join('\n');
      return `**${table.key}**${table.electrified ? ' (electrified)' : ''}\n\n${columns || '(no known columns)'}`;
    }
    case 'column': {
      const cut = entry.name.lastIndexOf('.');
      const column = schema.tables.get(entry.name.slice(0, cut))?.columns.get(entry.name.slice(cut + 1));
      return column ? `\`${column.name}\` ${column.type.display}${column.notNull ? ' NOT NULL' : ''}${column.default ? ' (has a default)' : ''}` : undefined;
    }
    case 'type':
      return typeDocumentation(entry.name, version);
    case 'role': {
      const assigned = schema.assignments.filter((a) => a.role && roleLabel(a.role) === entry.name);
      return assigned.length > 0 ? `Assigned to ${assigned.map((a) => `\`${a.table}.${a.userColumn}\``).join(', ')}` : /anyone|authenticated/i.test(entry.name) ? 'Built-in role' : undefined;
    }
    default:
      return undefined;
  }
}

// ---- where the cursor is

function insideComment(file: WorkspaceFile, offset: number): boolean {
  return file.parsed.comments.some((c) => c.span.start < offset && (offset < c.span.end || (!c.block && offset === c.span.end)));
}

/** The start of the statement the cursor is in (or of the next one, between statements). */
function startOfStatement(file: WorkspaceFile, offset: number): number {
  let start = 0;
  for (const s of file.parsed.statements) {
    if (s.span.start > offset) break;
    // A statement ends at its `;`: after it, the cursor starts a new statement.
    const semicolon = file.text.indexOf(';', s.span.end);
    const closed = semicolon >= 0 && semicolon < offset && /^\s*$/.test(file.text.slice(s.span.end, semicolon));
    start = closed ? semicolon + 1 : s.span.start;
  }
  // Skip blanks and comments before the statement proper, so the prefix starts with its first word.
  let i = start;
  for (;;) {
    while (i < offset && /\s/.test(file.text[i])) i++;
    const comment = file.parsed.comments.find((c) => c.span.start === i && c.span.end <= offset);
    if (!comment) break;
    i = comment.span.end;
  }
  return i;
}

/** The offset of the opening quote when the cursor is inside a `'…` string of the statement. */
function openStringAt(text: string, start: number, offset: number): number | undefined {
  let open: number | undefined;
  for (let i = start; i < offset; i++) {
    const c = text[i];
    if (open !== undefined) {
      if (c === "'" && text[i + 1] === "'" && i + 1 < offset) i++;
      else if (c === "'") open = undefined;
    } else if (c === "'") open = i;
    else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0 || close >= offset) return undefined;
      i = close;
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      if (end < 0 || end >= offset) return undefined;
      i = end;
    }
  }
  return open;
}

/** The partial word before the cursor (a name, maybe opened with `"`), and the qualifier before a `.`. */
function wordBefore(text: string, offset: number): { word: number; qualifier?: string[] } {
  let word = offset;
  while (word > 0 && IDENT_CHAR.test(text[word - 1])) word--;
  if (word > 0 && text[word - 1] === '"') word--;
  if (text[word - 1] !== '.') return { word };
  // `a.b.|` or `a.|`: read the names before the dot(s).
  const qualifier: string[] = [];
  let i = word - 1;
  while (text[i] === '.') {
    let end = i;
    let start = end;
    if (text[end - 1] === '"') {
      start = text.lastIndexOf('"', end - 2);
      if (start < 0) break;
      qualifier.unshift(text.slice(start, end));
    } else {
      while (start > 0 && IDENT_CHAR.test(text[start - 1])) start--;
      if (start === end) break;
      qualifier.unshift(text.slice(start, end));
    }
    i = start - 1;
    end = i;
  }
  return qualifier.length > 0 ? { word, qualifier: qualifier.slice(-2) } : { word };
}

function nameOf(written: string): { name: string; quoted: boolean; span: Span } {
  const quoted = written.startsWith('"');
  return { name: quoted ? written.slice(1, -1).replace(/""/g, '"') : written.toLowerCase(), quoted, span: { start: 0, end: 0 } };
}

const NAME = String.raw`(?:"(?:[^"]|"")+"|[\p{L}_][\p{L}\p{N}_$]*)`;
const QUALIFIED = String.raw`(${NAME}(?:\s*\.\s*${NAME})?)`;

function parseQualified(written: string): { schema?: ReturnType<typeof nameOf>; name: ReturnType<typeof nameOf>; span: Span } {
  const parts = written.split(/\s*\.\s*(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  return parts.length > 1 ? { schema: nameOf(parts[0]), name: nameOf(parts[1]), span: { start: 0, end: 0 } } : { name: nameOf(parts[0]), span: { start: 0, end: 0 } };
}

/**
 * The table whose columns a column list or clause at the cursor names: the name before the innermost open `(`
 * (`REFERENCES t (`, `ON t (`, `INTO t (`), the table of a DDLX GRANT (named after the list), the table being
 * altered, or — in CREATE TABLE — the columns defined so far (a list of names).
 */
function governingTable(text: string, start: number, offset: number, word: number, schema: Catalog): TableInfo | string[] | undefined {
  const before = text.slice(start, word).replace(/--[^\n]*/g, ' ');
  const whole = text.slice(start, text.indexOf(';', offset) < 0 ? text.length : text.indexOf(';', offset));
  const open = innermostOpenParen(before);
  const resolve = (written: string) => schema.table(parseQualified(written));
  if (open >= 0) {
    const head = before.slice(0, open);
    // `REFERENCES t (`, `ON t (`, `INTO t (`: that table. (CREATE TABLE's own `(` is handled below.)
    const named = new RegExp(String.raw`\b(?:references|on(?:\s+only)?|into)\s+${QUALIFIED}(?:\s+using\s+\w+)?\s*$`, 'iu').exec(head);
    if (named) return resolve(named[1]);
    if (/(?:primary\s+key|unique|foreign\s+key|include)\s*$/i.test(head) || /^\s*create\s/i.test(before)) {
      const created = new RegExp(String.raw`^\s*create\s+(?:(?:global|local|temp|temporary|unlogged)\s+)*table\s+(?:if\s+not\s+exists\s+)?${QUALIFIED}\s*\(`, 'iu').exec(before);
      if (created) return columnsDefinedSoFar(before.slice(created[0].length));
    }
    const grant = /^\s*electric\s+(?:grant|revoke)\s/i.test(before) ? new RegExp(String.raw`\bon\s+${QUALIFIED}`, 'iu').exec(whole.slice(word - start)) : null;
    if (grant) return resolve(grant[1]);
  }
  const altered = new RegExp(String.raw`^\s*alter\s+(?:foreign\s+)?table\s+(?:if\s+exists\s+)?(?:only\s+)?${QUALIFIED}`, 'iu').exec(before);
  if (altered) return resolve(altered[1]);
  return undefined;
}

function innermostOpenParen(text: string): number {
  const opens: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') opens.push(i);
    else if (c === ')') opens.pop();
  }
  return opens.length > 0 ? opens[opens.length - 1] : -1;
}

/** The column names of a CREATE TABLE body written so far (elements that start with a name, not a constraint). */
function columnsDefinedSoFar(body: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let elementStart = 0;
  const take = (element: string) => {
    const m = new RegExp(`^\\s*(${NAME})`, 'u').exec(element);
    if (m && !/^(constraint|primary|unique|check|foreign|exclude|like)$/i.test(m[1])) names.push(nameOf(m[1]).name);
  };
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++;
    else if (body[i] === ')') depth--;
    else if (body[i] === ',' && depth === 0) {
      take(body.slice(elementStart, i));
      elementStart = i + 1;
    }
  }
  return names;
}

// ---- entries

function tableEntry(table: TableInfo, data: (kind: CompletionKind, name: string) => CompletionData, thenDot: boolean): CompletionEntry {
  const name = table.schema === 'public' ? quoteIdent(table.name) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  const kind: CompletionKind = table.kind === 'view' || table.kind === 'materialized view' ? 'view' : 'table';
  return {
    label: table.schema === 'public' ? table.name : `${table.schema}.${table.name}`,
    kind,
    detail: `${table.kind}${table.electrified ? ' · electrified' : ''} · ${table.columns.size} columns`,
    insertText: thenDot ? `${name}.` : name,
    filterText: name,
    sortText: `1${table.name}`,
    data: data(kind, table.key),
  };
}

function columnEntries(table: TableInfo, data: (kind: CompletionKind, name: string) => CompletionData): CompletionEntry[] {
  return [...table.columns.values()].map((column, i) => ({
    label: column.name,
    kind: 'column' as const,
    detail: `${column.type.serial ?? column.type.display}${column.notNull ? ' not null' : ''} · ${table.name}`,
    insertText: quoteIdent(column.name),
    filterText: quoteIdent(column.name),
    sortText: `0${String(i).padStart(4, '0')}`,
    data: data('column', `${table.key}.${column.name}`),
  }));
}

/** How a type is usually written, for the types Electric syncs. */
const WRITTEN_TYPES: Record<string, string> = {
  uuid: 'uuid', text: 'text', int4: 'integer', int2: 'smallint', int8: 'bigint', bool: 'boolean', date: 'date',
  time: 'time', timestamp: 'timestamp', timestamptz: 'timestamptz', float4: 'real', float8: 'double precision',
  jsonb: 'jsonb', bytea: 'bytea', varchar: 'varchar',
};

/** Types people reach for that Electric does not sync, with the reason. */
const UNSYNCED_TYPES: [string, string][] = [
  ['json', 'use jsonb'],
  ['numeric', 'not synced; use double precision or text'],
  ['serial', 'a sequence DEFAULT; use uuid keys'],
  ['bigserial', 'a sequence DEFAULT; use uuid keys'],
  ['varchar(255)', 'sized varchar is not synced; use text or varchar'],
  ['char(1)', 'character types are not synced; use text'],
  ['timetz', 'use time'],
  ['interval', 'not synced'],
  ['inet', 'not synced; use text'],
  ['money', 'not synced'],
  ['text[]', 'arrays are not synced; use jsonb or a table'],
];

function typeEntries(schema: Catalog, version: ElectricVersion, data: (kind: CompletionKind, name: string) => CompletionData): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const synced = [...electricBuiltInTypes(version)];
  synced.forEach((base, i) => {
    const written = WRITTEN_TYPES[base] ?? base;
    entries.push({ label: written, kind: 'type', detail: `synced by Electric ${version}`, insertText: written, sortText: `0${String(i).padStart(2, '0')}${written}`, data: data('type', base) });
  });
  for (const type of schema.types.values()) {
    if (type.kind !== 'enum') continue;
    const ok = atLeast(version, '0.9') && invalidEnumLabels(type.values).length === 0;
    entries.push({
      label: type.schema === 'public' ? type.name : type.key,
      kind: 'type',
      detail: ok ? `enum, synced by Electric ${version}` : `enum, not synced by Electric ${version}`,
      insertText: type.schema === 'public' ? quoteIdent(type.name) : `${quoteIdent(type.schema)}.${quoteIdent(type.name)}`,
      sortText: `${ok ? 1 : 9}${type.name}`,
      ...(ok ? {} : { unsupported: true }),
      data: data('type', type.key),
    });
  }
  for (const [written, reason] of UNSYNCED_TYPES) {
    if (electricBuiltInTypes(version).has(written)) continue;
    entries.push({ label: written, kind: 'type', detail: `not synced by Electric ${version}: ${reason}`, insertText: written, sortText: `9${written}`, unsupported: true, data: data('type', written) });
  }
  return entries;
}

function typeDocumentation(name: string, version: ElectricVersion): string {
  const synced = electricBuiltInTypes(version).has(name);
  return synced ? `Electric ${version} syncs \`${name}\` (without size or precision in ADD COLUMN).` : `Electric ${version} does not sync \`${name}\`.`;
}

/** Roles from every ASSIGN of the migration set (scoped ones as `'table:role'`), and the built-in ones. */
function roleEntries(workspace: MigrationWorkspace, schema: Catalog, data: (kind: CompletionKind, name: string) => CompletionData): CompletionEntry[] {
  const labels = new Map<string, string>();
  for (const a of workspace.finalSchema().assignments) if (a.role && a.role.name !== '*') labels.set(roleLabel(a.role), a.role.scope ? `scoped to ${a.role.scope}` : 'global role');
  for (const a of schema.assignments) if (a.role && a.role.name !== '*') labels.set(roleLabel(a.role), a.role.scope ? `scoped to ${a.role.scope}` : 'global role');
  const entries: CompletionEntry[] = [...labels].map(([label, detail]) => ({ label, kind: 'role' as const, detail: `${detail} · assigned`, insertText: label, sortText: `0${label}`, data: data('role', label) }));
  for (const builtIn of ["'AUTHENTICATED'", "'ANYONE'"]) entries.push({ label: builtIn, kind: 'role', detail: 'built-in role', insertText: builtIn, sortText: `1${builtIn}`, data: data('role', builtIn) });
  return entries;
}

function snippets(schema: Catalog, version: ElectricVersion, data: (kind: CompletionKind, name: string) => CompletionData): CompletionEntry[] {
  const firstTable = [...schema.tables.values()].find((t) => t.kind === 'table')?.name ?? 'table';
  const entries: CompletionEntry[] = [
    {
      label: 'CREATE TABLE (Electric-ready)',
      kind: 'snippet',
      detail: 'a table Electric can sync: uuid key, no defaults',
      insertText: 'CREATE TABLE ${1:name} (\n  id uuid PRIMARY KEY,\n  ${2:column} ${3:text}${0}\n);',
      snippet: true,
      filterText: 'create table',
      sortText: '20',
      data: data('snippet', 'create-table'),
    },
  ];
  if (atLeast(version, '0.7')) {
    entries.push(
      { label: 'ALTER TABLE … ENABLE ELECTRIC', kind: 'snippet', detail: 'electrify a table', insertText: `ALTER TABLE \${1:${quoteIdent(firstTable)}} ENABLE ELECTRIC;`, snippet: true, filterText: 'alter table enable electric', sortText: '21', data: data('snippet', 'enable') },
      { label: "ELECTRIC GRANT … ON … TO '…'", kind: 'snippet', detail: 'DDLX permission (parsed, not enforced in 0.7–0.12)', insertText: `ELECTRIC GRANT \${1|READ,WRITE,SELECT,INSERT,UPDATE,DELETE,ALL|} ON \${2:${quoteIdent(firstTable)}} TO '\${3:role}';`, snippet: true, filterText: 'electric grant', sortText: '22', data: data('snippet', 'grant') },
      { label: "ELECTRIC ASSIGN '…' TO ….…", kind: 'snippet', detail: 'DDLX role assignment (parsed, not enforced in 0.7–0.12)', insertText: `ELECTRIC ASSIGN '\${1:role}' TO \${2:${quoteIdent(firstTable)}}.\${3:user_id};`, snippet: true, filterText: 'electric assign', sortText: '23', data: data('snippet', 'assign') },
    );
  } else {
    entries.push({ label: "CALL electric.electrify('…')", kind: 'snippet', detail: 'electrify a table (Electric 0.6)', insertText: `CALL electric.electrify('\${1:${firstTable}}');`, snippet: true, filterText: 'call electric electrify', sortText: '21', data: data('snippet', 'electrify') });
  }
  return entries;
}
