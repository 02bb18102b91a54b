/**
 * The migration AST, in the pgsql-ast-parser style: discriminated unions on `kind`, names as located nodes,
 * a `span` (offsets into the file text, UTF-16 code units, end exclusive) on every node.
 *
 * The AST keeps what was written (type names as spelled, lower-cased); normalisation to Postgres' canonical
 * names (int → int4) is the schema layer's job.
 */

/** A half-open range of offsets into a file's text. */
export interface Span {
  start: number;
  end: number;
}

/** An identifier: unquoted names are folded to lower case (as Postgres does), quoted ones kept as written. */
export interface Name {
  name: string;
  quoted: boolean;
  span: Span;
}

/** `[schema.]name`. */
export interface QualifiedName {
  schema?: Name;
  name: Name;
  span: Span;
}

/** Source text the model keeps opaque (expressions, queries, bodies). */
export interface Opaque {
  text: string;
  span: Span;
}

/**
 * A column or attribute type as written. `name` is the lower-cased base name with single spaces between words,
 * e.g. `int`, `double precision`, `character varying`, `timestamp with time zone`, `bit varying`; for a
 * user-defined (possibly schema-qualified) type it is the type's own name and `qualified` holds the located name.
 * `%TYPE` references and `SETOF` are not column types and are not modelled here.
 */
export interface TypeName {
  name: string;
  qualified?: QualifiedName;
  /** The modifier texts inside `(…)`, e.g. `["255"]`, `["10", "2"]`; precision of `timestamp(3) with time zone` too. */
  modifiers: string[];
  modifiersSpan?: Span;
  /** Number of `[]` (or `ARRAY`) dimensions. */
  arrayDims: number;
  arraySpan?: Span;
  span: Span;
}

// ---------------------------------------------------------------------------------------------------------------
// Columns and constraints

export type ReferentialAction = 'cascade' | 'restrict' | 'no action' | 'set null' | 'set default';

export interface ReferencesClause {
  table: QualifiedName;
  columns: Name[];
  match?: 'full' | 'partial' | 'simple';
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  span: Span;
}

interface ConstraintBase {
  /** `CONSTRAINT name` prefix, when given. */
  constraintName?: Name;
  /** DEFERRABLE / INITIALLY … as written, when given. */
  deferrable?: boolean;
  span: Span;
}

export type ColumnConstraint =
  | (ConstraintBase & { kind: 'notNull' })
  | (ConstraintBase & { kind: 'null' })
  | (ConstraintBase & { kind: 'default'; expr: Opaque })
  | (ConstraintBase & { kind: 'primaryKey' })
  | (ConstraintBase & { kind: 'unique' })
  | (ConstraintBase & { kind: 'check'; expr: Opaque })
  | (ConstraintBase & { kind: 'references'; references: ReferencesClause })
  | (ConstraintBase & { kind: 'identity'; always: boolean })
  | (ConstraintBase & { kind: 'generated'; expr: Opaque; stored: boolean });

export interface ColumnDef {
  kind: 'column';
  name: Name;
  type: TypeName;
  collate?: QualifiedName;
  constraints: ColumnConstraint[];
  span: Span;
}

export type TableConstraint =
  | (ConstraintBase & { kind: 'primaryKey'; columns: Name[] })
  | (ConstraintBase & { kind: 'unique'; columns: Name[] })
  | (ConstraintBase & { kind: 'check'; expr: Opaque })
  /** `NOT NULL col` as a table constraint (Postgres 18); not a pg_constraint Electric rejects. */
  | (ConstraintBase & { kind: 'notNull'; columns: Name[] })
  | (ConstraintBase & { kind: 'foreignKey'; columns: Name[]; references: ReferencesClause })
  | (ConstraintBase & { kind: 'exclude'; expr: Opaque });

export interface TableConstraintElement {
  kind: 'tableConstraint';
  constraint: TableConstraint;
  span: Span;
}

/** `LIKE other [INCLUDING …]` inside CREATE TABLE. */
export interface LikeElement {
  kind: 'like';
  table: QualifiedName;
  span: Span;
}

export type TableElement = ColumnDef | TableConstraintElement | LikeElement;

// ---------------------------------------------------------------------------------------------------------------
// Statements

interface StatementBase {
  span: Span;
}

/** https://www.postgresql.org/docs/current/sql-createtable.html */
export interface CreateTableStatement extends StatementBase {
  kind: 'createTable';
  name: QualifiedName;
  ifNotExists: boolean;
  temporary: boolean;
  unlogged: boolean;
  elements: TableElement[];
  inherits: QualifiedName[];
  /** `PARTITION OF parent`: a partition (an ordinary table in pg_class terms only when not itself partitioned). */
  partitionOf?: QualifiedName;
  /** `PARTITION BY …`: a partitioned table (relkind `p`), which Electric cannot electrify. */
  partitionBy?: Span;
  /** `CREATE TABLE … AS query` / `OF type`: columns unknown to the model. */
  asQuery?: Opaque;
}

/** https://www.postgresql.org/docs/current/sql-createforeigntable.html (recognised so electrify can reject it) */
export interface CreateForeignTableStatement extends StatementBase {
  kind: 'createForeignTable';
  name: QualifiedName;
  ifNotExists: boolean;
  elements: TableElement[];
}

export type DropBehavior = 'cascade' | 'restrict';

/** One action of an ALTER TABLE (https://www.postgresql.org/docs/current/sql-altertable.html). */
export type AlterTableAction =
  | { kind: 'addColumn'; ifNotExists: boolean; column: ColumnDef; span: Span }
  | { kind: 'dropColumn'; ifExists: boolean; column: Name; behavior?: DropBehavior; span: Span }
  | { kind: 'alterColumnType'; column: Name; type: TypeName; collate?: QualifiedName; using?: Opaque; span: Span }
  | { kind: 'setDefault'; column: Name; expr: Opaque; span: Span }
  | { kind: 'dropDefault'; column: Name; span: Span }
  | { kind: 'setNotNull'; column: Name; span: Span }
  | { kind: 'dropNotNull'; column: Name; span: Span }
  | { kind: 'dropExpression'; column: Name; span: Span }
  | { kind: 'addIdentity'; column: Name; always: boolean; span: Span }
  | { kind: 'setIdentity'; column: Name; span: Span }
  | { kind: 'dropIdentity'; column: Name; span: Span }
  /** Column storage options Electric 0.8+ allows: SET STATISTICS / STORAGE / COMPRESSION, SET (…) / RESET (…). */
  | { kind: 'alterColumnStorage'; column: Name; option: 'statistics' | 'storage' | 'compression' | 'set' | 'reset'; span: Span }
  | { kind: 'addConstraint'; constraint: TableConstraint; notValid: boolean; span: Span }
  /** `ADD [CONSTRAINT c] {PRIMARY KEY | UNIQUE} USING INDEX i`; `constraintSpan` is the clause after ADD. */
  | { kind: 'addConstraintUsingIndex'; constraint: 'primaryKey' | 'unique'; constraintName?: Name; index: Name; constraintSpan: Span; span: Span }
  | { kind: 'alterConstraint'; constraintName: Name; span: Span }
  | { kind: 'validateConstraint'; constraintName: Name; span: Span }
  | { kind: 'dropConstraint'; constraintName: Name; ifExists: boolean; behavior?: DropBehavior; span: Span }
  | { kind: 'renameConstraint'; from: Name; to: Name; span: Span }
  | { kind: 'renameColumn'; from: Name; to: Name; span: Span }
  | { kind: 'renameTable'; to: Name; span: Span }
  | { kind: 'setSchema'; schema: Name; span: Span }
  | { kind: 'ownerTo'; span: Span }
  | { kind: 'trigger'; enable: boolean; mode?: 'always' | 'replica'; span: Span }
  | { kind: 'rule'; enable: boolean; span: Span }
  | { kind: 'rowLevelSecurity'; mode: 'enable' | 'disable' | 'force' | 'noForce'; span: Span }
  /** Table SET (…) / RESET (…) storage parameters. */
  | { kind: 'tableOptions'; reset: boolean; span: Span }
  | { kind: 'setAccessMethod'; span: Span }
  | { kind: 'setTablespace'; span: Span }
  | { kind: 'cluster'; span: Span }
  | { kind: 'setWithoutOids'; span: Span }
  | { kind: 'setLogged'; logged: boolean; span: Span }
  | { kind: 'inherit'; inherit: boolean; parent: QualifiedName; span: Span }
  | { kind: 'replicaIdentity'; span: Span }
  | { kind: 'attachPartition' | 'detachPartition'; partition: QualifiedName; span: Span }
  | { kind: 'of' | 'notOf'; span: Span };

/** https://www.postgresql.org/docs/current/sql-altertable.html */
export interface AlterTableStatement extends StatementBase {
  kind: 'alterTable';
  /** `ALTER FOREIGN TABLE` is modelled as an ALTER TABLE with this flag. */
  foreign: boolean;
  name: QualifiedName;
  ifExists: boolean;
  only: boolean;
  actions: AlterTableAction[];
}

export type DropObjectType =
  | 'table' | 'index' | 'type' | 'domain' | 'view' | 'materialized view' | 'function' | 'procedure' | 'trigger'
  | 'schema' | 'sequence' | 'extension' | 'foreign table' | 'policy' | 'rule' | 'aggregate' | 'operator'
  | 'role' | 'other';

/** DROP … (https://www.postgresql.org/docs/current/sql-droptable.html and siblings). */
export interface DropStatement extends StatementBase {
  kind: 'drop';
  objectType: DropObjectType;
  /** The keywords that name the object type, as written (e.g. `materialized view`). */
  objectKeywordsSpan: Span;
  ifExists: boolean;
  concurrently: boolean;
  names: QualifiedName[];
  /** `DROP TRIGGER t ON table` / `DROP POLICY p ON table` / `DROP RULE r ON table`. */
  onTable?: QualifiedName;
  behavior?: DropBehavior;
}

export interface IndexElement {
  column?: Name;
  expr?: Opaque;
  span: Span;
}

/** https://www.postgresql.org/docs/current/sql-createindex.html */
export interface CreateIndexStatement extends StatementBase {
  kind: 'createIndex';
  unique: boolean;
  concurrently: boolean;
  ifNotExists: boolean;
  name?: Name;
  table: QualifiedName;
  only: boolean;
  method?: Name;
  elements: IndexElement[];
  include: Name[];
  where?: Opaque;
}

/** https://www.postgresql.org/docs/current/sql-createtype.html */
export interface CreateTypeStatement extends StatementBase {
  kind: 'createType';
  name: QualifiedName;
  variant: 'enum' | 'composite' | 'range' | 'base' | 'shell';
  /** Enum labels (unquoted string contents). */
  values: { value: string; span: Span }[];
  /** Composite attributes. */
  attributes: ColumnDef[];
}

/** https://www.postgresql.org/docs/current/sql-createdomain.html */
export interface CreateDomainStatement extends StatementBase {
  kind: 'createDomain';
  name: QualifiedName;
  type: TypeName;
}

export type AlterTypeAction =
  | { kind: 'addValue'; value: string; valueSpan: Span; ifNotExists: boolean; position?: 'before' | 'after'; neighbor?: string; span: Span }
  | { kind: 'renameValue'; from: string; to: string; span: Span }
  | { kind: 'renameTo'; to: Name; span: Span }
  | { kind: 'other'; span: Span };

/** https://www.postgresql.org/docs/current/sql-altertype.html */
export interface AlterTypeStatement extends StatementBase {
  kind: 'alterType';
  name: QualifiedName;
  action: AlterTypeAction;
}

export interface CreateSchemaStatement extends StatementBase {
  kind: 'createSchema';
  name?: Name;
  ifNotExists: boolean;
}

export interface CreateExtensionStatement extends StatementBase {
  kind: 'createExtension';
  name: Name;
  ifNotExists: boolean;
}

export interface SequenceStatement extends StatementBase {
  kind: 'createSequence' | 'alterSequence';
  name: QualifiedName;
}

/** CREATE [OR REPLACE] FUNCTION / PROCEDURE: signature modelled, body opaque. */
export interface CreateFunctionStatement extends StatementBase {
  kind: 'createFunction';
  procedure: boolean;
  orReplace: boolean;
  name: QualifiedName;
  language?: string;
  body?: Opaque;
}

/** https://www.postgresql.org/docs/current/sql-createtrigger.html */
export interface CreateTriggerStatement extends StatementBase {
  kind: 'createTrigger';
  orReplace: boolean;
  constraint: boolean;
  name: Name;
  table: QualifiedName;
  function?: QualifiedName;
}

/** CREATE [OR REPLACE] [MATERIALIZED | RECURSIVE] VIEW: the query is opaque. */
export interface CreateViewStatement extends StatementBase {
  kind: 'createView';
  orReplace: boolean;
  materialized: boolean;
  name: QualifiedName;
  query?: Opaque;
}

/** https://www.postgresql.org/docs/current/sql-comment.html */
export interface CommentStatement extends StatementBase {
  kind: 'comment';
  objectType: string;
  /** The commented object's name: for COLUMN, `table.column` with the column as the last part. */
  target: Name[];
}

/** Postgres' own GRANT / REVOKE (not DDLX). */
export interface PgPrivilegeStatement extends StatementBase {
  kind: 'pgGrant';
  revoke: boolean;
  tables: QualifiedName[];
}

export interface InsertStatement extends StatementBase {
  kind: 'insert';
  table: QualifiedName;
  columns: Name[];
}

export interface UpdateStatement extends StatementBase {
  kind: 'update' | 'delete';
  table: QualifiedName;
}

export interface TruncateStatement extends StatementBase {
  kind: 'truncate';
  tables: QualifiedName[];
}

/** SELECT / WITH / VALUES / TABLE / MERGE: opaque queries (e.g. `SELECT pg_sleep(1)`). */
export interface QueryStatement extends StatementBase {
  kind: 'query';
  keyword: string;
}

export interface TransactionStatement extends StatementBase {
  kind: 'transaction';
  verb: 'begin' | 'start' | 'commit' | 'end' | 'rollback' | 'abort' | 'savepoint' | 'release' | 'prepare';
}

/** SET / RESET. For `SET search_path`, `searchPath` lists the schemas. */
export interface SetStatement extends StatementBase {
  kind: 'set';
  reset: boolean;
  parameter: string;
  searchPath?: Name[];
}

export interface CallArgument {
  /** The string constant's content when the argument is one (`'public."Items"'` → `public."Items"`). */
  string?: string;
  text: string;
  span: Span;
}

/** CALL proc(args) (https://www.postgresql.org/docs/current/sql-call.html), other than `electric.electrify`. */
export interface CallStatement extends StatementBase {
  kind: 'call';
  procedure: QualifiedName;
  args: CallArgument[];
}

/** DO [LANGUAGE l] $$ … $$: Electric's proxy rejects every one. */
export interface DoStatement extends StatementBase {
  kind: 'do';
  keywordSpan: Span;
  body: Opaque;
}

/** A valid statement the grammar does not model in detail: only its leading keywords are kept. */
export interface OtherStatement extends StatementBase {
  kind: 'other';
  keywords: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// DDLX (electric-ddlx.md §a.3)

/**
 * Syntax the docs show but Electric's released parser (0.7–0.12) rejects (electric-ddlx.md §a.3 items 1–9).
 * The parser accepts it so that the rules can say precisely what Electric would do.
 */
export type DdlxUnreleasedFeature =
  | 'privilege-list'
  | 'all-privileges'
  | 'on-table'
  | 'bare-anyone'
  | 'bare-authenticated'
  | 'dotted-name'
  | 'is-null'
  | 'prefix-not'
  | 'table-list'
  | 'role-list'
  | 'if-without-parentheses'
  | 'float-constant';

export interface DdlxUnreleased {
  feature: DdlxUnreleasedFeature;
  span: Span;
}

/** `schema.table.column` / `table.column` in ASSIGN … TO, or a dynamic role. */
export interface ColumnRef {
  schema?: Name;
  table: Name;
  column: Name;
  span: Span;
}

/**
 * A role in ASSIGN/UNASSIGN/GRANT/REVOKE.
 * - `string`: `'role'` or `'scope:role'` (`value` is the string's content);
 * - `column`: a dynamic role `table.column` / `schema.table.column`;
 * - `identifier`: a bare identifier (parses, always rejected by Electric);
 * - `anyone` / `authenticated`: the bare keywords (unreleased syntax).
 */
export interface DdlxRole {
  form: 'string' | 'column' | 'identifier' | 'anyone' | 'authenticated';
  value?: string;
  /** Span of the string content (inside the quotes) for `string` roles. */
  valueSpan?: Span;
  column?: ColumnRef;
  identifier?: Name;
  /** A scope written outside the string: `(scope, role)` or `scope:role`. `name` undefined means `NULL`. */
  scope?: { form: 'tuple' | 'colon'; name?: QualifiedName; span: Span };
  span: Span;
}

/** CHECK (…) / IF (…) expressions: kept as text; unreleased constructs are listed on the statement. */
export interface DdlxExpression extends Opaque {
  parenthesized: boolean;
}

interface DdlxBase extends StatementBase {
  /** The `ELECTRIC` keyword (or `ALTER` for the ALTER TABLE spelling). */
  keywordSpan: Span;
  unreleased: DdlxUnreleased[];
  /** Every identifier written in the statement, in order, for the reserved-word check. */
  identifiers: Name[];
}

export interface EnableElectricStatement extends DdlxBase {
  kind: 'enableElectric' | 'disableElectric';
  /** `ALTER TABLE t ENABLE ELECTRIC`, `ELECTRIC ENABLE t`, or `CALL electric.electrify('t')`. */
  syntax: 'alterTable' | 'electric' | 'call';
  table: QualifiedName;
}

export interface AssignStatement extends DdlxBase {
  kind: 'assign' | 'unassign';
  role: DdlxRole;
  user: ColumnRef;
  ifExpr?: DdlxExpression;
}

export interface DdlxPrivilege {
  /** `select`, `insert`, `update`, `delete`, `all`, `read`, `write`. */
  name: string;
  span: Span;
}

export interface GrantStatement extends DdlxBase {
  kind: 'grant' | 'revoke';
  privileges: DdlxPrivilege[];
  columns?: Name[];
  tables: QualifiedName[];
  roles: DdlxRole[];
  using?: { path: Name[]; span: Span };
  check?: DdlxExpression;
}

export interface SqliteStatement extends DdlxBase {
  kind: 'sqlite';
  body: Opaque;
}

export type DdlxStatement = EnableElectricStatement | AssignStatement | GrantStatement | SqliteStatement;

export type Statement =
  | CreateTableStatement
  | CreateForeignTableStatement
  | AlterTableStatement
  | DropStatement
  | CreateIndexStatement
  | CreateTypeStatement
  | CreateDomainStatement
  | AlterTypeStatement
  | CreateSchemaStatement
  | CreateExtensionStatement
  | SequenceStatement
  | CreateFunctionStatement
  | CreateTriggerStatement
  | CreateViewStatement
  | CommentStatement
  | PgPrivilegeStatement
  | InsertStatement
  | UpdateStatement
  | TruncateStatement
  | QueryStatement
  | TransactionStatement
  | SetStatement
  | CallStatement
  | DoStatement
  | OtherStatement
  | DdlxStatement;

export type StatementKind = Statement['kind'];

const DDLX_KINDS: ReadonlySet<StatementKind> = new Set([
  'enableElectric', 'disableElectric', 'assign', 'unassign', 'grant', 'revoke', 'sqlite',
]);

export function isDdlx(statement: Statement): statement is DdlxStatement {
  return DDLX_KINDS.has(statement.kind);
}
