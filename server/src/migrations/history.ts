/**
 * The migration history as @databases/pg-migrations 5.0.3 keeps it (the tool Electric's starter applies migrations
 * with), so that a project can switch between it and this engine in either direction, mid-history, and Electric's
 * migrations proxy still recognises the history insert. Pure: SQL text, row types and the checks on what a
 * database holds; the targets run the SQL.
 *
 * Replicated from node_modules/@databases/pg-migrations/lib/PostgresDatabaseEngine.js and
 * @databases/migrations-base/lib (runCommand.js, validateMigrationsSequence.js, MigrationContext.js):
 * - `atdatabases_migrations_version (id INTEGER NOT NULL PRIMARY KEY, version TEXT)` holds one row, id 0, with the
 *   package version that last upgraded the layout; no row reads as "0.0.0".
 * - Upgrading from below 2.0.0 creates `atdatabases_migrations_applied`; no later version changes that layout.
 * - Both tables are named without a schema, so they live wherever `search_path` puts them (normally `public`).
 * - Rows with `obsolete = true` are ignored; matching a row to a file is by `index`, not by name.
 */

/** The @databases/pg-migrations release whose layout this engine writes (the version row it creates). */
export const PG_MIGRATIONS_VERSION = '5.0.3';
/** pg-migrations creates the applied table when upgrading from a version below this one. */
const APPLIED_TABLE_SINCE = '2.0.0';

export const VERSION_TABLE = 'atdatabases_migrations_version';
export const APPLIED_TABLE = 'atdatabases_migrations_applied';

/** One row of `atdatabases_migrations_applied`. */
export interface HistoryRow {
  index: number;
  /** The file name when it was applied (e.g. `01-create_items.sql`). */
  name: string;
  /** The file's text exactly as it was read when applied (pg-migrations compares it to detect edits). */
  script: string;
  appliedAt: Date;
  /** Set by `pg-migrations ignore-error`: one of the `IGNORABLE_ERRORS` the user chose to accept for this row. */
  ignoredError: string | null;
  obsolete: boolean;
}

/** The `ignored_error` values pg-migrations writes, by the check each one silences. */
export const IGNORABLE_ERRORS = {
  missing: 'migration_file_missing',
  edited: 'migration_file_edited',
  outOfOrder: 'migration_order_change',
} as const;

/** An SQL identifier in double quotes, with embedded quotes doubled (Postgres' quoting rule). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const versionTable = quoteIdentifier(VERSION_TABLE);
const appliedTable = quoteIdentifier(APPLIED_TABLE);

/** The statements the engine runs on the history, in pg-migrations' words ($n parameters, never interpolated). */
export const HISTORY_SQL = {
  /** pg-migrations runs this on every start (`checkDatabaseVersion`); we only when about to write. */
  createVersionTable: `CREATE TABLE IF NOT EXISTS ${versionTable} (\n  id INTEGER NOT NULL PRIMARY KEY,\n  version TEXT\n)`,
  createAppliedTable:
    `CREATE TABLE ${appliedTable} (\n  id BIGSERIAL NOT NULL PRIMARY KEY,\n  index INT NOT NULL,\n  name TEXT NOT NULL,\n` +
    `  script TEXT NOT NULL,\n  applied_at TIMESTAMPTZ NOT NULL,\n  ignored_error TEXT NULL,\n  obsolete BOOLEAN NOT NULL\n)`,
  selectVersion: `SELECT version FROM ${versionTable} WHERE id=0`,
  updateVersion: `UPDATE ${versionTable} SET version=$1 RETURNING id`,
  insertVersion: `INSERT INTO ${versionTable} (id, version) VALUES (0, $1)`,
  selectApplied: `SELECT index, name, script, applied_at, ignored_error, obsolete FROM ${appliedTable}`,
  /** pg-migrations' `markAsApplied` guard: a live row for this index means another applier got there first. */
  selectAppliedIndex: `SELECT applied_at FROM ${appliedTable} WHERE index=$1 AND obsolete=$2`,
  /**
   * Exactly the text pg-migrations sends (through @databases/sql's formatting), as a parameterised (extended
   * protocol) query: Electric's proxy reads the migration version from the bound values of an INSERT into
   * `atdatabases_migrations_applied` with these six columns, and only handles that insert in extended mode.
   */
  insertApplied:
    `INSERT INTO ${appliedTable}\n  (\n    index, name, script,\n    applied_at, ignored_error, obsolete\n  )\nVALUES\n` +
    `  (\n    $1, $2, $3,\n    $4,\n    $5,\n    $6\n  )`,
  /**
   * Which history tables exist where `search_path` finds them, and their columns. `to_regclass` resolves an
   * unqualified name the way the statements above will, so we inspect the tables they would touch.
   */
  describeTables:
    `SELECT t.name AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS column_type,\n` +
    `       a.attnotnull AS not_null, a.atthasdef AS has_default\n` +
    `FROM (VALUES ($1::text), ($2::text)) AS t(name)\n` +
    `JOIN pg_attribute a ON a.attrelid = to_regclass(quote_ident(t.name)) AND a.attnum > 0 AND NOT a.attisdropped\n` +
    `ORDER BY t.name, a.attnum`,
} as const;

/** Parameters of `HISTORY_SQL.insertApplied`, in its column order. */
export function insertAppliedParams(row: HistoryRow): [number, string, string, Date, string | null, boolean] {
  return [row.index, row.name, row.script, row.appliedAt, row.ignoredError, row.obsolete];
}

/** A column as `HISTORY_SQL.describeTables` returns it. */
export interface TableColumn {
  table: string;
  column: string;
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

/** The columns pg-migrations creates and reads, with the types `format_type` names. */
const EXPECTED_COLUMNS: Record<string, Record<string, string>> = {
  [VERSION_TABLE]: { id: 'integer', version: 'text' },
  // `id` (BIGSERIAL) is neither read nor written by pg-migrations; any type with a default will do, which the
  // NOT NULL check on extra columns below covers.
  [APPLIED_TABLE]: {
    index: 'integer',
    name: 'text',
    script: 'text',
    applied_at: 'timestamp with time zone',
    ignored_error: 'text',
    obsolete: 'boolean',
  },
};

/** What the database holds of the history, before anything is written. */
export type HistoryLayout =
  /** No history tables: nothing applied yet; writing creates them. */
  | { kind: 'empty' }
  /** The version table only, without its row (pg-migrations created it, then stopped). Writing adds the rest. */
  | { kind: 'versionTableOnly' }
  /** Both tables; `version` is the pg-migrations version recorded in the row id 0. */
  | { kind: 'present'; version: string }
  /** Something this engine must not read or write; `problem` says what, in one line. */
  | { kind: 'unusable'; problem: string };

/**
 * Judges the history tables: their columns (from `describeTables`) and the version row (`undefined` when there
 * is none, `null` when its `version` is NULL). Pure; the caller queries.
 */
export function judgeHistory(columns: readonly TableColumn[], versionRow: string | null | undefined): HistoryLayout {
  const byTable = new Map<string, TableColumn[]>();
  for (const c of columns) byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  const hasVersionTable = byTable.has(VERSION_TABLE);
  const hasAppliedTable = byTable.has(APPLIED_TABLE);
  for (const [table, found] of byTable) {
    const problem = columnProblem(table, found);
    if (problem) return { kind: 'unusable', problem };
  }
  if (!hasVersionTable) {
    if (!hasAppliedTable) return { kind: 'empty' };
    return { kind: 'unusable', problem: `table ${APPLIED_TABLE} exists but ${VERSION_TABLE} does not; pg-migrations creates both, so this history was not written by it` };
  }
  if (versionRow === undefined) {
    if (!hasAppliedTable) return { kind: 'versionTableOnly' };
    return { kind: 'unusable', problem: `${VERSION_TABLE} has no row with id 0 although ${APPLIED_TABLE} exists; pg-migrations would not know which layout it is` };
  }
  if (versionRow === null) {
    return { kind: 'unusable', problem: `the row id 0 of ${VERSION_TABLE} has no version; this history does not match the layout of @databases/pg-migrations` };
  }
  const version = parseVersion(versionRow);
  if (!version) return { kind: 'unusable', problem: `${VERSION_TABLE} records version "${versionRow}", which is not a version number` };
  if (compareVersions(version, parseVersion(PG_MIGRATIONS_VERSION)!) > 0) {
    return {
      kind: 'unusable',
      problem: `the history was written by @databases/pg-migrations ${versionRow}, newer than the ${PG_MIGRATIONS_VERSION} layout this tool knows; apply with that version of pg-migrations`,
    };
  }
  if (compareVersions(version, parseVersion(APPLIED_TABLE_SINCE)!) < 0) {
    return {
      kind: 'unusable',
      problem: `the history was written by @databases/pg-migrations ${versionRow}, older than ${APPLIED_TABLE_SINCE}, whose layout this tool does not read; run pg-migrations ${PG_MIGRATIONS_VERSION} once to upgrade it`,
    };
  }
  if (!hasAppliedTable) {
    return { kind: 'unusable', problem: `${VERSION_TABLE} records version ${versionRow} but table ${APPLIED_TABLE} does not exist` };
  }
  return { kind: 'present', version: versionRow };
}

function columnProblem(table: string, found: readonly TableColumn[]): string | undefined {
  const expected = EXPECTED_COLUMNS[table];
  if (!expected) return undefined;
  const byName = new Map(found.map((c) => [c.column, c]));
  for (const [column, type] of Object.entries(expected)) {
    const actual = byName.get(column);
    if (!actual) return `table ${table} has no column "${column}"; it does not have the layout of @databases/pg-migrations`;
    if (actual.type !== type) {
      return `column ${table}.${column} is ${actual.type}, expected ${type}; the table does not have the layout of @databases/pg-migrations`;
    }
  }
  // Extra columns are harmless unless the history insert would fail on them.
  const blocking = found.find((c) => !(c.column in expected) && c.notNull && !c.hasDefault);
  if (blocking) {
    return `table ${table} has an unexpected NOT NULL column "${blocking.column}" without a default; pg-migrations' history insert would fail`;
  }
  return undefined;
}

type Version = [number, number, number];

/** `x.y.z` (a pre-release or build suffix is ignored: pg-migrations only ever writes release versions). */
function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Live rows in pg-migrations' order: obsolete rows dropped, sorted by index, then by when they were applied.
 */
export function liveHistory(rows: readonly HistoryRow[]): HistoryRow[] {
  return rows
    .filter((r) => !r.obsolete)
    .sort((a, b) => a.index - b.index || a.appliedAt.getTime() - b.appliedAt.getTime());
}
