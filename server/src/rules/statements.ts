/**
 * Statements that fail whatever the tables (product.md §4): `do-block` (the proxy rejects every DO block,
 * electric-ddlx.md §d.1, §f.5), `duplicate-table` and `duplicate-column` (Postgres rejects them: 42P07, 42701).
 */
import type { ColumnInfo } from '../schema/catalog';
import type * as A from '../syntax/ast';
import { quotedTable } from './names';
import type { StatementCheck } from './context';
import type { Finding } from './types';

/** Any DO block, 0.7+ (range: the DO keyword). */
const doBlock: StatementCheck = ({ statement }) => {
  if (statement.kind !== 'do') return [];
  const electrifies = /electric\s*\.\s*electrify\b|\benable\s+electric\b/i.test(statement.body.text);
  return [
    {
      code: 'do-block',
      span: statement.keywordSpan,
      message:
        `Electric's migrations proxy rejects every DO block ("Unsupported DO...END block in migration"), and with it ` +
        `the whole migration file. ${electrifies ? 'Electrify tables with a plain ALTER TABLE … ENABLE ELECTRIC statement, not conditionally. ' : ''}` +
        `Write the statements out plainly (CREATE TABLE IF NOT EXISTS, ALTER TABLE … ADD COLUMN IF NOT EXISTS), ` +
        `or put procedural logic in a function (CREATE FUNCTION … ; SELECT f();).`,
      data: { keywordSpan: statement.keywordSpan, electrifies },
    },
  ];
};

/** CREATE TABLE of a relation that exists, without IF NOT EXISTS (range: the name). */
const duplicateTable: StatementCheck = ({ statement, catalog }) => {
  if (statement.kind !== 'createTable' || statement.ifNotExists || statement.temporary) return [];
  const existing = catalog.tables.get(catalog.creationKey(statement.name));
  if (!existing) return [];
  const what = existing.kind === 'table' || existing.kind === 'partitioned' ? 'table' : existing.kind;
  return [
    {
      code: 'duplicate-table',
      span: statement.name.span,
      message:
        `Postgres rejects this: relation "${existing.name}" already exists (42P07): ${what} ${quotedTable(existing.key)} ` +
        `is created by an earlier statement, and the failure rolls back the whole migration. Change the existing table ` +
        `with ALTER TABLE, or write CREATE TABLE IF NOT EXISTS if the statement may run against it on purpose.`,
      related: [{ at: existing.definedAt, message: `${quotedTable(existing.key)} is created here` }],
      data: { table: existing.key },
    },
  ];
};

/** A column defined twice in CREATE TABLE, or added again by ADD COLUMN without IF NOT EXISTS (range: its name). */
const duplicateColumn: StatementCheck = ({ statement, catalog, locate }) => {
  if (statement.kind === 'createTable' || statement.kind === 'createForeignTable') {
    const seen = new Map<string, A.ColumnDef>();
    const findings: Finding[] = [];
    for (const element of statement.elements) {
      if (element.kind !== 'column') continue;
      const first = seen.get(element.name.name);
      if (!first) {
        seen.set(element.name.name, element);
        continue;
      }
      findings.push({
        code: 'duplicate-column',
        span: element.name.span,
        message:
          `Postgres rejects this: column "${element.name.name}" specified more than once (42701). ` +
          `Remove one of the definitions, or give this column another name.`,
        related: [{ at: locate(first.name.span), message: `"${element.name.name}" is first defined here` }],
        data: { column: element.name.name },
      });
    }
    return findings;
  }
  if (statement.kind !== 'alterTable') return [];
  const table = catalog.table(statement.name);
  if (!table) return [];
  // The columns as the statement goes along (a column added twice in one ALTER TABLE fails too): the table's own,
  // minus those dropped, plus those added so far. Looked up, never copied: a table may have thousands of columns.
  const added = new Map<string, A.Span>();
  const dropped = new Set<string>();
  const existingColumn = (name: string): { defined?: ColumnInfo; addedAt?: A.Span } | undefined => {
    const addedAt = added.get(name);
    if (addedAt) return { addedAt };
    const defined = dropped.has(name) ? undefined : table.columns.get(name);
    return defined ? { defined } : undefined;
  };
  const findings: Finding[] = [];
  for (const action of statement.actions) {
    if (action.kind === 'dropColumn') {
      dropped.add(action.column.name);
      added.delete(action.column.name);
    }
    if (action.kind !== 'addColumn') continue;
    const name = action.column.name.name;
    const existing = existingColumn(name);
    if (existing && !action.ifNotExists) {
      findings.push({
        code: 'duplicate-column',
        span: action.column.name.span,
        message:
          `Postgres rejects this: column "${name}" of relation "${table.name}" already exists (42701). ` +
          `Choose another name, or write ADD COLUMN IF NOT EXISTS if the column may exist on purpose.`,
        related: existing.defined
          ? [{ at: existing.defined.definedAt, message: `"${name}" is defined here` }]
          : [{ at: locate(existing.addedAt!), message: `"${name}" is added here` }],
        data: { table: table.key, column: name },
      });
    }
    if (!existing) added.set(name, action.column.name.span);
  }
  return findings;
};

export const STATEMENT_CHECKS_GENERAL: readonly StatementCheck[] = [doBlock, duplicateTable, duplicateColumn];
