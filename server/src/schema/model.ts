/**
 * The schema model's data: tables, columns, constraints, types, indexes, assignments and grants, each with the
 * place that defined it. Plain data with no AST inside, so that two catalogs can be compared for "the same schema"
 * (schema/equivalence.ts) without tripping over positions that merely moved.
 */
import type { Span } from '../syntax/ast';
import type { RoleIdentity } from '../electric/roles';
import type { NormalType } from './types';

/**
 * A statement's place in its file. The workspace keeps one per statement and moves `start` when an edit above the
 * statement shifts it without changing it, so every place recorded relative to the statement stays right, in every
 * catalog snapshot that holds it, without re-folding the files after it.
 */
export interface StatementAnchor {
  /** The file's path, as diagnostics name it. */
  readonly file: string;
  start: number;
}

/** A place in a migration file, kept relative to the statement that holds it (see StatementAnchor). */
export class Located {
  constructor(
    readonly anchor: StatementAnchor,
    /** Offsets relative to the anchor's statement start. */
    readonly rel: Span,
  ) {}

  /** A place in a statement given by file offsets (the AST's spans). */
  static at(anchor: StatementAnchor, span: Span): Located {
    return new Located(anchor, { start: span.start - anchor.start, end: span.end - anchor.start });
  }

  get file(): string {
    return this.anchor.file;
  }

  /** Offsets in the file as it is now. */
  get span(): Span {
    const base = this.anchor.start;
    return { start: base + this.rel.start, end: base + this.rel.end };
  }

  /** The same place in the same (possibly moved) statement. */
  equals(other: Located): boolean {
    return this.anchor === other.anchor && this.rel.start === other.rel.start && this.rel.end === other.rel.end;
  }
}

export type TableKind = 'table' | 'partitioned' | 'foreign' | 'view' | 'materialized view';

export interface ColumnConstraintInfo {
  kind: 'notNull' | 'null' | 'default' | 'primaryKey' | 'unique' | 'check' | 'references' | 'identity' | 'generated';
  at: Located;
}

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
  constraints: ColumnConstraintInfo[];
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

export interface IndexInfo {
  key: string;
  table: string;
  unique: boolean;
  definedAt: Located;
}

/** An ELECTRIC ASSIGN: who gets which role, on which table. */
export interface AssignmentInfo {
  /** The table of the user column (`TO table.user_id`), as a key. */
  table: string;
  userColumn: string;
  /** The role it hands out; undefined when Electric would reject the role (blank, bare identifier). */
  role?: RoleIdentity;
  /** The role as written (`'projects:member'`, `memberships.role`). */
  roleText: string;
  roleAt: Located;
  at: Located;
}

/** An ELECTRIC GRANT. */
export interface GrantInfo {
  privileges: string[];
  columns?: string[];
  tables: string[];
  /** The roles as Electric reads them: the scope only from inside the string. */
  roles: { role?: RoleIdentity; text: string; at: Located }[];
  at: Located;
}
