/**
 * The fold over a migration sequence: files in migration order, statements in file order, each applied to the
 * catalog. A visitor sees every statement with the catalog as it was *before* that statement, which is what every
 * rule means by "as of this point".
 */
import type { Statement } from '../syntax/ast';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import { applyStatement } from './apply';
import { Catalog } from './catalog';
import type { StatementAnchor } from './model';
import { noteUnmodelled } from './unmodelled';

export interface FoldFile {
  /** The path diagnostics and locations carry. */
  path: string;
  parsed: ParsedFile;
}

export interface StatementVisit {
  statement: Statement;
  parsed: ParsedStatement;
  /** The statement's anchor: locations recorded for it are relative to it. */
  anchor: StatementAnchor;
  /** The schema before this statement. Read it; do not change it. */
  catalog: Catalog;
}

/** One anchor per statement of a parsed file, at the statements' current offsets. */
export function anchorsOf(path: string, parsed: ParsedFile): StatementAnchor[] {
  return parsed.statements.map((s) => ({ file: path, start: s.span.start }));
}

/**
 * Folds the statements of one file into `catalog` (which it changes), in order, up to the first statement that
 * starts at or after `stopAt`. Statements with syntax errors are not applied, but what they meant to create must
 * not cascade into "unknown table" everywhere after them.
 */
export function foldFile(catalog: Catalog, parsed: ParsedFile, anchors: readonly StatementAnchor[], visit?: (v: StatementVisit) => void, stopAt = Infinity): void {
  parsed.statements.forEach((statement, i) => {
    if (statement.span.start >= stopAt) return;
    if (!statement.ast) {
      noteUnmodelled(catalog, statement.text);
      return;
    }
    visit?.({ statement: statement.ast, parsed: statement, anchor: anchors[i], catalog });
    applyStatement(catalog, statement.ast, anchors[i], statement.text);
  });
}

/** Folds `files` (in migration order) into a new catalog. For tests and one-off questions; the workspace keeps snapshots. */
export function foldMigrations(files: readonly FoldFile[]): Catalog {
  const catalog = new Catalog();
  for (const file of files) foldFile(catalog, file.parsed, anchorsOf(file.path, file.parsed));
  return catalog.freeze();
}

/** The schema as of `offset` in file `fileIndex`: earlier files, then the statements above the offset. */
export function catalogAt(files: readonly FoldFile[], fileIndex: number, offset: number): Catalog {
  const catalog = new Catalog();
  files.slice(0, fileIndex + 1).forEach((file, i) => foldFile(catalog, file.parsed, anchorsOf(file.path, file.parsed), undefined, i === fileIndex ? offset : Infinity));
  return catalog.freeze();
}
