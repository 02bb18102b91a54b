/**
 * The schema model: what the migrations have created so far, as Postgres (and Electric) would see it, with the
 * place where each thing was defined. `Catalog.apply` folds one statement in; the fold (./fold.ts) drives it in
 * migration order so that every rule, hover and completion sees the state "as of" its statement.
 */
import type * as A from '../syntax/ast';
import { parseTypeName } from '../syntax/parse';
import { normaliseType, type NormalType } from './types';

/** A place in a migration file. */
export interface Located {
  file: string;
  span: A.Span;
}

export type TableKind = 'table' | 'partitioned' | 'foreign' | 'view' | 'materialized view';

export interface ColumnInfo {
  name: string;
  type: NormalType;
  typeAt: Located;
  definedAt: Located;
  notNull: boolean;
  /** The DEFAULT clause, or the serial type that implies one (what `atthasdef` records). */
  default?: { at: Located; source: 'default' | 'serial' | 'generated'; expr?: string };
  identity?: { at: Located; always: boolean };
  /** Column-level constraints as written (CHECK, UNIQUE, PRIMARY KEY, REFERENCES, …). */
  constraints: { kind: A.ColumnConstraint['kind']; at: Located }[];
}

export interface ConstraintInfo {
  kind: 'primaryKey' | 'unique' | 'check' | 'foreignKey' | 'exclude' | 'notNull';
  /** Its name: given, or the one Postgres generates (`items_pkey`, `items_name_key`, …). */
  name: string;
  columns: string[];
  references?: { table: string; columns: string[]; at: Located };
  at: Located;
}

export interface ElectrifiedInfo {
  /** The table name in the electrify statement. */
  at: Located;
  statement: Located;
  fileIndex: number;
}

export interface TableInfo {
  /** `schema.name`, both as Postgres stores them. */
  key: string;
  schema: string;
  name: string;
  kind: TableKind;
  /** Columns in definition order. */
  columns: Map<string, ColumnInfo>;
  /** False when the columns come from something the model cannot see (`CREATE TABLE … AS`, a view's query). */
  columnsKnown: boolean;
  constraints: ConstraintInfo[];
  definedAt: Located;
  statement: Located;
  electrified?: ElectrifiedInfo;
  indexes: string[];
}

export interface TypeInfo {
  key: string;
  schema: string;
  name: string;
  kind: 'enum' | 'composite' | 'range' | 'base' | 'shell' | 'domain';
  values: string[];
  definedAt: Located;
}

/** An ELECTRIC ASSIGN: who gets which role, and on which table. */
export interface AssignmentInfo {
  statement: A.AssignStatement;
  /** The table of the user column (`TO table.user_id`). */
  table: string;
  at: Located;
  fileIndex: number;
}

export interface GrantInfo {
  statement: A.GrantStatement;
  tables: string[];
  at: Located;
  fileIndex: number;
}

export interface IndexInfo {
  key: string;
  table: string;
  unique: boolean;
  definedAt: Located;
}

/** Where a statement sits: the file (its path as reported) and its position in the migration order. */
export interface StatementPlace {
  file: string;
  fileIndex: number;
}

const QUOTED_OR_PLAIN = String.raw`(?:"(?:[^"]|"")+"|[\w$]+)`;
/** `CREATE TABLE [IF NOT EXISTS] name` / `ALTER TABLE [IF EXISTS] [ONLY] name` inside text the grammar keeps opaque. */
const RELATION_IN_TEXT = new RegExp(
  String.raw`\b(?:create\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?|alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?)` +
    `(${QUOTED_OR_PLAIN}(?:\\s*\\.\\s*${QUOTED_OR_PLAIN})?)`,
  'gi',
);

/** The last part of a written name, as Postgres stores it. */
function lastNamePart(written: string): string {
  const parts = written.split(/\s*\.\s*/);
  const last = parts[parts.length - 1];
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase();
}

export class Catalog {
  readonly tables = new Map<string, TableInfo>();
  readonly types = new Map<string, TypeInfo>();
  readonly indexes = new Map<string, IndexInfo>();
  readonly assignments: AssignmentInfo[] = [];
  readonly grants: GrantInfo[] = [];
  /** `SET search_path`: unqualified names resolve through it; new objects go to its first schema. */
  searchPath: string[] = ['public'];
  /**
   * Names of relations that statements the model cannot read may have created or changed: unmodelled statements,
   * DO blocks, `CREATE SCHEMA … CREATE TABLE`, statements with syntax errors, and sequences (which ALTER TABLE also
   * accepts). Rules give these the benefit of the doubt instead of calling them unknown.
   */
  readonly unmodelledRelations = new Set<string>();

  // ---- name resolution

  /** The schema a new unqualified object is created in. */
  creationSchema(): string {
    return this.searchPath.find((s) => s !== '$user' && s !== 'pg_temp') ?? 'public';
  }

  /** The key a table name refers to: the first schema of the search path that has it, else the creation schema. */
  tableKey(name: A.QualifiedName): string {
    if (name.schema) return `${name.schema.name}.${name.name.name}`;
    for (const schema of this.searchPath) {
      const key = `${schema}.${name.name.name}`;
      if (this.tables.has(key)) return key;
    }
    return `${this.creationSchema()}.${name.name.name}`;
  }

  /** The key CREATE gives a new table: its schema when qualified, else the creation schema (not a search-path hit). */
  creationKey(name: A.QualifiedName): string {
    return `${name.schema?.name ?? this.creationSchema()}.${name.name.name}`;
  }

  table(name: A.QualifiedName): TableInfo | undefined {
    return this.tables.get(this.tableKey(name));
  }

  /** A table named by a DDLX column reference (`[schema.]table.column`). */
  tableOfColumnRef(ref: A.ColumnRef): TableInfo | undefined {
    return this.table(ref.schema ? { schema: ref.schema, name: ref.table, span: ref.span } : { name: ref.table, span: ref.span });
  }

  typeKey(schema: string | undefined, name: string): string | undefined {
    if (schema) return this.types.has(`${schema}.${name}`) ? `${schema}.${name}` : undefined;
    for (const s of [...this.searchPath, 'public']) {
      if (this.types.has(`${s}.${name}`)) return `${s}.${name}`;
    }
    return undefined;
  }

  normalise(type: A.TypeName): NormalType {
    return normaliseType(type, (schema, name) => this.typeKey(schema, name));
  }

  /**
   * Whether Postgres records a default (`atthasdef`, what Electric's electrify check reads) for `DEFAULT expr` on a
   * column of `type`. AddRelationNewConstraints skips a default that is a bare null constant. The parser folds
   * `NULL`, `(NULL)`, `NULL::t` and `CAST(NULL AS t)` into one when `t` is exactly the column's type; a different
   * cast type, a length/precision modifier (the typmod coercion is a function call) or a domain (CoerceToDomain)
   * leaves an expression, which is stored.
   */
  storesDefault(expr: string, type: NormalType): boolean {
    const casts = nullConstantCasts(expr);
    if (!casts) return true;
    if (type.modifiers.length > 0 || (type.userType && this.types.get(type.userType)?.kind === 'domain')) return true;
    return casts.some((cast) => {
      const castType = this.normalise(cast);
      return castType.base !== type.base || castType.userType !== type.userType || castType.arrayDims !== type.arrayDims || castType.modifiers.length > 0;
    });
  }

  /** The enum behind a column type, if it is one (domains are not followed: Electric rejects them anyway). */
  enumOf(type: NormalType): TypeInfo | undefined {
    const info = type.userType ? this.types.get(type.userType) : undefined;
    return info?.kind === 'enum' ? info : undefined;
  }

  // ---- the fold

  /** True when `name` may have been created by a statement the model could not read. */
  mayBeUnmodelled(name: A.QualifiedName): boolean {
    return this.unmodelledRelations.has(name.name.name);
  }

  /** Notes the tables that `text`, a statement the model cannot read, creates or alters. */
  noteUnmodelled(text: string): void {
    if (!/create|alter/i.test(text)) return;
    for (const m of text.matchAll(RELATION_IN_TEXT)) this.unmodelledRelations.add(lastNamePart(m[1]));
  }

  /** Applies one statement, as Postgres would if it succeeded; `text` is the statement's source. */
  apply(statement: A.Statement, place: StatementPlace, text = ''): void {
    const at = (span: A.Span): Located => ({ file: place.file, span });
    switch (statement.kind) {
      case 'other':
      case 'createSchema':
        this.noteUnmodelled(text);
        return;
      case 'do':
        this.noteUnmodelled(statement.body.text);
        return;
      case 'createSequence':
        this.unmodelledRelations.add(statement.name.name.name);
        return;
      case 'createTable':
        return this.createTable(statement, at);
      case 'createForeignTable':
        this.addTable(statement.name, 'foreign', statement.elements, at(statement.span), at);
        return;
      case 'createView':
        if (!this.tables.has(this.creationKey(statement.name)) || statement.orReplace) {
          const table = this.newTable(statement.name, statement.materialized ? 'materialized view' : 'view', at(statement.span), at);
          table.columnsKnown = false;
        }
        return;
      case 'alterTable':
        return this.alterTable(statement, at);
      case 'drop':
        return this.drop(statement);
      case 'createIndex':
        return this.createIndex(statement, at);
      case 'createType':
        return this.createType(statement, at);
      case 'createDomain':
        this.addType(statement.name, 'domain', [], at(statement.name.span));
        return;
      case 'alterType':
        return this.alterType(statement);
      case 'set':
        if (statement.parameter === 'search_path') {
          this.searchPath = statement.reset || !statement.searchPath?.length ? ['public'] : statement.searchPath.map((n) => n.name);
        }
        return;
      case 'enableElectric': {
        const table = this.table(statement.table);
        if (table && !table.electrified) {
          table.electrified = { at: at(statement.table.span), statement: at(statement.span), fileIndex: place.fileIndex };
        }
        return;
      }
      case 'assign': {
        const table = this.tableOfColumnRef(statement.user);
        this.assignments.push({ statement, table: table?.key ?? this.refKey(statement.user), at: at(statement.span), fileIndex: place.fileIndex });
        return;
      }
      case 'grant':
        this.grants.push({ statement, tables: statement.tables.map((t) => this.tableKey(t)), at: at(statement.span), fileIndex: place.fileIndex });
        return;
      default:
        return;
    }
  }

  private refKey(ref: A.ColumnRef): string {
    return `${ref.schema?.name ?? this.creationSchema()}.${ref.table.name}`;
  }

  private createTable(statement: A.CreateTableStatement, at: (span: A.Span) => Located): void {
    const kind: TableKind = statement.partitionBy ? 'partitioned' : 'table';
    const table = this.addTable(statement.name, kind, statement.elements, at(statement.span), at);
    if (!table) return;
    if (statement.asQuery) table.columnsKnown = false;
    // Inherited and partition columns come first, as Postgres lays them out.
    const parents = [...statement.inherits, ...(statement.partitionOf ? [statement.partitionOf] : [])];
    for (const parentName of parents) {
      const parent = this.table(parentName);
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

  private newTable(name: A.QualifiedName, kind: TableKind, statement: Located, at: (span: A.Span) => Located): TableInfo {
    const key = this.creationKey(name);
    const [schema] = key.split('.', 1);
    const table: TableInfo = {
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
    this.tables.set(key, table);
    return table;
  }

  /** Creates a table from its elements; undefined when it already exists (IF NOT EXISTS, or a duplicate). */
  private addTable(name: A.QualifiedName, kind: TableKind, elements: A.TableElement[], statement: Located, at: (span: A.Span) => Located): TableInfo | undefined {
    if (this.tables.has(this.creationKey(name))) return undefined;
    const table = this.newTable(name, kind, statement, at);
    // Postgres names CHECK constraints after the columns they mention, once every column of the statement exists.
    const statementColumns = new Set(elements.flatMap((e) => (e.kind === 'column' ? [e.name.name] : [])));
    for (const element of elements) {
      if (element.kind === 'column') this.addColumn(table, element, at, statementColumns);
      else if (element.kind === 'tableConstraint') this.addConstraint(table, element.constraint, at, statementColumns);
      else this.copyColumns(table, element.table);
    }
    return table;
  }

  private copyColumns(table: TableInfo, source: A.QualifiedName): void {
    const like = this.table(source);
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

  addColumn(table: TableInfo, column: A.ColumnDef, at: (span: A.Span) => Located, statementColumns: ReadonlySet<string> = new Set()): void {
    if (table.columns.has(column.name.name)) return;
    const type = this.normalise(column.type);
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
          this.addConstraintInfo(table, { kind: 'primaryKey', name: constraint.constraintName?.name ?? `${table.name}_pkey`, columns: [info.name], at: at(constraint.span) });
          break;
        case 'unique':
          this.addConstraintInfo(table, { kind: 'unique', name: constraint.constraintName?.name ?? `${table.name}_${info.name}_key`, columns: [info.name], at: at(constraint.span) });
          break;
        case 'check': {
          const columns = columnsMentioned(constraint.expr.text, new Set([...table.columns.keys(), ...statementColumns, info.name]));
          this.addConstraintInfo(table, { kind: 'check', name: constraint.constraintName?.name ?? checkConstraintName(table, columns), columns, at: at(constraint.span) });
          break;
        }
        case 'references':
          this.addConstraintInfo(table, {
            kind: 'foreignKey',
            name: constraint.constraintName?.name ?? `${table.name}_${info.name}_fkey`,
            columns: [info.name],
            references: { table: this.tableKey(constraint.references.table), columns: constraint.references.columns.map((c) => c.name), at: at(constraint.references.table.span) },
            at: at(constraint.span),
          });
          break;
        case 'default':
          // `DEFAULT NULL` (usually) stores no default: pg_attribute.atthasdef stays false (see storesDefault).
          if (this.storesDefault(constraint.expr.text, type)) info.default = { at: at(constraint.span), source: 'default', expr: constraint.expr.text };
          break;
        case 'generated':
          if (constraint.stored) info.default = { at: at(constraint.span), source: 'generated', expr: constraint.expr.text };
          break;
        case 'identity':
          info.identity = { at: at(constraint.span), always: constraint.always };
          info.notNull = true;
          break;
        default:
          break;
      }
    }
    table.columns.set(info.name, info);
  }

  private addConstraint(table: TableInfo, constraint: A.TableConstraint, at: (span: A.Span) => Located, statementColumns: ReadonlySet<string> = new Set()): void {
    const columns =
      'columns' in constraint
        ? constraint.columns.map((c) => c.name)
        : columnsMentioned(constraint.expr.text, new Set([...table.columns.keys(), ...statementColumns]));
    const suffix: Record<ConstraintInfo['kind'], string> = { primaryKey: 'pkey', unique: 'key', check: 'check', foreignKey: 'fkey', exclude: 'excl', notNull: 'not_null' };
    const generated =
      constraint.kind === 'primaryKey'
        ? `${table.name}_pkey`
        : constraint.kind === 'check'
          ? checkConstraintName(table, columns)
          : [table.name, ...columns, suffix[constraint.kind]].join('_');
    const info: ConstraintInfo = { kind: constraint.kind, name: constraint.constraintName?.name ?? generated, columns, at: at(constraint.span) };
    if (constraint.kind === 'foreignKey') {
      info.references = { table: this.tableKey(constraint.references.table), columns: constraint.references.columns.map((c) => c.name), at: at(constraint.references.table.span) };
    }
    if (constraint.kind === 'primaryKey' || constraint.kind === 'notNull') {
      for (const name of columns) {
        const column = table.columns.get(name);
        if (column) column.notNull = true;
      }
    }
    this.addConstraintInfo(table, info);
  }

  private addConstraintInfo(table: TableInfo, info: ConstraintInfo): void {
    table.constraints.push(info);
  }

  private alterTable(statement: A.AlterTableStatement, at: (span: A.Span) => Located): void {
    let table = this.table(statement.name);
    if (!table) return;
    for (const action of statement.actions) {
      const column = 'column' in action && action.kind !== 'addColumn' ? table.columns.get((action.column as A.Name).name) : undefined;
      switch (action.kind) {
        case 'addColumn':
          this.addColumn(table, action.column, at);
          break;
        case 'dropColumn':
          table.columns.delete(action.column.name);
          table.constraints = table.constraints.filter((c) => !c.columns.includes(action.column.name));
          break;
        case 'alterColumnType':
          if (column) {
            column.type = this.normalise(action.type);
            column.typeAt = at(action.type.span);
          }
          break;
        case 'setDefault':
          // SET DEFAULT first removes the old default; a null constant then stores none, like DROP DEFAULT.
          if (column) column.default = this.storesDefault(action.expr.text, column.type) ? { at: at(action.span), source: 'default', expr: action.expr.text } : undefined;
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
          this.addConstraint(table, action.constraint, at);
          break;
        case 'addConstraintUsingIndex':
          // The index becomes a constraint named c (or after the index): a primary key Electric accepts, or a UNIQUE
          // constraint it rejects at electrification. The index's columns are not modelled.
          this.addConstraintInfo(table, { kind: action.constraint, name: action.constraintName?.name ?? action.index.name, columns: [], at: at(action.constraintSpan) });
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
          const renamed = table.columns.get(action.from.name);
          if (!renamed) break;
          const entries = [...table.columns].map(([name, c]): [string, ColumnInfo] => (name === action.from.name ? [action.to.name, { ...c, name: action.to.name }] : [name, c]));
          table.columns = new Map(entries);
          for (const c of table.constraints) c.columns = c.columns.map((n) => (n === action.from.name ? action.to.name : n));
          break;
        }
        case 'renameTable':
          table = this.moveTable(table, table.schema, action.to.name);
          break;
        case 'setSchema':
          table = this.moveTable(table, action.schema.name, table.name);
          break;
        default:
          break;
      }
    }
  }

  private moveTable(table: TableInfo, schema: string, name: string): TableInfo {
    const key = `${schema}.${name}`;
    this.tables.delete(table.key);
    const moved = { ...table, key, schema, name };
    this.tables.set(key, moved);
    for (const other of this.tables.values()) {
      for (const c of other.constraints) if (c.references?.table === table.key) c.references.table = key;
    }
    return moved;
  }

  private drop(statement: A.DropStatement): void {
    for (const name of statement.names) {
      switch (statement.objectType) {
        case 'table':
        case 'view':
        case 'materialized view':
        case 'foreign table':
          this.tables.delete(this.tableKey(name));
          break;
        case 'type':
        case 'domain': {
          const key = this.typeKey(name.schema?.name, name.name.name);
          if (key) this.types.delete(key);
          break;
        }
        case 'index': {
          const key = `${name.schema?.name ?? this.creationSchema()}.${name.name.name}`;
          const index = this.indexes.get(key);
          if (index) {
            this.indexes.delete(key);
            const table = this.tables.get(index.table);
            if (table) table.indexes = table.indexes.filter((i) => i !== key);
          }
          break;
        }
        case 'schema':
          for (const key of [...this.tables.keys()]) if (key.startsWith(`${name.name.name}.`)) this.tables.delete(key);
          break;
        default:
          break;
      }
    }
  }

  private createIndex(statement: A.CreateIndexStatement, at: (span: A.Span) => Located): void {
    const table = this.table(statement.table);
    if (!table || !statement.name) return;
    const key = `${table.schema}.${statement.name.name}`;
    if (this.indexes.has(key)) return;
    this.indexes.set(key, { key, table: table.key, unique: statement.unique, definedAt: at(statement.name.span) });
    table.indexes.push(key);
  }

  private createType(statement: A.CreateTypeStatement, at: (span: A.Span) => Located): void {
    this.addType(statement.name, statement.variant, statement.values.map((v) => v.value), at(statement.name.span));
  }

  private addType(name: A.QualifiedName, kind: TypeInfo['kind'], values: string[], definedAt: Located): TypeInfo | undefined {
    const schema = name.schema?.name ?? this.creationSchema();
    const key = `${schema}.${name.name.name}`;
    if (this.types.has(key)) return undefined;
    const info: TypeInfo = { key, schema, name: name.name.name, kind, values, definedAt };
    this.types.set(key, info);
    return info;
  }

  private alterType(statement: A.AlterTypeStatement): void {
    const key = this.typeKey(statement.name.schema?.name, statement.name.name.name);
    const info = key ? this.types.get(key) : undefined;
    if (!info) return;
    const { action } = statement;
    if (action.kind === 'addValue' && !info.values.includes(action.value)) {
      const at = action.neighbor !== undefined ? info.values.indexOf(action.neighbor) : -1;
      if (at < 0) info.values.push(action.value);
      else info.values.splice(action.position === 'before' ? at : at + 1, 0, action.value);
    } else if (action.kind === 'renameValue') {
      info.values = info.values.map((v) => (v === action.from ? action.to : v));
    } else if (action.kind === 'renameTo') {
      this.types.delete(info.key);
      const moved = { ...info, name: action.to.name, key: `${info.schema}.${action.to.name}` };
      this.types.set(moved.key, moved);
    }
  }
}

/**
 * The casts around a null constant (`NULL`, `(NULL)`, `NULL::text`, `CAST(NULL AS int)`, nested), as type names;
 * undefined when `expr` is anything else. A cast type that cannot be read as a plain name makes it undefined too.
 */
function nullConstantCasts(expr: string): A.TypeName[] | undefined {
  const casts: A.TypeName[] = [];
  let s = expr.trim();
  for (;;) {
    if (/^null$/i.test(s)) return casts;
    if (s.startsWith('(') && closingParen(s, 0) === s.length - 1) {
      s = s.slice(1, -1).trim();
      continue;
    }
    const cast = /^cast\s*\(/i.exec(s);
    if (cast && closingParen(s, cast[0].length - 1) === s.length - 1) {
      const inner = s.slice(cast[0].length, -1);
      const m = /^([\s\S]*)\s+as\s+([^()]+(?:\([^()]*\))?[^()]*)$/i.exec(inner);
      const type = m && parseTypeName(m[2]);
      if (!m || !type) return undefined;
      casts.push(type);
      s = m[1].trim();
      continue;
    }
    const m = /^([\s\S]*)::\s*([^():]+(?:\([^()]*\))?[^():]*)$/.exec(s);
    if (m) {
      const type = parseTypeName(m[2]);
      if (!type) return undefined;
      casts.push(type);
      s = m[1].trim();
      continue;
    }
    return undefined;
  }
}

function closingParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The columns of a table an expression mentions (CHECK, EXCLUDE), in order of first mention: Postgres' `conkey`,
 * which Electric's constraint message lists. Identifiers inside string literals, function names and type names
 * after `::` are skipped; unquoted names fold to lower case.
 */
function columnsMentioned(text: string, columns: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")+)"|(::\s*)?([A-Za-z_][A-Za-z0-9_$]*)(\s*\()?/g;
  for (const m of text.matchAll(token)) {
    if (m[2] || m[4]) continue;
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[3]?.toLowerCase();
    if (name !== undefined && columns.has(name) && !found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * The name Postgres chooses for an unnamed CHECK constraint: `<table>_<column>_check` when it mentions exactly one
 * column, else `<table>_check`; a number is appended while the name is taken (ChooseConstraintName).
 */
function checkConstraintName(table: TableInfo, columns: readonly string[]): string {
  const base = columns.length === 1 ? `${table.name}_${columns[0]}_check` : `${table.name}_check`;
  let name = base;
  for (let i = 1; table.constraints.some((c) => c.name === name); i++) name = `${base}${i}`;
  return name;
}
