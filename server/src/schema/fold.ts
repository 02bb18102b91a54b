/**
 * The fold over a migration sequence: files in migration order, statements in file order, each applied to one
 * Catalog. A visitor sees every statement with the catalog as it was *before* that statement, which is what every
 * rule means by "as of this point".
 */
import type { Statement } from '../syntax/ast';
import type { ParsedFile, ParsedStatement } from '../syntax/parsed';
import { Catalog } from './catalog';

export interface FoldFile {
  /** The path diagnostics and locations carry. */
  path: string;
  parsed: ParsedFile;
}

export interface StatementVisit {
  statement: Statement;
  parsed: ParsedStatement;
  file: FoldFile;
  fileIndex: number;
  /** The schema before this statement. Read it; do not change it. */
  catalog: Catalog;
}

/** Where to stop: before the first statement of `fileIndex` that starts at or after `offset`. */
export interface FoldStop {
  fileIndex: number;
  offset: number;
}

/** Folds `files` (in migration order) and returns the final catalog; statements with syntax errors are not applied. */
export function foldMigrations(files: readonly FoldFile[], visit?: (v: StatementVisit) => void, stop?: FoldStop): Catalog {
  const catalog = new Catalog();
  for (let fileIndex = 0; fileIndex < files.length; fileIndex++) {
    if (stop && fileIndex > stop.fileIndex) break;
    const file = files[fileIndex];
    for (const parsed of file.parsed.statements) {
      if (stop && fileIndex === stop.fileIndex && parsed.span.start >= stop.offset) return catalog;
      if (!parsed.ast) {
        // What a broken statement meant to create must not cascade into "unknown table" everywhere after it.
        catalog.noteUnmodelled(parsed.text);
        continue;
      }
      visit?.({ statement: parsed.ast, parsed, file, fileIndex, catalog });
      catalog.apply(parsed.ast, { file: file.path, fileIndex }, parsed.text);
    }
  }
  return catalog;
}

/** The schema as of `offset` in file `fileIndex`: earlier files, then the statements above the offset. */
export function catalogAt(files: readonly FoldFile[], fileIndex: number, offset: number): Catalog {
  return foldMigrations(files, undefined, { fileIndex, offset });
}
