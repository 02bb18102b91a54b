/**
 * The schema model: what the migrations have created so far, as Postgres (and Electric) would see it, with the
 * place where each thing was defined. `applyStatement` (./apply.ts) folds one statement in; the fold (./fold.ts)
 * drives it in migration order so that every rule, hover and completion sees the state "as of" its statement.
 *
 * Snapshots are cheap: `fork()` shares the maps of tables, types and indexes (persistent maps: a write copies the
 * path to one key, not the map), and a table, type or list is copied the first time a fork changes it (copy on
 * write). A catalog that was forked or frozen is never changed again, so the
 * workspace can keep one per migration file and answer "the schema before file k" without re-folding.
 */
import type * as A from '../syntax/ast';
import type { AssignmentInfo, ColumnInfo, ElectrifiedInfo, GrantInfo, IndexInfo, TableInfo, TypeInfo } from './model';
import { PersistentMap } from '../util/persistentMap';
import { sameValue } from './equivalence';
import { normaliseType, type NormalType } from './types';

export type { AssignmentInfo, ColumnInfo, ConstraintInfo, ElectrifiedInfo, GrantInfo, IndexInfo, TableInfo, TableKind, TypeInfo } from './model';
export { Located, type StatementAnchor } from './model';

/** Schemas whose tables come with Postgres or Electric, never from the migrations (and unqualified `pg_*` catalogs). */
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'electric']);

/** A table a name refers to, or why there is none: `unknown` is false when its absence is not worth reporting. */
/**
 * What checks that need the whole migration set (`later`) may read of its final schema: whether a table exists
 * and where it is electrified, and the role assignments. Narrow on purpose: the lint cache keeps such a check's
 * findings while the fingerprint of exactly this (`SchemaFingerprints.ofFinal`) stays the same, so an edit that
 * only adds a column does not re-check every file that has such a check.
 */
export interface FinalSchema {
  finalTable(key: string): { electrified?: ElectrifiedInfo } | undefined;
  readonly assignments: readonly AssignmentInfo[];
}

export type TableLookup = { table: TableInfo } | { table?: undefined; unknown: boolean };

interface CatalogState {
  tables: PersistentMap<TableInfo>;
  types: PersistentMap<TypeInfo>;
  indexes: PersistentMap<IndexInfo>;
  assignments: AssignmentInfo[];
  grants: GrantInfo[];
  searchPath: string[];
  unmodelledRelations: Set<string>;
  hierarchy: Set<string>;
  mixedCase: Map<string, ReadonlySet<string>>;
}

export class Catalog implements FinalSchema {
  private state: CatalogState;
  /** Objects this catalog created or copied: only these may be changed in place. */
  private owned = new WeakSet<object>();
  private frozen = false;
  /** Columns and constraints copied so far to change what a snapshot shares (what snapshots cost). */
  private copies = 0;

  constructor(state?: CatalogState) {
    this.state = state ?? {
      tables: new PersistentMap(),
      types: new PersistentMap(),
      indexes: new PersistentMap(),
      assignments: [],
      grants: [],
      searchPath: ['public'],
      unmodelledRelations: new Set(),
      hierarchy: new Set(),
      mixedCase: new Map(),
    };
  }

  // ---- snapshots

  /** A catalog that starts as this one and may change on its own; this one is frozen from now on. */
  fork(): Catalog {
    this.frozen = true;
    const s = this.state;
    return new Catalog({
      tables: s.tables.fork(),
      types: s.types.fork(),
      indexes: s.indexes.fork(),
      assignments: [...s.assignments],
      grants: [...s.grants],
      searchPath: s.searchPath,
      unmodelledRelations: new Set(s.unmodelledRelations),
      hierarchy: new Set(s.hierarchy),
      mixedCase: new Map(s.mixedCase),
    });
  }

  /** No further changes: snapshots handed out must stay as they are. */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  /** How much this catalog has copied from the snapshot it was forked from (see `writableTable`). */
  get copyCost(): number {
    return this.copies;
  }

  /** True when both describe the same schema with the same definitions (see ./equivalence.ts). */
  sameSchema(other: Catalog): boolean {
    const a = this.state;
    const b = other.state;
    if (a === b) return true;
    return (
      sameValue(a.tables, b.tables) &&
      sameValue(a.types, b.types) &&
      sameValue(a.indexes, b.indexes) &&
      sameValue(a.assignments, b.assignments) &&
      sameValue(a.grants, b.grants) &&
      sameValue(a.searchPath, b.searchPath) &&
      sameValue(a.unmodelledRelations, b.unmodelledRelations) &&
      sameValue(a.hierarchy, b.hierarchy) &&
      sameValue(a.mixedCase, b.mixedCase)
    );
  }

  /** What the final schema tells checks that run after the whole set (see `FinalSchema`). */
  finalTable(key: string): { electrified?: ElectrifiedInfo } | undefined {
    const table = this.state.tables.get(key);
    return table && { electrified: table.electrified };
  }

  /**
   * Everything the schema holds, for a canonical dump (./fingerprint.ts): the same parts `sameSchema` compares.
   * Read-only; a frozen catalog's parts never change again.
   */
  canonicalParts(): readonly unknown[] {
    const s = this.state;
    return [s.tables, s.types, s.indexes, s.assignments, s.grants, s.searchPath, s.unmodelledRelations, s.hierarchy, s.mixedCase];
  }

  // ---- what is there

  get tables(): ReadonlyMap<string, TableInfo> {
    return this.state.tables;
  }

  get types(): ReadonlyMap<string, TypeInfo> {
    return this.state.types;
  }

  get indexes(): ReadonlyMap<string, IndexInfo> {
    return this.state.indexes;
  }

  get assignments(): readonly AssignmentInfo[] {
    return this.state.assignments;
  }

  get grants(): readonly GrantInfo[] {
    return this.state.grants;
  }

  /** `SET search_path`: unqualified names resolve through it; new objects go to its first schema. */
  get searchPath(): readonly string[] {
    return this.state.searchPath;
  }

  /**
   * Names of relations that statements the model cannot read may have created or changed: unmodelled statements,
   * DO blocks, `CREATE SCHEMA … CREATE TABLE`, statements with syntax errors, and sequences (which ALTER TABLE also
   * accepts). Rules give these the benefit of the doubt instead of calling them unknown.
   */
  get unmodelledRelations(): ReadonlySet<string> {
    return this.state.unmodelledRelations;
  }

  /** Table names in an inheritance or partition hierarchy, whose columns the model does not propagate. */
  get hierarchy(): ReadonlySet<string> {
    return this.state.hierarchy;
  }

  // ---- name resolution (the one resolver: rules, completion, hover and navigation all go through it)

  /** The schema a new unqualified object is created in. */
  creationSchema(): string {
    return this.state.searchPath.find((s) => s !== '$user' && s !== 'pg_temp') ?? 'public';
  }

  /** The key a table name refers to: the first schema of the search path that has it, else the creation schema. */
  tableKey(name: A.QualifiedName): string {
    if (name.schema) return `${name.schema.name}.${name.name.name}`;
    for (const schema of this.state.searchPath) {
      const key = `${schema}.${name.name.name}`;
      if (this.state.tables.has(key)) return key;
    }
    return `${this.creationSchema()}.${name.name.name}`;
  }

  /** The key CREATE gives a new table: its schema when qualified, else the creation schema (not a search-path hit). */
  creationKey(name: A.QualifiedName): string {
    return `${name.schema?.name ?? this.creationSchema()}.${name.name.name}`;
  }

  table(name: A.QualifiedName): TableInfo | undefined {
    return this.state.tables.get(this.tableKey(name));
  }

  /** A table named by a DDLX column reference (`[schema.]table.column`). */
  tableOfColumnRef(ref: A.ColumnRef): TableInfo | undefined {
    return this.table(columnRefTable(ref));
  }

  /** The key a DDLX column reference's table has (as ASSIGN records it even when the table is unknown). */
  columnRefKey(ref: A.ColumnRef): string {
    return this.tableOfColumnRef(ref)?.key ?? `${ref.schema?.name ?? this.creationSchema()}.${ref.table.name}`;
  }

  /** The table a name refers to; `unknown` is false when its absence is not worth reporting. */
  lookupTable(name: A.QualifiedName): TableLookup {
    const table = this.table(name);
    if (table) return { table };
    if (name.schema ? SYSTEM_SCHEMAS.has(name.schema.name) : name.name.name.startsWith('pg_')) return { unknown: false };
    if (this.mayBeUnmodelled(name)) return { unknown: false };
    return { unknown: true };
  }

  /**
   * The table's columns when the model knows all of them (not for hierarchies or unreadable definitions). The
   * table's own map, not a copy: a table may have thousands of columns, and this is asked for every statement.
   */
  knownColumns(table: TableInfo): ReadonlyMap<string, ColumnInfo> | undefined {
    if (!table.columnsKnown || this.state.unmodelledRelations.has(table.name) || this.state.hierarchy.has(table.name)) return undefined;
    return table.columns;
  }

  /** Tables whose quoted names differ from `lower` only in case, for "did you mean" hints. */
  tablesNamedLike(lower: string): TableInfo[] {
    const keys = this.state.mixedCase.get(lower) ?? new Set<string>();
    return [...keys].map((key) => this.state.tables.get(key)).filter((t): t is TableInfo => t !== undefined);
  }

  typeKey(schema: string | undefined, name: string): string | undefined {
    if (schema) return this.state.types.has(`${schema}.${name}`) ? `${schema}.${name}` : undefined;
    for (const s of [...this.state.searchPath, 'public']) {
      if (this.state.types.has(`${s}.${name}`)) return `${s}.${name}`;
    }
    return undefined;
  }

  normalise(type: A.TypeName): NormalType {
    return normaliseType(type, (schema, name) => this.typeKey(schema, name));
  }

  /** The enum behind a column type, if it is one (domains are not followed: Electric rejects them anyway). */
  enumOf(type: NormalType): TypeInfo | undefined {
    const info = type.userType ? this.state.types.get(type.userType) : undefined;
    return info?.kind === 'enum' ? info : undefined;
  }

  /** True when `name` may have been created by a statement the model could not read. */
  mayBeUnmodelled(name: A.QualifiedName): boolean {
    return this.state.unmodelledRelations.has(name.name.name);
  }

  // ---- changes (./apply.ts): each one copies what a snapshot still shares before changing it

  private writable(): CatalogState {
    if (this.frozen) throw new Error('internal error: a catalog snapshot was changed after it was frozen');
    return this.state;
  }

  private own<T extends object>(value: T): T {
    this.owned.add(value);
    return value;
  }

  /**
   * A table this catalog may change in place, copied the first time: its lists, and its column map, whose columns
   * stay shared until one of them changes (`writableColumn`) — a table of 50,000 columns changed after every
   * snapshot must not be copied column by column each time.
   */
  writableTable(key: string): TableInfo | undefined {
    const state = this.writable();
    const table = state.tables.get(key);
    if (!table || this.owned.has(table)) return table;
    const copy = this.own({
      ...table,
      columns: new Map(table.columns),
      constraints: table.constraints.map((c) => ({ ...c, columns: [...c.columns], ...(c.references ? { references: { ...c.references } } : {}) })),
      indexes: [...table.indexes],
    });
    this.copies += table.columns.size + table.constraints.length + 1;
    state.tables.set(key, copy);
    return copy;
  }

  /** A column of a table this catalog owns (from `writableTable`), copied the first time it changes. */
  writableColumn(table: TableInfo, name: string): ColumnInfo | undefined {
    const column = table.columns.get(name);
    if (!column || this.owned.has(column)) return column;
    if (!this.owned.has(table)) throw new Error('internal error: a column was changed in a table the catalog does not own');
    const copy = this.own({ ...column, constraints: [...column.constraints] });
    this.copies++;
    table.columns.set(name, copy);
    return copy;
  }

  /** Adds (or replaces) a table this catalog built. */
  putTable(table: TableInfo): void {
    this.writable().tables.set(table.key, this.own(table));
  }

  deleteTable(key: string): void {
    this.writable().tables.delete(key);
  }

  writableType(key: string): TypeInfo | undefined {
    const state = this.writable();
    const type = state.types.get(key);
    if (!type || this.owned.has(type)) return type;
    const copy = this.own({ ...type, values: [...type.values] });
    state.types.set(key, copy);
    return copy;
  }

  putType(type: TypeInfo): void {
    this.writable().types.set(type.key, this.own(type));
  }

  deleteType(key: string): void {
    this.writable().types.delete(key);
  }

  putIndex(index: IndexInfo): void {
    this.writable().indexes.set(index.key, index);
  }

  deleteIndex(key: string): void {
    this.writable().indexes.delete(key);
  }

  addAssignment(assignment: AssignmentInfo): void {
    this.writable().assignments.push(assignment);
  }

  addGrant(grant: GrantInfo): void {
    this.writable().grants.push(grant);
  }

  setSearchPath(path: string[]): void {
    this.writable().searchPath = path;
  }

  noteUnmodelledRelation(name: string): void {
    this.writable().unmodelledRelations.add(name);
  }

  noteHierarchy(name: string): void {
    this.writable().hierarchy.add(name);
  }

  /** A quoted name with capitals (`"Items"`), for the "did you mean" hint of a lower-case reference. */
  noteMixedCase(name: string, key: string): void {
    const state = this.writable();
    const lower = name.toLowerCase();
    state.mixedCase.set(lower, new Set([...(state.mixedCase.get(lower) ?? []), key]));
  }

  /** Points foreign keys that reference `from` at `to` (a renamed or moved table), copying what it changes. */
  retargetReferences(from: string, to: string): void {
    for (const [key, table] of this.writable().tables) {
      if (!table.constraints.some((c) => c.references?.table === from)) continue;
      const own = this.writableTable(key)!;
      for (const c of own.constraints) if (c.references?.table === from) c.references = { ...c.references, table: to };
    }
  }
}

/** The table part of a DDLX column reference, as a qualified name. */
export function columnRefTable(ref: A.ColumnRef): A.QualifiedName {
  const span = { start: (ref.schema ?? ref.table).span.start, end: ref.table.span.end };
  return ref.schema ? { schema: ref.schema, name: ref.table, span } : { name: ref.table, span };
}
