/** Helpers of the rules about electrified tables (./alterElectrified.ts, ./addColumn.ts). */
import type { Catalog, TableInfo } from '../schema/catalog';
import type * as A from '../syntax/ast';
import { quotedTable } from './names';
import type { RelatedInfo } from './types';

/** The table when it exists and is electrified as of this statement. */
export function electrifiedTable(catalog: Catalog, name: A.QualifiedName): TableInfo | undefined {
  const table = catalog.table(name);
  return table?.electrified ? table : undefined;
}

/** Where the table was electrified, for `relatedInformation`. */
export function electrifiedHere(table: TableInfo): RelatedInfo[] {
  return [{ at: table.electrified!.at, message: `${quotedTable(table.key)} is electrified here` }];
}

/**
 * The span without surrounding whitespace. Some AST nodes (`UNIQUE`, `PRIMARY KEY` column constraints followed by
 * another clause) end after the blanks that follow them; a diagnostic should cover the clause only.
 */
export function trimSpan(text: string, span: A.Span): A.Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
