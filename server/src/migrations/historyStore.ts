/**
 * Reading and writing the pg-migrations history through a `Target` (the SQL and the judgement are in history.ts).
 * Reading never writes: status and dry runs leave a database without history tables as they found it.
 */
import {
  APPLIED_TABLE,
  HISTORY_SQL,
  insertAppliedParams,
  judgeHistory,
  PG_MIGRATIONS_VERSION,
  VERSION_TABLE,
  type HistoryLayout,
  type HistoryRow,
  type TableColumn,
} from './history';
import { ApplyStartError, type Target } from './target';

export interface StoredHistory {
  layout: Exclude<HistoryLayout, { kind: 'unusable' }>;
  rows: HistoryRow[];
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  column_type: string;
  not_null: boolean;
  has_default: boolean;
}

interface AppliedRow {
  index: number;
  name: string;
  script: string;
  applied_at: Date | string;
  ignored_error: string | null;
  obsolete: boolean;
}

/** Reads the history; tables this engine must not touch are `ApplyStartError('history')`. */
export async function readHistory(target: Target): Promise<StoredHistory> {
  const columns: TableColumn[] = (await target.query<ColumnRow>(HISTORY_SQL.describeTables, [VERSION_TABLE, APPLIED_TABLE])).map((c) => ({
    table: c.table_name,
    column: c.column_name,
    type: c.column_type,
    notNull: c.not_null,
    hasDefault: c.has_default,
  }));
  let versionRow: string | null | undefined;
  if (columns.some((c) => c.table === VERSION_TABLE)) {
    const rows = await target.query<{ version: string | null }>(HISTORY_SQL.selectVersion);
    versionRow = rows.length > 0 ? rows[0].version : undefined;
  }
  const layout = judgeHistory(columns, versionRow);
  if (layout.kind === 'unusable') throw new ApplyStartError('history', `${target.description}: ${layout.problem}`);
  if (layout.kind !== 'present') return { layout, rows: [] };
  const rows = (await target.query<AppliedRow>(HISTORY_SQL.selectApplied)).map((r) => ({
    index: Number(r.index),
    name: r.name,
    script: r.script,
    appliedAt: r.applied_at instanceof Date ? r.applied_at : new Date(r.applied_at),
    ignoredError: r.ignored_error,
    obsolete: r.obsolete,
  }));
  return { layout, rows };
}

/**
 * Creates the history tables where there are none, as pg-migrations does on its first run (version table, then in
 * one transaction the applied table and the version row). An existing history, whatever pg-migrations version
 * wrote it, is left exactly as it is.
 */
export async function prepareHistory(target: Target, layout: StoredHistory['layout']): Promise<void> {
  if (layout.kind === 'present') return;
  await target.exec('BEGIN');
  try {
    await target.exec(HISTORY_SQL.createVersionTable);
    await target.exec(HISTORY_SQL.createAppliedTable);
    const updated = await target.query<{ id: number }>(HISTORY_SQL.updateVersion, [PG_MIGRATIONS_VERSION]);
    if (!updated.some((r) => Number(r.id) === 0)) await target.query(HISTORY_SQL.insertVersion, [PG_MIGRATIONS_VERSION]);
    await target.exec('COMMIT');
  } catch (error) {
    await target.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Inside the file's transaction: false when a live row for this index exists (another applier was faster). */
export async function indexIsFree(target: Target, index: number): Promise<boolean> {
  return (await target.query(HISTORY_SQL.selectAppliedIndex, [index, false])).length === 0;
}

/** Inside the file's transaction: the history row, as pg-migrations writes it. */
export async function recordApplied(target: Target, row: HistoryRow): Promise<void> {
  await target.query(HISTORY_SQL.insertApplied, insertAppliedParams(row));
}
